import DelimitedText
import Foundation

/// A line of an id list that is not a merchant id.
public struct MerchantIDListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number and the field found there.
    public let line: Int
    public let field: String

    public init(line: Int, field: String) {
        self.line = line
        self.field = field
    }

    public var description: String { "line \(line): \"\(field)\" is not a merchant id" }
}

/// A list of merchant ids, as volunteers keep them (`mark --from`): one per line (the first
/// comma-separated field, so a CSV export works too), blank lines and `#` comments skipped. A
/// first line without a digit (`merchant_id`, `Mã cơ sở`) is a header; any other line that is not
/// a positive id is invalid — never skipped silently, so a mistyped id (`1O2`) cannot vanish.
public struct MerchantIDList: Sendable, Equatable {
    /// The valid ids, in file order.
    public var ids: [Int64] = []
    /// The invalid lines, in file order.
    public var invalid: [MerchantIDListError] = []

    /// Reads every line of `text`.
    public init(_ text: String) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            add(line, number: index + 1)
        }
    }

    /// Reads the file at `path` line by line (``DelimitedText/LineReader``): a line longer than
    /// ``DelimitedText/LineReader/defaultMaxLineBytes`` refuses the file
    /// (``DelimitedText/DelimitedTextError/lineTooLong(path:line:limit:)``), whatever its id.
    public init(path: String) throws(DelimitedTextError) {
        var reader = try LineReader(path: path)
        while let line = try reader.next() { add(Substring(line), number: reader.lineNumber) }
    }

    private mutating func add(_ line: Substring, number: Int) {
        let field =
            line.split(separator: ",", maxSplits: 1).first
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        if field.isEmpty || field.hasPrefix("#") { return }
        if let id = Int64(field), id > 0 {
            ids.append(id)
        } else if number == 1 && !field.contains(where: \.isNumber) {
            return
        } else {
            invalid.append(MerchantIDListError(line: number, field: field))
        }
    }
}
