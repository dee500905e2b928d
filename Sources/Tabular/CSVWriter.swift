import Foundation

/// Writes RFC 4180 CSV: fields with the delimiter, a quote, CR or LF are quoted, quotes doubled,
/// records end in CRLF.
///
/// With ``spreadsheetSafe`` on, the output is meant to be opened in Excel or LibreOffice:
/// - a cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab
///   or a CR) is prefixed with an apostrophe, so it shows as text and never runs (OWASP's
///   advice against CSV injection);
/// - cells of columns listed in ``identifierColumns`` (phone, account, tax code) are written
///   as `="0123"`, which spreadsheets keep as text with its leading zeros.
///
/// CSV that must read back byte for byte (`merchant export` without `--spreadsheet`, listings for
/// scripts) leaves `spreadsheetSafe` off; reports people open in a spreadsheet (`coverage
/// --format csv`) turn it on without identifier columns.
public struct CSVWriter: Sendable {
    /// The field separator (`,` or `;`); fields holding it are quoted.
    public var delimiter: Character
    /// Whether to neutralize formulas and keep identifiers as text (see the type's notes).
    public var spreadsheetSafe: Bool
    /// Indexes of identifier columns (only used when `spreadsheetSafe` is on).
    public var identifierColumns: Set<Int>

    public init(delimiter: Character = ",", spreadsheetSafe: Bool = false, identifierColumns: Set<Int> = []) {
        self.delimiter = delimiter
        self.spreadsheetSafe = spreadsheetSafe
        self.identifierColumns = identifierColumns
    }

    /// The whole table, header first, then rows and footer rows.
    public func render(_ table: Table) -> String {
        var out = record(table.columns.map(\.header), isHeader: true)
        for row in table.rows + table.footer { out += record(row) }
        return out
    }

    /// One record, CRLF-terminated. Header cells are never written as identifiers.
    public func record(_ cells: [String], isHeader: Bool = false) -> String {
        var out = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(delimiter) }
            out += field(cell, column: isHeader ? nil : index)
        }
        return out + "\r\n"
    }

    /// One field, neutralized and quoted as needed; `column` is its index, nil for a header cell.
    public func field(_ value: String, column: Int? = nil) -> String {
        var text = value
        if spreadsheetSafe, !text.isEmpty {
            if let column, identifierColumns.contains(column) {
                return quoted("=\"" + text.replacingOccurrences(of: "\"", with: "") + "\"")
            }
            if let first = text.unicodeScalars.first, Self.formulaTriggers.contains(first) {
                text = "'" + text
            }
        }
        return needsQuoting(text) ? quoted(text) : text
    }

    /// Characters that make a spreadsheet treat a cell as a formula.
    /// The full-width forms count too: spreadsheets read them as the ASCII signs.
    public static let formulaTriggers: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    private func needsQuoting(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\"" || $0 == "\n" || $0 == "\r" || Character($0) == delimiter }
            || text.first == " " || text.last == " "
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
