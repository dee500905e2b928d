import BankSync
import Concurrency
import FileOutput
import Foundation
import Tabular

/// A CSV file `sync import` writes (the plan, the rejects): records buffered in memory up to
/// 1 MiB at a time, written through a temporary file that ``commit()`` renames into place, so a
/// failed import leaves no half-written file (and an import that writes none leaves none).
public final class SyncCSVFile {
    /// The file being written.
    public let path: String
    private let output: AtomicOutput
    private let records: SpreadsheetRecords
    private var buffer: [UInt8] = []
    /// Data records written so far.
    public private(set) var count = 0

    /// `identifierColumns`: the columns whose digit-only cells are kept as text (``SpreadsheetRecords``).
    public init(path: String, header: [String], identifierColumns: Set<Int>) throws(FileWriteError) {
        self.path = path
        records = SpreadsheetRecords(identifierColumns: identifierColumns)
        output = try AtomicOutput(path: path)
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])  // UTF-8 BOM: Excel then reads Vietnamese text as UTF-8
        records.appendHeader(header, to: &buffer)
    }

    public func append(_ cells: [String]) throws(FileWriteError) {
        records.append(cells, to: &buffer)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a plan entry as a record.
    public func append(_ entry: PlanEntry) throws(FileWriteError) {
        entry.write(to: &buffer, as: records)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(FileWriteError) {
        try output.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Removes the file's temporary file unless it was committed.
    public func discard() { output.discard() }

    /// Writes what is left and closes the temporary file (``AtomicOutput/finishWriting()``): after
    /// it only ``commit()``'s rename is left. Idempotent.
    public func finishWriting() throws(FileWriteError) {
        try flush()
        try output.finishWriting()
    }

    /// Writes what is left and renames the file into place.
    public func commit() throws(FileWriteError) {
        try finishWriting()
        try output.commit()
    }

    /// `dir/name.plan.csv` for `dir/name.csv` (any extension), with `suffix` = `plan`.
    public static func defaultPath(besides input: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: input)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        let name = base.lastPathComponent + ".\(suffix).csv"
        let folder = (input as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}

/// The two files a bank import writes: the plan (every row's action, `<file>.plan.csv`) and the
/// rejects (every invalid row's reason, `<file>.rejects.csv`). The plan is formatted and written
/// on a thread of its own as the rows are planned, and is complete before the import commits; a
/// file is renamed into place only when the import's outcome calls for it (``commit(for:)``).
public final class BankImportFiles {
    public let plan: SyncCSVFile
    public let rejects: SyncCSVFile
    /// The first rejections as `file:line: reason`, for a message.
    public private(set) var firstRejections: [String] = []
    private let inputName: String
    private let keptRejections: Int
    private let planWriter: BackgroundWriter<PlanEntry>
    private let rowWriter = CSVWriter()

    /// Creates both files (as temporary files) for the bank file `input`: the plan at `planPath`
    /// (default: beside the input), the rejects at `rejectsPath`; `keptRejections` of the
    /// rejections are kept for ``firstRejections``.
    public init(input: String, planPath: String?, rejectsPath: String?, keptRejections: Int) throws(FileWriteError) {
        inputName = input
        self.keptRejections = keptRejections
        let plan = try SyncCSVFile(
            path: planPath ?? SyncCSVFile.defaultPath(besides: input, suffix: "plan"), header: PlanEntry.columns,
            identifierColumns: PlanEntry.identifierColumns)
        self.plan = plan
        rejects = try SyncCSVFile(
            path: rejectsPath ?? SyncCSVFile.defaultPath(besides: input, suffix: "rejects"),
            header: ["file", "line", "column", "value", "reason", "row"], identifierColumns: [3])
        planWriter = BackgroundWriter<PlanEntry> { try plan.append($0) }
    }

    deinit { planWriter.cancel() }

    /// Removes the temporary files of whatever was not committed (an import that failed, or an
    /// outcome without that file); idempotent.
    public func discard() {
        planWriter.cancel()
        plan.discard()
        rejects.discard()
    }

    /// The sink that writes the import's plan entries and rejections here; `progress` gets the
    /// bytes of the bank file read so far. Both files are written whole before the import's
    /// transaction commits, and a file that cannot be rolls the import back; ``commit(for:)``
    /// then only renames them into place. That rename, after the registry's commit, is the one
    /// step left that could still fail (a target that became a folder or unwritable meanwhile):
    /// the registry would then hold the import without its plan and rejects files.
    public func sink(progress: @escaping (Int) -> Void) -> SyncImportSink {
        SyncImportSink(
            entries: { [planWriter] entries in for entry in entries { try planWriter.append(entry) } },
            rejection: { [unowned self] rejection, fields in try self.reject(rejection, fields: fields) },
            progress: progress,
            planned: { [planWriter, plan, rejects] in
                try planWriter.finish()
                try plan.finishWriting()
                try rejects.finishWriting()
            })
    }

    private func reject(_ rejection: RowRejection, fields: [String]) throws {
        // The record as CSV without its line end ("\r\n" is one Character in Swift).
        var rowText = rowWriter.record(fields)
        while rowText.last?.isNewline == true { rowText.removeLast() }
        for issue in rejection.issues {
            try rejects.append([inputName, String(rejection.line), issue.column, issue.value, issue.reason, rowText])
            if firstRejections.count < keptRejections {
                firstRejections.append("\(inputName):\(rejection.line): \(issue)")
            }
        }
    }

    /// Puts in place the files the outcome calls for: the plan of a dry run or an applied import,
    /// and the rejects whenever rows were rejected.
    public func commit(for result: SyncImportResult) throws(FileWriteError) {
        defer { discard() }
        switch result {
        case .alreadyImported, .noRows: return
        case .rejected: try rejects.commit()
        case .planned(let counts):
            try plan.commit()
            if counts.rejected > 0 { try rejects.commit() }
        case .applied(let record):
            try plan.commit()
            if record.counts.rejected > 0 { try rejects.commit() }
        }
    }
}
