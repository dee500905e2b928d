/// UTF-8 decoding and encoding one scalar at a time, for the decoders and the detector.
enum UTF8Bytes {
    /// One step of decoding: a scalar and its length in bytes, a valid but unfinished sequence
    /// at the end of the bytes, or bytes that are not UTF-8.
    enum Step: Equatable {
        case scalar(UInt32, length: Int)
        case incomplete
        case invalid
    }

    /// Decodes the sequence starting at `index` (rejecting overlong forms, surrogates and values past U+10FFFF).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Step {
        let lead = bytes[index]
        if lead < 0x80 { return .scalar(UInt32(lead), length: 1) }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: return .invalid
        }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length {
            guard index + offset < bytes.count else { return .incomplete }
            let byte = bytes[index + offset]
            let range = offset == 1 ? low...high : 0x80...0xBF
            guard range.contains(byte) else { return .invalid }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return .scalar(value, length: length)
    }

    /// True when `bytes` are valid UTF-8; a valid but unfinished sequence at the very end passes
    /// when `allowIncompleteEnd` (a sample cut from a longer file).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, allowIncompleteEnd: Bool) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The forms Vietnamese text is made of, checked inline: any 2-byte sequence (lead C2–DF:
            // U+0080–U+07FF, Latin letters with marks among them) and a 3-byte one led by E1–EC (the
            // precomposed Vietnamese letters are E1 B8 80 – E1 BB BF), valid with any continuation bytes.
            if lead >= 0xC2 && lead <= 0xDF && index + 1 < count && bytes[index + 1] & 0xC0 == 0x80 {
                index += 2
                continue
            }
            if lead >= 0xE1 && lead <= 0xEC && index + 2 < count
                && bytes[index + 1] & 0xC0 == 0x80 && bytes[index + 2] & 0xC0 == 0x80
            {
                index += 3
                continue
            }
            switch decode(bytes, at: index) {
            case .scalar(_, let length): index += length
            case .incomplete: return allowIncompleteEnd
            case .invalid: return false
            }
        }
        return true
    }

    /// Appends the UTF-8 form of a scalar value.
    @inline(__always)
    static func append(_ value: UInt32, to output: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | value >> 6))
            output.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | value >> 12))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        default:
            output.append(UInt8(0xF0 | value >> 18))
            output.append(UInt8(0x80 | value >> 12 & 0x3F))
            output.append(UInt8(0x80 | value >> 6 & 0x3F))
            output.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
