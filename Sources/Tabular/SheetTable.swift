/// A table for a spreadsheet: like ``Table``, but every column has a kind and every cell a typed
/// value, so a workbook writer can store counts as numbers, days as dates and identifiers as text.
///
/// Rows are checked against the column kinds when appended: a text cell belongs in a text or
/// identifier column, a number in a number column, a date in a date column; an empty cell fits
/// anywhere. A mismatch is a programming error, like a row longer than the header.
public struct SheetTable: Sendable, Equatable {
    /// What a column holds, which decides how a spreadsheet stores and shows its cells.
    public enum Kind: Sendable, Hashable {
        /// Free text: names, addresses, words. Text that looks like a formula stays text.
        case text
        /// Digits that are not a quantity (phone, account, tax code, BIN): stored as text with
        /// the text number format `@`, so leading zeros stay and nothing turns them into numbers.
        case identifier
        /// A number shown through an Excel number format code such as `0`, `#,##0` or `0.0%`.
        case number(format: String)
        /// A calendar day, shown as dd/mm/yyyy.
        case date

        /// Whole numbers without grouping. Not for ids: they are ``identifier``s, exact at any size.
        public static let integer = Kind.number(format: "0")
        /// Whole numbers with thousands grouped in the reader's locale (counts).
        public static let count = Kind.number(format: "#,##0")
        /// A fraction shown as a percent with one decimal (`0.889` shows as `88.9%`).
        public static let percent = Kind.number(format: "0.0%")
    }

    /// One column: its header and its kind.
    public struct Column: Sendable, Equatable {
        public var header: String
        public var kind: Kind

        public init(_ header: String, _ kind: Kind = .text) {
            self.header = header
            self.kind = kind
        }
    }

    /// The worksheet's name (at most 31 characters, none of `[ ] : * ? / \`).
    public var name: String
    public let columns: [Column]
    /// The data rows, each as long as ``columns``.
    public private(set) var rows: [[SheetCell]]
    /// Rows after the data, such as a roll-up total: outside the filter, shown bold.
    public private(set) var footer: [[SheetCell]]
    /// Lines of text below the table (title, notes), not part of the data.
    public var notes: [String]

    /// An empty table; the worksheet name is checked by the workbook writer, not here.
    public init(name: String, columns: [Column], notes: [String] = []) {
        self.name = name
        self.columns = columns
        self.rows = []
        self.footer = []
        self.notes = notes
    }

    /// Appends a data row; a short row is padded with empty cells.
    public mutating func append(_ row: [SheetCell]) {
        rows.append(checked(row))
    }

    /// Appends a footer row; a short row is padded with empty cells.
    public mutating func appendFooter(_ row: [SheetCell]) {
        footer.append(checked(row))
    }

    /// Indexes of the identifier columns (for ``CSVWriter/identifierColumns``).
    public var identifierColumns: Set<Int> {
        Set(columns.indices.filter { columns[$0].kind == .identifier })
    }

    /// The same rows as text cells, for CSV: numbers in plain digits (a dot before decimals,
    /// percents as their fraction), dates as `dateText` writes them, empty cells empty.
    /// Numbers are right-aligned. Notes are left out.
    public func textTable(dateText: (SheetDate) -> String) -> Table {
        func text(_ cell: SheetCell) -> String {
            switch cell {
            case .empty: ""
            case .text(let value): value
            case .number(let value): SheetCell.plainNumber(value)
            case .date(let day): dateText(day)
            }
        }
        return Table(
            columns: columns.map { column in
                if case .number = column.kind {
                    Table.Column(column.header, alignment: .right)
                } else {
                    Table.Column(column.header)
                }
            },
            rows: rows.map { $0.map(text) },
            footer: footer.map { $0.map(text) })
    }

    private func checked(_ row: [SheetCell]) -> [SheetCell] {
        precondition(row.count <= columns.count, "row has \(row.count) cells for \(columns.count) columns")
        for (cell, column) in zip(row, columns) {
            precondition(cell.fits(column.kind), "a \(cell) cell in the \(column.kind) column \"\(column.header)\"")
        }
        return row + Array(repeating: .empty, count: columns.count - row.count)
    }
}

/// One typed cell of a ``SheetTable``.
public enum SheetCell: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case date(SheetDate)

    /// A whole number (exact up to 2^53, far beyond any count here; ids are text, never numbers).
    public static func integer(_ value: Int) -> SheetCell { .number(Double(value)) }

    /// A text cell, or an empty one when the text is missing or empty.
    public init(text: String?) {
        if let text, !text.isEmpty { self = .text(text) } else { self = .empty }
    }

    func fits(_ kind: SheetTable.Kind) -> Bool {
        switch (self, kind) {
        case (.empty, _), (.text, .text), (.text, .identifier), (.number, .number), (.date, .date): true
        default: false
        }
    }

    /// `12` for whole numbers, else Swift's shortest round-tripping form (`0.889`).
    static func plainNumber(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return String(value)
    }
}

/// A calendar day for a spreadsheet cell (no time, no time zone).
public struct SheetDate: Sendable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}
