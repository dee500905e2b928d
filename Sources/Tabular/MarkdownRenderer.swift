import Foundation

/// Renders a ``Table`` as a GitHub-flavoured Markdown table (pipes in cells escaped).
public struct MarkdownRenderer: Sendable {
    public init() {}

    /// The table as Markdown lines, header and alignment row first, the footer as ordinary rows;
    /// line breaks in cells become spaces.
    public func render(_ table: Table) -> String {
        func escape(_ cell: String) -> String {
            cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "| " + table.columns.map { escape($0.header) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.alignment == .right ? "---:|" : "---|" }.joined() + "\n"
        for row in table.rows + table.footer {
            out += "| " + row.map(escape).joined(separator: " | ") + " |\n"
        }
        return out
    }
}
