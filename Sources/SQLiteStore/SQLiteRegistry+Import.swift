import Concurrency
import Coverage
import DelimitedText
import Domain
import Foundation
import GRDB
import HashIndex
import Store
import VietQR

extension SQLiteRegistry {
    /// Imports a merchant CSV (``MerchantCSV``) in one transaction.
    ///
    /// Every row is validated and checked for duplicates (against the registry and earlier rows);
    /// with `skipInvalid` false any bad row rejects the whole file (``MerchantImportError/invalidRows(_:totalRejected:)``,
    /// nothing written); with `skipInvalid` true the valid rows are imported and each bad row is
    /// passed to the sink. The sink's `progress` receives the number of rows read so far; its
    /// `finished` runs last, before the transaction commits.
    public func importMerchants(
        from path: String, force: Bool = false, skipInvalid: Bool = false, now: Date = Date(),
        sink: MerchantImportSink = MerchantImportSink()
    ) throws -> MerchantImportSummary {
        let (reader, layout) = try Self.openImportFile(path)
        let expectedRows = SQLiteRegistry.estimatedRows(path)
        let keys = try read { db in try DuplicateKeys(db, expectedRows: expectedRows) }

        // Rows are read, validated and encoded on a second thread while this one writes the previous ones.
        let parsed = BatchChannel<MerchantRowBatch>(capacity: 8)
        MerchantRowParser(
            reader: reader,
            encoder: MerchantRowEncoder(
                layout: layout, validator: MerchantValidator(communes: communes), eventsOutsideOpenDays: force)
        )
        .start(into: parsed)
        defer {
            parsed.cancel()
            parsed.waitUntilFinished()
        }

        return try bulkWrite { db in
            var run = MerchantImportRun(
                db: db, inserter: try MerchantInserter(db), keys: keys, expectedRows: expectedRows, force: force,
                skipInvalid: skipInvalid, now: now)
            try run.inserter.beginBulkLoad()
            while true {
                let next: [MerchantRowBatch]?
                do { next = try parsed.receive() } catch let error as DelimitedTextError {
                    throw MerchantImportError.unreadable(error)
                }
                guard let batches = next else { break }
                for batch in batches {
                    for index in 0..<batch.count {
                        try run.take(index, of: batch, onReject: sink.rejection)
                        if run.rowsRead % 10_000 == 0 { sink.progress(run.rowsRead) }
                    }
                }
            }
            sink.progress(run.rowsRead)
            let summary = try run.finish()
            try sink.finished()
            return summary
        }
    }

    /// The file's reader, past any blank lines, and the layout of its header.
    private static func openImportFile(_ path: String) throws -> (DelimitedTextReader, MerchantCSVLayout) {
        var reader: DelimitedTextReader
        do { reader = try DelimitedTextReader(path: path) } catch { throw MerchantImportError.unreadable(error) }
        let header: [String]
        do {
            var record = try reader.next()
            while record?.fields == [""] { record = try reader.next() }  // blank lines before the header
            header = record?.fields ?? []
        } catch {
            reader.close()
            throw MerchantImportError.unreadable(error)
        }
        do { return (reader, try MerchantCSVLayout(header: header)) } catch {
            reader.close()
            throw error
        }
    }
}

/// Reads, validates and encodes an import file's rows on its own thread (``MerchantRowEncoder``),
/// in batches, into a ``BatchChannel``. It owns the reader (and closes it); duplicate checks and
/// writes stay with the consumer.
private final class MerchantRowParser: @unchecked Sendable {
    private var reader: DelimitedTextReader
    private var encoder: MerchantRowEncoder
    private static let batchSize = 256

    init(reader: DelimitedTextReader, encoder: MerchantRowEncoder) {
        self.reader = reader
        self.encoder = encoder
    }

