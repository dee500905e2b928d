import FileOutput
import Foundation
import Store
import Tabular

/// How ``MerchantImport`` runs.
public struct MerchantImportOptions: Sendable {
    /// Import rows that look like duplicates of existing merchants.
    public var force = false
    /// Import the valid rows and write the invalid ones to ``rejectsPath`` (by default any invalid
    /// row refuses the file).
    public var skipInvalid = false
    /// Where the invalid rows go with ``skipInvalid``.
    public var rejectsPath: String
    /// When the import happens (the merchants' created-at, the time of rows without `status_at`).
    public var now: Date

    public init(force: Bool = false, skipInvalid: Bool = false, rejectsPath: String, now: Date = Date()) {
        self.force = force
        self.skipInvalid = skipInvalid
        self.rejectsPath = rejectsPath
        self.now = now
    }

    /// `dir/name.rejects.csv` for `dir/name.csv` (other names: `name.rejects.csv` appended).
    public static func defaultRejectsPath(for file: String) -> String {
        (file.hasSuffix(".csv") ? String(file.dropLast(4)) : file) + ".rejects.csv"
    }
}

/// `merchant import`: a merchant CSV into the registry in one transaction
/// (``RegistryStore/importMerchants(from:force:skipInvalid:now:sink:)``), with its rejects file.
///
/// With `skipInvalid`, the rejects file is created (as a temporary file) before the transaction
/// starts, filled while the rows are checked and written whole before the transaction commits:
/// a rejects file that cannot be written (a full disk) rolls the import back, so a retry never
/// finds half an import. The file is renamed into place after the commit; that rename, in the
/// folder its temporary file was just written to, is the one step left that could still fail
/// (a target that became a folder or unwritable meanwhile), leaving the import without its rejects.
public enum MerchantImport {
    /// Imports `file` into `store`; `progress` gets the rows read so far. Throws what the store
    /// throws (``MerchantImportError``, ``Domain/RegistryError``) or a ``FileWriteError`` for the
    /// rejects file; either way nothing was imported and no rejects file written.
    public static func run(
        _ file: String, into store: any RegistryStore, options: MerchantImportOptions,
        progress: @escaping (Int) -> Void = { _ in }
    ) throws -> MerchantImportSummary {
        guard options.skipInvalid else {
            return try store.importMerchants(
                from: file, force: options.force, skipInvalid: false, now: options.now,
                sink: MerchantImportSink(progress: progress))
        }
        let rejects = try MerchantRejectsFile(path: options.rejectsPath)
        defer { rejects.discard() }
        let summary = try store.importMerchants(
            from: file, force: options.force, skipInvalid: true, now: options.now,
            sink: MerchantImportSink(
                rejection: { try rejects.append($0) }, progress: progress,
                finished: { try rejects.finishWriting() }))
        if summary.rejected > 0 { try rejects.commit() }
        return summary
    }
}

/// The rejects file of a merchant import: `line,field,reason,row`, one record per reason, the row
/// as read (so it can be fixed and imported again). Records are buffered up to 1 MiB and written
/// to a temporary file (``AtomicOutput``) that ``commit()`` renames into place.
final class MerchantRejectsFile {
    private let output: AtomicOutput
    private let writer = CSVWriter()
    private var buffer = ""

    init(path: String) throws(FileWriteError) {
        output = try AtomicOutput(path: path)
        buffer = writer.record(["line", "field", "reason", "row"], isHeader: true)
    }

    func append(_ rejection: MerchantImportRejection) throws(FileWriteError) {
        // The record without its line ending ("\r\n" is one Character in Swift).
        var row = writer.record(rejection.fields)
        while row.last?.isNewline == true { row.removeLast() }
        for error in rejection.errors {
            buffer += writer.record([String(rejection.line), error.field, error.message, row])
        }
        if buffer.utf8.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(FileWriteError) {
        try output.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the temporary file: only the rename is left.
    func finishWriting() throws(FileWriteError) {
        try flush()
        try output.finishWriting()
    }

    func commit() throws(FileWriteError) {
        try finishWriting()
        try output.commit()
    }

    /// Removes the temporary file unless it was committed.
    func discard() { output.discard() }
}
