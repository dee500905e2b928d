import Foundation
import Tabular

extension Workbook {
    /// Writes a whole workbook of ``SheetTable``s to `path`, atomically (see ``Workbook``), one
    /// worksheet per table in order. Throws ``XLSXError`` as ``addSheet(_:)`` and ``close()`` do;
    /// then whatever was at `path` is untouched.
    public static func write(_ tables: [SheetTable], to path: String) throws(XLSXError) {
        let workbook = try Workbook(path: path)
        for table in tables { try workbook.addSheet(table) }
        try workbook.close()
    }

    /// Adds a worksheet holding `table`: the header in row 1, bold and frozen; the data rows with
    /// an autofilter over them; the footer rows bold after them; the notes below a blank row.
    /// Cells are stored by their column's kind (identifiers as text in the `@` format, numbers
    /// and dates as values with the column's format), and every column is as wide as its
    /// content (capped), with its format set for cells typed in later.
    ///
    /// Returns the worksheet. Throws ``XLSXError/invalidContent(path:place:reason:)`` for a
    /// refused sheet name (see ``addWorksheet(named:)``), a table beyond Excel's size, text with a
    /// NUL, a number that is not finite, or a date outside 1900–9999.
    @discardableResult
    public func addSheet(_ table: SheetTable) throws(XLSXError) -> Worksheet {
        let sheet = try addWorksheet(named: table.name)
        let styles = table.columns.map { CellStyle(kind: $0.kind) }
        let widths = ColumnWidths.of(table)
        for column in table.columns.indices {
            try sheet.setColumn(column, width: widths[column], style: styles[column])
            try sheet.write(table.columns[column].header, row: 0, column: column, style: CellStyle(bold: true))
        }
        var row = 1
        for cells in table.rows {
            try sheet.write(cells, row: row, styles: styles)
            row += 1
        }
        if !table.columns.isEmpty {
            try sheet.autofilter(rows: 0...table.rows.count, columns: 0...(table.columns.count - 1))
        }
        for cells in table.footer {
            try sheet.write(cells, row: row, styles: styles.map(\.emphasized))
            row += 1
        }
        row += 1
        for note in table.notes {
            try sheet.write(note, row: row, column: 0)
            row += 1
        }
        try sheet.freezePanes(rows: 1, columns: 0)
        return sheet
    }
}

extension Worksheet {
    /// One row of typed cells; empty cells are left out (the column's format covers them).
    func write(_ cells: [SheetCell], row: Int, styles: [CellStyle]) throws(XLSXError) {
        for (column, cell) in cells.enumerated() {
            switch cell {
            case .empty: continue
            case .text(let text): try write(text, row: row, column: column, style: styles[column])
            case .number(let number): try write(number, row: row, column: column, style: styles[column])
            case .date(let date): try write(date, row: row, column: column, style: styles[column])
            }
        }
    }
}

extension CellStyle {
    /// The style of a column's cells: `@` for identifiers, the number format for numbers,
    /// dd/mm/yyyy for dates, General for text.
    init(kind: SheetTable.Kind) {
        switch kind {
        case .text: self = .general
        case .identifier: self = .text
        case .number(let format): self.init(numberFormat: format)
        case .date: self = .date
        }
    }
}

/// Column widths from content: the longest cell as shown (header included), plus a margin.
enum ColumnWidths {
    /// Columns are never narrower than this, in characters.
    static let minimum = 6.0
    /// Nor wider: a reader widens a column to read a long address in full.
    static let maximum = 50.0

    /// The width of each column of `table`, in characters of the default font.
    static func of(_ table: SheetTable) -> [Double] {
        table.columns.indices.map { column in
            var longest = table.columns[column].header.count
            for row in table.rows + table.footer {
                longest = max(longest, shownLength(row[column], kind: table.columns[column].kind))
            }
            return min(max(Double(longest + 2), minimum), maximum)
        }
    }

    /// About how many characters a cell shows.
    static func shownLength(_ cell: SheetCell, kind: SheetTable.Kind) -> Int {
        switch cell {
        case .empty: return 0
        case .text(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
        case .date: return 10
        case .number(let value):
            guard case .number(let format) = kind else { return String(value).count }
            let percent = format.contains("%")
            let decimals = format.split(separator: ".").dropFirst().first?.prefix { $0 == "0" }.count ?? 0
            let shown = String(format: "%.\(decimals)f", percent ? value * 100 : value)
            let integerDigits = shown.prefix { $0 != "." }.filter(\.isNumber).count
            let separators = format.contains(",") ? max(0, (integerDigits - 1) / 3) : 0
            return shown.count + separators + (percent ? 1 : 0)
        }
    }
}
