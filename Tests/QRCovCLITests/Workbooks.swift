import Foundation

/// Reads an XLSX the way a user's spreadsheet would, with openpyxl (`Tests/Tools/xlsx-cells.py`
/// run by the system Python, which has python3-openpyxl): per sheet its name, frozen pane,
/// filter range and cells with their kind (text, number, date), value and number format.
enum Workbooks {
    struct Sheet: Decodable {
        var name: String
        var freeze: String?
        var filter: String?
        var rows: [[Cell]]
    }

    struct Cell: Decodable, Equatable {
        var kind: String
        var text: String?
        var number: Double?
        var format: String
    }

    static func read(_ url: URL) throws -> [Sheet] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/xlsx-cells.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let json = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ReadError(path: url.path) }
        return try JSONDecoder().decode([Sheet].self, from: json)
    }

    /// openpyxl could not read the file.
    struct ReadError: Error {
        var path: String
    }
}

extension Workbooks.Cell {
    /// A text cell as openpyxl reports it.
    static func text(_ value: String, format: String = "General") -> Self {
        Self(kind: "text", text: value, number: nil, format: format)
    }
    /// A number cell.
    static func number(_ value: Double, format: String) -> Self {
        Self(kind: "number", text: nil, number: value, format: format)
    }
    /// A date cell (value as YYYY-MM-DD).
    static func date(_ iso: String) -> Self { Self(kind: "date", text: iso, number: nil, format: "dd/mm/yyyy") }
    /// What is shown when the cell is read as a value: text, a date, or a number.
    var value: String { text ?? number.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "" }
}
