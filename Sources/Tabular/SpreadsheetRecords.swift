/// The records of the plan and rejects files as spreadsheet-safe CSV bytes (comma, CRLF):
/// exactly what Tabular's ``CSVWriter`` writes with `spreadsheetSafe` on, where a cell of digits
/// only in one of the `identifierColumns` (a phone, account, tax code) is kept as text
/// (`="0123"`) and any other cell is formula-neutralized. Plain cells take a byte-level path (a
/// plan has a line per row of a million-row file); anything else goes through ``CSVWriter``.
public struct SpreadsheetRecords: Sendable {
    private let writer = CSVWriter(delimiter: ",", spreadsheetSafe: true, identifierColumns: [0])
    /// The columns whose digit-only cells are identifiers.
    public let identifierColumns: Set<Int>
    private let isIdentifier: [Bool]

    public init(identifierColumns: Set<Int>) {
        self.identifierColumns = identifierColumns
        isIdentifier = (0...(identifierColumns.max() ?? 0)).map(identifierColumns.contains)
    }

    /// Appends a header record (written as is, quoted where needed).
    public func appendHeader(_ cells: [String], to out: inout [UInt8]) {
        out.append(contentsOf: writer.record(cells, isHeader: true).utf8)
    }

    /// Appends one data record.
    public func append(_ cells: [String], to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() { appendCell(cell, column: index, to: &out) }
        endRecord(&out)
    }

    /// Appends the cell in `column` (0-based) of the current record, with the comma before it.
    public func appendCell(_ cell: String, column: Int, to out: inout [UInt8]) {
        if column > 0 { out.append(UInt8(ascii: ",")) }
        var text = cell
        let identifier = column < isIdentifier.count && isIdentifier[column]
        let written = text.withUTF8 { bytes in
            if identifier && Self.isDigits(bytes) {
                out.append(contentsOf: #""="""#.utf8)
                out.append(contentsOf: bytes)
                out.append(contentsOf: #"""""#.utf8)
            } else if Self.isPlain(bytes) {
                out.append(contentsOf: bytes)
            } else {
                return false
            }
            return true
        }
        if !written { out.append(contentsOf: writer.field(cell, column: nil).utf8) }
    }

    /// Ends the current record (CRLF).
    public func endRecord(_ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
    }

    private static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A cell that needs neither quoting nor neutralizing: no quote, comma or line end; not
    /// starting with a formula trigger (`=` `+` `-` `@` tab, or a full-width form, lead byte
    /// 0xEF); no space at either end. Empty cells are plain.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if formulaLeadBytes.contains(first) || first == 0x20 || last == 0x20 { return false }
        for byte in bytes where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == 0x0A || byte == 0x0D
        {
            return false
        }
        return true
    }

    /// The first UTF-8 bytes of ``CSVWriter/formulaTriggers``: a cell starting with one of them
    /// may start a formula and goes through ``CSVWriter`` (a lead byte of a full-width form sends
    /// every cell starting with that block there, which is safe, only slower).
    private static let formulaLeadBytes: Set<UInt8> = Set(CSVWriter.formulaTriggers.map { String($0).utf8.first! })
}
