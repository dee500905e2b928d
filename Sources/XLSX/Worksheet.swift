import CXLSXWriter
import Tabular

/// One worksheet of a ``Workbook``: typed cells, column widths and formats, a frozen header,
/// an autofilter. Rows and columns count from 0; errors name the cell in A1 notation.
///
/// The throwing methods throw only ``XLSXError/invalidContent(path:place:reason:)``: for a row
/// or column outside ``maxRows`` × ``maxColumns``, or a value or setting Excel refuses.
public struct Worksheet {
    /// Excel's limit on rows.
    public static let maxRows = 1_048_576
    /// Excel's limit on columns.
    public static let maxColumns = 16_384

    let workbook: Workbook
    private let handle: UnsafeMutablePointer<lxw_worksheet>
    /// The worksheet's tab name.
    public let name: String

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    /// A text cell. Text that looks like a formula (`=1+1`) is stored as text and never runs;
    /// text with a NUL character is refused.
    public func write(_ text: String, row: Int, column: Int, style: CellStyle = .general) throws(XLSXError) {
        let (r, c) = try cell(row, column)
        guard !text.utf8.contains(0) else { throw invalid(row, column, "text contains a NUL character") }
        try check(worksheet_write_string(handle, r, c, text, workbook.format(style)), row, column)
    }

    /// A number cell, shown through the style's number format; a number that is not finite is
    /// refused.
    public func write(_ number: Double, row: Int, column: Int, style: CellStyle = .general) throws(XLSXError) {
        let (r, c) = try cell(row, column)
        guard number.isFinite else { throw invalid(row, column, "\(number) is not a finite number") }
        try check(worksheet_write_number(handle, r, c, number, workbook.format(style)), row, column)
    }

    /// A date cell (a real Excel date, not text), shown through the style's number format; a
    /// year outside 1900–9999, a month outside 1–12 or a day outside 1–31 is refused.
    public func write(_ date: SheetDate, row: Int, column: Int, style: CellStyle = .date) throws(XLSXError) {
        let (r, c) = try cell(row, column)
        guard (1900...9999).contains(date.year), (1...12).contains(date.month), (1...31).contains(date.day) else {
            throw invalid(
                row, column,
                "\(date.year)-\(date.month)-\(date.day) is not a date Excel can store (years 1900–9999)")
        }
        var value = lxw_datetime(
            year: Int32(date.year), month: Int32(date.month), day: Int32(date.day), hour: 0, min: 0, sec: 0)
        try check(worksheet_write_datetime(handle, r, c, &value, workbook.format(style)), row, column)
    }

    /// Sets a column's width (in characters of the default font) and the format of its empty cells.
    public func setColumn(_ column: Int, width: Double, style: CellStyle = .general) throws(XLSXError) {
        let (_, c) = try cell(0, column)
        try check(
            worksheet_set_column(handle, c, c, width, workbook.format(style)), 0, column,
            place: "column \(Self.columnName(column))")
    }

    /// Keeps the first `rows` rows and `columns` columns in view while scrolling.
    public func freezePanes(rows: Int, columns: Int) throws(XLSXError) {
        let (r, c) = try cell(rows, columns)
        worksheet_freeze_panes(handle, r, c)
    }

    /// Adds filter buttons to the first row of the range and filters the rows below it.
    public func autofilter(rows: ClosedRange<Int>, columns: ClosedRange<Int>) throws(XLSXError) {
        let (first, left) = try cell(rows.lowerBound, columns.lowerBound)
        let (last, right) = try cell(rows.upperBound, columns.upperBound)
        let topLeft = Self.cellName(rows.lowerBound, columns.lowerBound)
        let bottomRight = Self.cellName(rows.upperBound, columns.upperBound)
        let place = "filter \(topLeft):\(bottomRight)"
        try check(
            worksheet_autofilter(handle, first, left, last, right), rows.lowerBound, columns.lowerBound, place: place)
    }

    /// A cell's name in A1 notation (`B7` for row 6, column 1).
    public static func cellName(_ row: Int, _ column: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// A column's letters (`A`, `Z`, `AA`).
    public static func columnName(_ column: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + digit))), at: letters.startIndex)
            rest = (rest - 1) / 26
        }
        return letters
    }

    private func cell(_ row: Int, _ column: Int) throws(XLSXError) -> (lxw_row_t, lxw_col_t) {
        guard (0..<Self.maxRows).contains(row), (0..<Self.maxColumns).contains(column) else {
            throw .invalidContent(
                path: workbook.path, place: "worksheet \"\(name)\" row \(row + 1), column \(column + 1)",
                reason: "outside Excel's \(Self.maxRows) rows and \(Self.maxColumns) columns")
        }
        return (lxw_row_t(row), lxw_col_t(column))
    }

    private func check(_ status: lxw_error, _ row: Int, _ column: Int, place: String? = nil) throws(XLSXError) {
        guard status == LXW_NO_ERROR else {
            throw .invalidContent(
                path: workbook.path, place: "worksheet \"\(name)\" \(place ?? "cell \(Self.cellName(row, column))")",
                reason: Workbook.message(status))
        }
    }

    private func invalid(_ row: Int, _ column: Int, _ reason: String) -> XLSXError {
        .invalidContent(
            path: workbook.path, place: "worksheet \"\(name)\" cell \(Self.cellName(row, column))", reason: reason)
    }
}
