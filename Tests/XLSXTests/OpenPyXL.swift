import Foundation

/// A worksheet as openpyxl reads it (through `Tests/Tools/xlsx-cells.py`): an independent check
/// that what libxlsxwriter wrote is what a real reader sees.
struct ReadSheet: Decodable {
    struct Cell: Decodable {
        /// text, number, date, bool or empty.
        var kind: String
        /// Text, or a date as YYYY-MM-DD.
        var text: String?
        var number: Double?
        /// The Excel number format code (`General`, `@`, `0.0%`, `dd/mm/yyyy`).
        var format: String
        var bold: Bool
        /// openpyxl's data type: `s` string, `n` number, `d` date, `f` formula.
        var type: String
    }

    var name: String
    /// The top-left cell of the scrolling pane (`A2` when the first row is frozen).
    var freeze: String?
    /// The autofilter range (`A1:F3`).
    var filter: String?
    /// Column widths by column letter.
    var widths: [String: Double]
    var rows: [[Cell]]

    /// The cell at a zero-based row and column (empty beyond the written range).
    subscript(row: Int, column: Int) -> Cell {
        guard row < rows.count, column < rows[row].count else {
            return Cell(kind: "empty", text: nil, number: nil, format: "General", bold: false, type: "n")
        }
        return rows[row][column]
    }
}

enum OpenPyXL {
    /// The system Python, which has python3-openpyxl (the pyenv `python3` on PATH does not).
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tools/xlsx-cells.py").path

    /// Every worksheet of the workbook at `path`.
    static func read(_ path: String) throws -> [ReadSheet] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReadError(path: path, status: process.terminationStatus) }
        return try JSONDecoder().decode([ReadSheet].self, from: data)
    }

    struct ReadError: Error {
        var path: String
        var status: Int32
    }
}
