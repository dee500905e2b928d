import BankSync
import Concurrency
import FileOutput
import Foundation
import Tabular

/// A CSV file `sync import` writes (the plan, the rejects): records buffered in memory up to
/// 1 MiB at a time, written through a temporary file that ``commit()`` renames into place, so a
/// failed import leaves no half-written file (and an import that writes none leaves none).
///
/// Nothing is created until ``create()`` or the first record: an import that has nothing to
/// write there needs no writable folder for it.
public final class SyncCSVFile {
    /// The file being written.
    public let path: String
    private var output: AtomicOutput?
    private let records: SpreadsheetRecords
    private var buffer: [UInt8] = []
    /// Data records written so far.
    public private(set) var count = 0

    /// `identifierColumns`: the columns whose digit-only cells are kept as text (``SpreadsheetRecords``).
    public init(path: String, header: [String], identifierColumns: Set<Int>) {
        self.path = path
        records = SpreadsheetRecords(identifierColumns: identifierColumns)
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: [0xEF, 0xBB, 0xBF])  // UTF-8 BOM: Excel then reads Vietnamese text as UTF-8
        records.appendHeader(header, to: &buffer)
    }

    /// Creates the temporary file unless it exists; throws when `path` is a folder or its folder
    /// does not take the file.
    public func create() throws(FileWriteError) {
        if output == nil { output = try AtomicOutput(path: path) }
    }

    public func append(_ cells: [String]) throws(FileWriteError) {
        try create()
        records.append(cells, to: &buffer)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends a plan entry as a record (after ``create()``: the plan's entries are appended on a
    /// thread of their own).
    public func append(_ entry: PlanEntry) throws(FileWriteError) {
        entry.write(to: &buffer, as: records)
        count += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(FileWriteError) {
        try create()
        try output?.write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the records held in memory and closes the temporary file, if it was created
    /// (``AtomicOutput/finishWriting()``): an import calls it before its transaction commits, so
    /// that a full disk stops the import, and only the rename is left for ``commit()``. Idempotent.
    public func finishWriting() throws(FileWriteError) {
        guard let output else { return }
        try flush()
        try output.finishWriting()
    }

    /// Removes the file's temporary file unless it was committed.
    public func discard() { output?.discard() }

    /// Writes what is left and renames the file into place (creating it if no record came).
    public func commit() throws(FileWriteError) {
        try flush()
        try output?.commit()
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
///
/// Each file is created when it is first needed, and always before the import's transaction
/// commits: the plan with the first row (an import that applies anything has rows), the rejects
/// with the first invalid row. So an import whose rejects folder is read-only succeeds when no
/// row is invalid, a file already imported or without rows needs neither folder, and a file that
/// cannot be created stops the import (exit 73) with the registry unchanged. Only a dry run of a
/// file without rows creates its (empty) plan at ``commit(for:)``: it changes nothing anyway.
/// Every byte is written before the commit too (the sink's `planned`), so a full disk stops the
/// import as well; after the commit only the renames are left.
public final class BankImportFiles {
    public let plan: SyncCSVFile
    public let rejects: SyncCSVFile
    /// The first rejections as `file:line: reason`, for a message.
    public private(set) var firstRejections: [String] = []
    private let inputName: String
    private let keptRejections: Int
    private let planWriter: BackgroundWriter<PlanEntry>
    private let rowWriter = CSVWriter()

    /// The files for the bank file `input`, created when first needed: the plan at `planPath`
    /// (default: beside the input), the rejects at `rejectsPath`; `keptRejections` of the
    /// rejections are kept for ``firstRejections``.
    public init(input: String, planPath: String?, rejectsPath: String?, keptRejections: Int) {
        inputName = input
        self.keptRejections = keptRejections
        let plan = SyncCSVFile(
            path: planPath ?? SyncCSVFile.defaultPath(besides: input, suffix: "plan"), header: PlanEntry.columns,
            identifierColumns: PlanEntry.identifierColumns)
        self.plan = plan
        rejects = SyncCSVFile(
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
            entries: { [plan, planWriter] entries in
                // Created here, on the planning thread, with the first row: a plan that cannot be
                // written stops the import before its transaction commits.
                try plan.create()
                for entry in entries { try planWriter.append(entry) }
            },
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
