import Foundation

/// A field's UTF-8 bytes checked and put in NFC form, doing as little as each field needs: ASCII is taken as
/// it is; text whose scalars can neither combine nor decompose (Latin up to U+02FF, the
/// precomposed Vietnamese letters U+1E00–U+1EFF, general punctuation and currency signs such as ₫)
/// is already NFC; only other text goes through Foundation's canonical composition.
enum FieldText {
    /// Why a field's bytes are not text.
    enum Failure: Error {
        case invalidUTF8
        case nulByte
    }

    /// The field as an NFC String (``check(_:)``, then the String).
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, Failure> {
        switch check(bytes) {
        case .asIs: .success(String(decoding: bytes, as: UTF8.self))
        case .normalized(let text): .success(text)
        case .failed(let failure): .failure(failure)
        }
    }

    /// What a field's bytes need, without making a String: nothing (ASCII, or text NFC leaves
    /// alone), their NFC form, or they are not text.
    enum Check {
        case asIs
        case normalized(String)
        case failed(Failure)
    }

    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Check {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .asIs }
        if memchr(base, 0, bytes.count) != nil { return .failed(.nulByte) }
        if isASCII(bytes) { return .asIs }
        guard UTF8Bytes.isValid(bytes, allowIncompleteEnd: false) else { return .failed(.invalidUTF8) }
        if isNFCWithoutChecking(bytes) { return .asIs }
        return .normalized(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping)
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var combined: UInt64 = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index + 8 <= bytes.count {
            combined |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(bytes[index])
            index += 1
        }
        return combined & 0x8080_8080_8080_8080 == 0
    }

    /// True when every scalar of the (valid UTF-8) bytes is one NFC leaves alone whatever surrounds
    /// it: U+0000–U+02FF, U+1E00–U+1EFF, U+2002–U+20CF.
    private static func isNFCWithoutChecking(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            switch lead {
            case 0..<0x80:
                index += 1
            case 0xC2...0xCB:
                index += 2
            case 0xE1 where (0xB8...0xBB).contains(bytes[index + 1]):
                index += 3
            case 0xE2
            where bytes[index + 1] == 0x80 && bytes[index + 2] >= 0x82
                || bytes[index + 1] == 0x81
                || bytes[index + 1] == 0x82
                || bytes[index + 1] == 0x83 && bytes[index + 2] < 0x90:
                index += 3
            default:
                return false
            }
        }
        return true
    }
}
