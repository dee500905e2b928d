import Foundation

/// One record's fields as UTF-8 text end to end in one buffer (NFC, checked): what
/// ``DelimitedTextReader/nextFields()`` reads into. A field is `bytes[range(i)]`.
///
/// For ``DelimitedTextReader/next()`` the same record collects each field as a String instead
/// (``keepsStrings``): one UTF-8 check and no copy through the byte buffer.
public struct DelimitedFieldBytes: Sendable {
    /// The fields' UTF-8 bytes end to end, without separators; ``range(_:)`` finds one.
    public private(set) var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// Collect Strings (``takeStrings()``) instead of bytes.
    var keepsStrings = false
    private var strings: [String] = []

    /// A record with no fields.
    public init() {}

    mutating func reserve(bytes byteCount: Int, fields fieldCount: Int) {
        bytes.reserveCapacity(byteCount)
        ends.reserveCapacity(fieldCount)
    }

    /// The number of fields.
    public var count: Int { keepsStrings ? strings.count : ends.count }

    /// Where field `index` lies in ``bytes``.
    @inline(__always)
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Field `index` as a String.
    public func string(_ index: Int) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[range(index)]), as: UTF8.self)
        }
    }

    /// Every field as a String.
    public var fieldStrings: [String] { (0..<count).map(string) }

    /// The Strings collected under ``keepsStrings`` (the record keeps none after).
    mutating func takeStrings() -> [String] {
        var taken: [String] = []
        taken.reserveCapacity(strings.count)
        swap(&taken, &strings)
        return taken
    }

    /// Appends the Strings collected under ``keepsStrings`` to `fields`; the record keeps none
    /// (but keeps its storage for the next record).
    mutating func moveStrings(appendingTo fields: inout [String]) {
        fields.append(contentsOf: strings)
        strings.removeAll(keepingCapacity: true)
    }

    /// True when a field has something other than white space.
    var hasContent: Bool {
        if keepsStrings { return strings.contains { $0.contains { !$0.isWhitespace } } }
        return (0..<count).contains { index in
            let field = bytes[range(index)]
            guard field.allSatisfy({ $0 < 0x80 }) else { return string(index).contains { !$0.isWhitespace } }
            return field.contains { ![0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains($0) }
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        strings.removeAll(keepingCapacity: true)
    }

    /// Appends a field read from the file: its bytes as they are when they are ASCII or text NFC
    /// leaves alone, else their NFC form; nil when appended, else why the bytes are not text.
    mutating func append(_ field: UnsafeBufferPointer<UInt8>) -> FieldText.Failure? {
        if keepsStrings {
            switch FieldText.string(field) {
            case .success(let text): strings.append(text)
            case .failure(let failure): return failure
            }
            return nil
        }
        switch FieldText.check(field) {
        case .asIs: bytes.append(contentsOf: field)
        case .normalized(let text): bytes.append(contentsOf: text.utf8)
        case .failed(let failure): return failure
        }
        ends.append(bytes.count)
        return nil
    }
}
