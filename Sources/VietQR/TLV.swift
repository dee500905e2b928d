/// One EMV data object: a two-digit ID and its value.
///
/// In a payload it is written ID, length, value: `ID` two digits `00`–`99`, `length` two
/// digits `01`–`99` counting the value's characters, then the value (EMV QRCPS MPM §4.1).
/// Characters are Unicode scalars: for the ASCII fields that is bytes, and the only field that
/// may hold other scripts (the language template, tag 64) is counted the same way.
public struct TLVField: Sendable, Equatable, Hashable, Codable {
    /// The two-digit ID, `00`–`99`.
    public let tag: String
    /// The value, 1–99 characters (Unicode scalars) in a valid payload.
    public let value: String

    /// A data object as given; lengths are checked when it is written or read, not here.
    public init(tag: String, value: String) {
        self.tag = tag
        self.value = value
    }
}

/// Reading and writing sequences of EMV data objects.
enum TLV {
    /// A field as read, with the scalar offset where its ID starts (for error messages).
    struct Located {
        var field: TLVField
        var offset: Int
    }

    /// Splits `scalars` into data objects; `path` prefixes tags in errors (`"38."` for sub-tags).
    static func read(_ scalars: ArraySlice<Unicode.Scalar>, path: String = "") throws(VietQRError) -> [Located] {
        var result: [Located] = []
        var index = scalars.startIndex
        let base = scalars.startIndex
        while index < scalars.endIndex {
            let offset = index - base
            guard scalars.endIndex - index >= 4 else {
                throw VietQRError(tag: nil, .truncatedHeader(offset: offset, path: path))
            }
            guard let id = twoDigits(scalars[index], scalars[index + 1]) else {
                throw VietQRError(tag: nil, .nonDigitTag(offset: offset, path: path))
            }
            let tag = path + id.text
            guard let length = twoDigits(scalars[index + 2], scalars[index + 3]) else {
                throw VietQRError(tag: tag, .nonDigitLength(offset: offset + 2))
            }
            guard length.value > 0 else { throw VietQRError(tag: tag, .zeroLength(offset: offset + 2)) }
            let valueStart = index + 4
            let available = scalars.endIndex - valueStart
            guard length.value <= available else {
                throw VietQRError(tag: tag, .lengthOverrunsData(declared: length.value, available: available))
            }
            var value = String.UnicodeScalarView()
            value.append(contentsOf: scalars[valueStart..<(valueStart + length.value)])
            if result.contains(where: { $0.field.tag == id.text }) {
                throw VietQRError(tag: tag, .duplicateTag)
            }
            result.append(Located(field: TLVField(tag: id.text, value: String(value)), offset: offset))
            index = valueStart + length.value
        }
        return result
    }

    /// Appends `ID length value` to `out` as UTF-8, the length counted in Unicode scalars.
    static func write(tag: String, value: String, into out: inout [UInt8]) {
        writeHeader(tag: tag, length: value.unicodeScalars.count, into: &out)
        out.append(contentsOf: value.utf8)
    }

    /// Appends `ID length value` for a value known to be ASCII (one byte per character).
    static func writeASCII(tag: String, value: String, into out: inout [UInt8]) {
        writeHeader(tag: tag, length: value.utf8.count, into: &out)
        out.append(contentsOf: value.utf8)
    }

    /// Appends `ID length`; the value (1–99 characters) must follow.
    static func writeHeader(tag: String, length: Int, into out: inout [UInt8]) {
        precondition((1...99).contains(length) && tag.utf8.count == 2, "invalid data object \(tag) of length \(length)")
        out.append(contentsOf: tag.utf8)
        out.append(UInt8(ascii: "0") + UInt8(length / 10))
        out.append(UInt8(ascii: "0") + UInt8(length % 10))
    }

    /// The data objects as a string, in the order given.
    static func encode(_ fields: [TLVField]) -> String {
        var out: [UInt8] = []
        for field in fields { write(tag: field.tag, value: field.value, into: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    private static func twoDigits(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> (value: Int, text: String)? {
        guard ("0"..."9").contains(a), ("0"..."9").contains(b) else { return nil }
        let value = Int(a.value - 48) * 10 + Int(b.value - 48)
        return (value, String(Character(a)) + String(Character(b)))
    }
}
