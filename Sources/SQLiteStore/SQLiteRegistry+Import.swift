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
    /// passed to `onReject`. `progress` receives the number of rows read so far.
    public func importMerchants(
        from path: String, force: Bool = false, skipInvalid: Bool = false, now: Date = Date(),
        onReject: (MerchantImportRejection) throws -> Void = { _ in },
        progress: (Int) -> Void = { _ in }
    ) throws -> MerchantImportSummary {
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
        let layout: MerchantCSVLayout
        do { layout = try MerchantCSVLayout(header: header) } catch {
            reader.close()
            throw error
        }
        let expectedRows = SQLiteRegistry.estimatedRows(path)
        var keys = try writer.read { db in try DuplicateKeys(db, expectedRows: expectedRows) }
        let limit = 50

        // Rows are read, validated and encoded on a second thread while this one writes the previous ones.
        let parsed = BatchChannel<MerchantRowBatch>(capacity: 8)
        MerchantRowParser(
            reader: reader,
            encoder: MerchantRowEncoder(layout: layout, validator: MerchantValidator(communes: communes))
        )
        .start(into: parsed)
        defer {
            parsed.cancel()
            parsed.waitUntilFinished()
        }

        return try writer.bulkWrite { db in
            var inserter = try MerchantInserter(db)
            try inserter.beginBulkLoad()
            var summary = MerchantImportSummary(imported: 0, statusEvents: 0, rejected: 0)
            var firstRejections: [MerchantImportRejection] = []
            var rowsRead = 0
            var importedLines = ImportedLines(expectedRows: expectedRows)
            while true {
                let next: [MerchantRowBatch]?
                do { next = try parsed.receive() } catch let error as DelimitedTextError {
                    throw MerchantImportError.unreadable(error)
                }
                guard let batches = next else { break }
                for batch in batches {
                    for index in 0..<batch.count {
                        let row = batch.rows[index]
                        rowsRead += 1
                        if rowsRead % 10_000 == 0 { progress(rowsRead) }
                        var errors = row.errors >= 0 ? batch.errors[Int(row.errors)] : []
                        if row.encoded >= 0 {
                            // Reads below see the database: the rows queued so far are written first.
                            let candidates = force ? [] : keys.candidates(row.hashes)
                            if row.id != nil || !candidates.isEmpty { try inserter.flush() }
                            if let id = row.id,
                                try Bool.fetchOne(
                                    db.cachedStatement(sql: "SELECT 1 FROM merchant WHERE id = ?"), arguments: [id])
                                    == true
                            {
                                errors.append(MerchantFieldError(field: "id", message: "merchant \(id) already exists"))
                            } else if !candidates.isEmpty,
                                let (existing, reason) = try keys.duplicate(
                                    of: batch.encoded.merchant(row: Int(row.encoded)), among: candidates, in: db)
                            {
                                let field =
                                    reason.hasPrefix("same phone")
                                    ? "phone" : reason.hasPrefix("same tax") ? "tax_code" : "account_number"
                                let original =
                                    importedLines.line(of: existing).map { "line \($0) of this file" }
                                    ?? "merchant \(existing)"
                                errors.append(
                                    MerchantFieldError(
                                        field: field,
                                        message: "duplicate of \(original) (\(reason)); use --force to import it anyway"
                                    ))
                            }
                        }
                        guard errors.isEmpty, row.encoded >= 0 else {
                            summary.rejected += 1
                            let rejection = MerchantImportRejection(
                                line: row.line, fields: batch.fields(of: index), errors: errors)
                            if skipInvalid {
                                try onReject(rejection)
                            } else if firstRejections.count < limit {
                                firstRejections.append(rejection)
                            }
                            continue
                        }
                        guard summary.rejected == 0 || skipInvalid else { continue }
                        let events =
                            row.status.map { [StatusChange($0, at: row.statusAt ?? now, source: "import")] } ?? []
                        let id = try inserter.insert(
                            batch.encoded, row: Int(row.encoded), id: row.id, now: now, events: events)
                        keys.insert(row.hashes, id: id)
                        importedLines.record(id: id, line: row.line)
                        summary.imported += 1
                        summary.statusEvents += events.count
                    }
                }
            }
            progress(rowsRead)
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

/// Where each known column sits in an import file's header.
struct MerchantCSVLayout {
    /// The position of each of ``MerchantCSV/columns`` in the file, nil when absent.
    private let positions: [Int?]
    /// The number of columns of the header.
    let width: Int

    init(header: [String]) throws {
        var index: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard MerchantCSV.columns.contains(name) else {
                throw MerchantImportError.badHeader(
                    "unknown column \"\(raw)\" (known: \(MerchantCSV.columns.joined(separator: ",")))")
            }
            guard index[name] == nil else { throw MerchantImportError.badHeader("column \"\(name)\" appears twice") }
            index[name] = position
        }
        guard index["name"] != nil else { throw MerchantImportError.badHeader("the \"name\" column is required") }
        guard index["commune_code"] != nil || index["commune_name"] != nil else {
            throw MerchantImportError.badHeader("a \"commune_code\" or \"commune_name\" column is required")
        }
        positions = MerchantCSV.columns.map { index[$0] }
        width = header.count
    }

    enum Column: Int {
        case id, communeCode, communeName, hamlet, address, name, ownerName, phone, taxCode, businessType,
            openedOn, closedOn, bankBIN, accountNumber, accountName, status, statusAt
    }

    /// Where a column is in the file's records, nil when the header lacks it.
    func position(_ column: Column) -> Int? { positions[column.rawValue] }

    struct ImportRow {
        var id: Int64?
        var draft: MerchantDraft
        var status: QRStatus?
        var statusAt: Date?
    }

    /// The row's values; field-level problems (count, id, status) are appended to `errors`.
    func row(_ fields: [String], errors: inout [MerchantFieldError]) -> ImportRow {
        if fields.count != width {
            errors.append(MerchantFieldError(field: "row", message: "expected \(width) fields, found \(fields.count)"))
        }
        func value(_ column: Column) -> String? {
            guard let position = positions[column.rawValue], position < fields.count else { return nil }
            let text = fields[position]
            return text.isEmpty ? nil : text
        }
        var id: Int64? = nil
        if let raw = value(.id) {
            id = Int64(raw)
            if id == nil || id! <= 0 {
                errors.append(
                    MerchantFieldError(
                        field: "id", message: "\"\(raw)\" is not a merchant id (a positive whole number)"))
            }
        }
        var status: QRStatus? = nil
        if let raw = value(.status) {
            status = QRStatus(rawValue: raw.lowercased())
            if status == nil {
                errors.append(
                    MerchantFieldError(
                        field: "status", message: "\"\(raw)\" is not one of none, registered, displayed, verified"))
            }
        }
        var statusAt: Date? = nil
        if let raw = value(.statusAt) {
            statusAt = Timestamp.parse(raw)
            if statusAt == nil {
                errors.append(
                    MerchantFieldError(
                        field: "status_at",
                        message: "\"\(raw)\" is not a date or time (YYYY-MM-DD[ HH:MM[:SS]] or dd/MM/yyyy)"))
            }
            if status == nil && errors.allSatisfy({ $0.field != "status" }) {
                errors.append(MerchantFieldError(field: "status", message: "status_at is given but status is empty"))
            }
        }
        let draft = MerchantDraft(
            commune: value(.communeCode) ?? value(.communeName) ?? "", name: value(.name) ?? "",
            hamlet: value(.hamlet), address: value(.address), ownerName: value(.ownerName), phone: value(.phone),
            taxCode: value(.taxCode), businessType: value(.businessType), openedOn: value(.openedOn),
            closedOn: value(.closedOn), bank: value(.bankBIN), accountNumber: value(.accountNumber),
            accountName: value(.accountName))
        return ImportRow(id: id, draft: draft, status: status, statusAt: statusAt)
    }
}

/// The duplicate-detection keys of every merchant, hashed, with the id that has each: an import
/// checks each row in memory and reads at most one candidate row back to confirm a match.
struct DuplicateKeys {
    /// One id per key: the first merchant that has it.
    private var ids: KeyMultimap<Int64>

    /// The hashed keys of one merchant (nil where it lacks the fields), computed once per row.
    struct Hashes: Sendable {
        var phone: UInt64?
        var taxCode: UInt64?
        var account: UInt64?
    }

    /// An empty set of keys.
    init() {
        ids = KeyMultimap(expected: 0)
    }

    init(_ db: Database, expectedRows: Int = 0) throws {
        let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant") ?? 0
        // One and a half keys a row up front (1 to 3 with phones, tax codes and accounts): the
        // table grows at most once, without a larger-than-needed table in memory.
        ids = KeyMultimap(expected: (existing + expectedRows) * 3 / 2)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, commune_code, phone, tax_code, bank_bin, account_number FROM merchant")
        while let row = try cursor.next() {
            insert(
                Self.hashes(communeCode: row[1], phone: row[2], taxCode: row[3], bin: row[4], account: row[5]),
                id: row[0])
        }
    }

    private static func hashes(communeCode: String, phone: String?, taxCode: String?, bin: String?, account: String?)
        -> Hashes
    {
        var hashes = Hashes()
        if let phone { hashes.phone = key(1, communeCode, phone) }
        if let taxCode { hashes.taxCode = key(2, taxCode, "") }
        if let bin, let account { hashes.account = key(3, bin, account) }
        return hashes
    }

    /// The hashed keys of row `row` of encoded rows.
    static func hashes(_ rows: EncodedMerchantRows, row: Int) -> Hashes {
        var hashes = Hashes()
        rows.withValue(row: row, .communeCode) { commune in
            rows.withValue(row: row, .phone) { phone in
                if let commune, let phone { hashes.phone = key(1, commune, phone) }
            }
        }
        rows.withValue(row: row, .taxCode) { taxCode in
            if let taxCode { hashes.taxCode = key(2, taxCode, UnsafeBufferPointer(start: nil, count: 0)) }
        }
        rows.withValue(row: row, .bankBIN) { bin in
            rows.withValue(row: row, .accountNumber) { account in
                if let bin, let account { hashes.account = key(3, bin, account) }
            }
        }
        return hashes
    }

    private static func key(_ kind: UInt64, _ first: String, _ second: String) -> UInt64 {
        var first = first
        var second = second
        return first.withUTF8 { first in second.withUTF8 { second in key(kind, first, second) } }
    }

    /// FNV-1a over the UTF-8 bytes (0xFF, which UTF-8 never uses, between the two parts): much
    /// cheaper than hashing Strings, and a collision only costs a confirming read.
    private static func key(_ kind: UInt64, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>)
        -> UInt64
    {
        var hash = fnv1a(first, seed: 0xcbf2_9ce4_8422_2325 ^ kind)
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        return fnv1a(second, seed: hash)
    }

    /// 64-bit FNV-1a of bytes.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Records a merchant's keys (a key already held keeps its first merchant).
    mutating func insert(_ hashes: Hashes, id: Int64) {
        if let key = hashes.phone { _ = ids.insertIfAbsent(key, id) }
        if let key = hashes.taxCode { _ = ids.insertIfAbsent(key, id) }
        if let key = hashes.account { _ = ids.insertIfAbsent(key, id) }
    }

    /// The merchants that have one of these hashed keys (empty for most rows: no duplicate).
    func candidates(_ hashes: Hashes) -> [Int64] {
        var candidates: [Int64] = []
        if let key = hashes.phone, let id = ids.first(key) { candidates.append(id) }
        if let key = hashes.taxCode, let id = ids.first(key) { candidates.append(id) }
        if let key = hashes.account, let id = ids.first(key) { candidates.append(id) }
        return candidates
    }

    /// The merchant this one duplicates and why, nil when none, reading the ``candidates(_:)``
    /// back from the database to confirm.
    func duplicate(of m: ValidMerchant, among candidates: [Int64], in db: Database) throws -> (Int64, String)? {
        for id in candidates {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT commune_code, phone, tax_code, bank_bin, account_number FROM merchant WHERE id = ?"
                    ),
                    arguments: [id])
            else { continue }
            let (commune, phone, taxCode, bin, account): (String, String?, String?, String?, String?) = (
                row[0], row[1], row[2], row[3], row[4]
            )
            if let p = m.phone, p == phone, m.communeCode == commune {
                return (id, "same phone \(p) in commune \(commune)")
            }
            if let t = m.taxCode, t == taxCode { return (id, "same tax code \(t)") }
            if let b = m.bankBIN, let a = m.accountNumber, b == bin, a == account {
                return (id, "same bank account \(b) \(a)")
            }
        }
        // A hash matched another key (vanishingly rare): ask the database.
        return try SQLiteRegistry.duplicateId(db, m, excluding: nil)
    }
}

/// The file line of each merchant an import has inserted, for messages about duplicates within
/// the file: ids given by SQLite only grow, so they are kept in two parallel arrays searched by
/// bisection (12 bytes a row); the rare explicit ids from an `id` column go in a dictionary.
struct ImportedLines {
    private var ids: [Int64] = []
    private var lines: [Int32] = []
    private var explicit: [Int64: Int] = [:]

    init(expectedRows: Int) {
        ids.reserveCapacity(expectedRows)
        lines.reserveCapacity(expectedRows)
    }

    mutating func record(id: Int64, line: Int) {
        if let last = ids.last, id <= last {
            explicit[id] = line
        } else {
            ids.append(id)
            lines.append(Int32(clamping: line))
        }
    }

    func line(of id: Int64) -> Int? {
        if let line = explicit[id] { return line }
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? Int(lines[low]) : nil
    }
}

extension SQLiteRegistry {
    /// A guess at a CSV file's row count from its size (for reserving memory up front).
    static func estimatedRows(_ path: String) -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return min(size / 100, 20_000_000)
    }
}
