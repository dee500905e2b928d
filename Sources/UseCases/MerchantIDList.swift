import Foundation

/// A line of an id list that is not a merchant id.
public struct MerchantIDListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number and the field found there.
    public let line: Int
    public let field: String

    public var description: String { "line \(line): \"\(field)\" is not a merchant id" }
}

/// A list of merchant ids, as volunteers keep them (`mark --from`): one per line (the first
/// comma-separated field, so a CSV export works too), blank lines and `#` comments skipped, a
/// first line that is not an id taken as a header.
public enum MerchantIDList {
    /// The ids of `text`, in order; throws for the first line (after the header) that is not a
    /// positive integer.
    public static func parse(_ text: String) throws(MerchantIDListError) -> [Int64] {
        var ids: [Int64] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let field =
                line.split(separator: ",", maxSplits: 1).first
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            if field.isEmpty || field.hasPrefix("#") { continue }
            guard let id = Int64(field), id > 0 else {
                if index == 0 { continue }
                throw MerchantIDListError(line: index + 1, field: field)
            }
            ids.append(id)
        }
        return ids
    }
}