    func start(into channel: BatchChannel<MerchantRowBatch>) {
        let thread = Thread { [self] in
            defer { reader.close() }
            do throws(DelimitedTextError) {
                var batch = MerchantRowBatch()
                batch.reserve(Self.batchSize)
                while let line = try reader.nextFields() {
                    let fields = reader.fields
                    if fields.count == 1 && fields.range(0).isEmpty { continue }  // a blank line
                    encoder.encode(fields, line: line, into: &batch)
                    if batch.count == Self.batchSize || batch.byteCount >= MerchantRowBatch.byteLimit {
                        guard channel.send([batch]) else { return channel.finish() }
                        batch = MerchantRowBatch()
                        batch.reserve(Self.batchSize)
                    }
                }
                if batch.count > 0, !channel.send([batch]) { return channel.finish() }
                channel.finish()
            } catch {
                channel.finish(throwing: error)
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// The writing side of one merchant import, inside its transaction: duplicate checks against the
/// registry and the file's earlier rows, the inserts, the tally and the rejections.
private struct MerchantImportRun {
    let db: Database
    var inserter: MerchantInserter
    var keys: DuplicateKeys
    var importedLines: ImportedLines
    let force: Bool
    let skipInvalid: Bool
    let now: Date
    var summary = MerchantImportSummary(imported: 0, statusEvents: 0, rejected: 0)
    var firstRejections: [MerchantImportRejection] = []
    var rowsRead = 0
    /// Rejections kept for the error of a file refused whole.
    static let keptRejections = 50

    init(
        db: Database, inserter: MerchantInserter, keys: DuplicateKeys, expectedRows: Int, force: Bool,
        skipInvalid: Bool, now: Date
    ) {
        self.db = db
        self.inserter = inserter
        self.keys = keys
        importedLines = ImportedLines(expectedRows: expectedRows)
        self.force = force
        self.skipInvalid = skipInvalid
        self.now = now
    }

    /// Checks the row at `index` of `batch` and inserts it, or rejects it.
    mutating func take(
        _ index: Int, of batch: MerchantRowBatch, onReject: (MerchantImportRejection) throws -> Void
    ) throws {
        let row = batch.rows[index]
        rowsRead += 1
        var errors = row.errors >= 0 ? batch.errors[Int(row.errors)] : []
        if row.encoded >= 0 { errors += try conflicts(of: row, in: batch) }
        guard errors.isEmpty, row.encoded >= 0 else {
            summary.rejected += 1
            let rejection = MerchantImportRejection(line: row.line, fields: batch.fields(of: index), errors: errors)
            if skipInvalid {
                try onReject(rejection)
            } else if firstRejections.count < Self.keptRejections {
                firstRejections.append(rejection)
            }
            return
        }
        guard summary.rejected == 0 || skipInvalid else { return }
        let events = row.status.map { [StatusChange($0, at: row.statusAt ?? now, source: "import")] } ?? []
        let id = try inserter.insert(batch.encoded, row: Int(row.encoded), id: row.id, now: now, events: events)
        keys.insert(row.hashes, id: id)
        importedLines.record(id: id, line: row.line)
        summary.imported += 1
        summary.statusEvents += events.count
    }

    /// A valid row's conflicts with what is stored or queued: an id taken, or a duplicate
    /// (unless `force`).
    private mutating func conflicts(of row: MerchantRowBatch.Row, in batch: MerchantRowBatch) throws
        -> [MerchantFieldError]
    {
        // Reads below see the database: the rows queued so far are written first.
        let candidates = force ? [] : keys.candidates(row.hashes)
        if row.id != nil || !candidates.isEmpty { try inserter.flush() }
        if let id = row.id,
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM merchant WHERE id = ?"), arguments: [id]) == true
        {
            return [MerchantFieldError(field: "id", message: "merchant \(id) already exists")]
        }
        guard !candidates.isEmpty,
            let (existing, reason) = try keys.duplicate(
                of: batch.encoded.merchant(row: Int(row.encoded)), among: candidates, in: db)
        else { return [] }
        let field =
            reason.hasPrefix("same phone") ? "phone" : reason.hasPrefix("same tax") ? "tax_code" : "account_number"
        let original = importedLines.line(of: existing).map { "line \($0) of this file" } ?? "merchant \(existing)"
        return [
            MerchantFieldError(
                field: field, message: "duplicate of \(original) (\(reason)); use --force to import it anyway")
        ]
    }

    /// Ends the import: refuses the file when rows were invalid without `skipInvalid`, otherwise
    /// releases the look-up tables and finishes the bulk load.
    mutating func finish() throws -> MerchantImportSummary {
        if summary.rejected > 0 && !skipInvalid {
            throw MerchantImportError.invalidRows(firstRejections, totalRejected: summary.rejected)
        }
        // The look-up tables are done with: give their memory back before the index builds.
        keys = DuplicateKeys()
        importedLines = ImportedLines(expectedRows: 0)
        try inserter.finish()
        return summary
    }
}

extension SQLiteRegistry {
    /// A guess at a CSV file's row count from its size (for reserving memory up front).
    static func estimatedRows(_ path: String) -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return min(size / 100, 20_000_000)
    }
}
