import BankSync
import Foundation

/// A CSV file `sync import` writes (the plan, the rejects): records buffered in memory up to
/// 1 MiB at a time, written through a temporary file that ``commit()`` renames into place, so a
/// failed import leaves no half-written file (and an import that writes none leaves none).
final class SyncCSVFile {
    let path: String
    private let output: AtomicOutput
    private let records: SpreadsheetRecords
    private var buffer: [UInt8] = []
    /// Data records written so far.
    private(set) var count = 0

    /// `identifierColumns`: the columns whose digit-only cells are kept as text (``SpreadsheetRecords``).
    init(path: String, header: [String], identifierColumns: Set<Int>) throws {
        self.path = path
        records = SpreadsheetRecords(identifierColumns: identifierColumns)
        output = try AtomicOutput(path: path)
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])  // UTF-8 BOM: Excel then reads Vietnamese text as UTF-8
        records.appendHeader(header, to: &buffer)
    }

    func append(_ cells: [String]) throws {
        records.append(cells, to: &buffer)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a plan entry as a record.
    func append(_ entry: PlanEntry) throws {
        entry.write(to: &buffer, as: records)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try output.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and renames the file into place.
    func commit() throws {
        try flush()
        try output.commit()
    }

    /// `dir/name.plan.csv` for `dir/name.csv` (any extension), with `suffix` = `plan`.
    static func defaultPath(besides input: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: input)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        let name = base.lastPathComponent + ".\(suffix).csv"
        let folder = (input as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
