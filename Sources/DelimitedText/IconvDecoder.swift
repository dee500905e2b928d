#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A conversion to UTF-8 through the system's iconv (Windows-1258, whose tone marks glibc
/// composes with the letter before them).
final class IconvDecoder: ChunkDecoder {
    private let converter: iconv_t
    private var carry: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: 1 << 16)

    /// Nil when this system's iconv cannot convert from `encodingName`.
    init?(from encodingName: String) {
        let converter = iconv_open("UTF-8", encodingName)
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        self.converter = converter
    }

    deinit { iconv_close(converter) }

    func decode(_ input: UnsafeBufferPointer<UInt8>, isLast: Bool, into output: inout [UInt8]) -> Bool {
        var bytes = carry
        bytes.append(contentsOf: input)
        carry = []
        var consumed = 0
        let valid = bytes.withUnsafeMutableBufferPointer { inputBuffer in
            scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                var inPointer = inputBuffer.baseAddress.map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: CChar.self)
                }
                var inLeft = inputBuffer.count
                let scratchStart = UnsafeMutableRawPointer(scratchBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = scratchStart
                    var outLeft = scratchBuffer.count
                    let result =
                        inLeft > 0 || !isLast
                        ? iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        : iconv(converter, nil, nil, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    output.append(
                        contentsOf: UnsafeBufferPointer(
                            start: scratchBuffer.baseAddress, count: scratchBuffer.count - outLeft))
                    consumed = inputBuffer.count - inLeft
                    switch failure {
                    case 0:
                        // All input taken; at the end, one more round flushes the shift state.
                        if inLeft == 0 && isLast && inPointer != nil {
                            inPointer = nil
                            continue
                        }
                        return true
                    case E2BIG:
                        continue
                    case EINVAL:
                        return !isLast
                    default:
                        return false
                    }
                }
            }
        }
        if valid && consumed < bytes.count { carry = Array(bytes[consumed...]) }
        return valid
    }
}
