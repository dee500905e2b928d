/// A rectangular table of text cells with a header row: the one shape every listing of
/// `qrcov` produces, rendered by ``TerminalRenderer``, ``CSVWriter`` or ``MarkdownRenderer``.
public struct Table: Sendable, Equatable {
    /// How a column's cells line up on a terminal or in Markdown.
    public enum Alignment: Sendable, Equatable {
        case left
        case right
    }

    /// One column: its header text and its alignment.
    public struct Column: Sendable, Equatable {
        public var header: String
        public var alignment: Alignment

        public init(_ header: String, alignment: Alignment = .left) {
            self.header = header
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    /// The body rows, each as long as ``columns``.
    public private(set) var rows: [[String]]
    /// Rows shown after a rule at the bottom, such as a roll-up total.
    public private(set) var footer: [[String]]

    /// A table of these rows, appended as ``append(_:)`` does (padded; longer than the header
    /// is a programming error).
    public init(columns: [Column], rows: [[String]] = [], footer: [[String]] = []) {
        self.columns = columns
        self.rows = []
        self.footer = []
        for row in rows { append(row) }
        for row in footer { appendFooter(row) }
    }

    /// Appends a row; a short row is padded with empty cells, a long one is a programming error.
    public mutating func append(_ row: [String]) {
        rows.append(normalized(row))
    }

    /// Appends a row to the footer (shown after a rule on a terminal, as ordinary rows in CSV).
    public mutating func appendFooter(_ row: [String]) {
        footer.append(normalized(row))
    }

    private func normalized(_ row: [String]) -> [String] {
        precondition(row.count <= columns.count, "row has \(row.count) cells for \(columns.count) columns")
        return row + Array(repeating: "", count: columns.count - row.count)
    }
}
