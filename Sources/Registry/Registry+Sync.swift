import Foundation
import GRDB
import GRDBSQLite

/// The keys and state of one merchant, as a bank sync loads them to match file rows.
public struct SyncMerchantKeys: Sendable, Equatable {
    public var id: Int64
    public var phone: String?
    public var taxCode: String?
    public var bankBIN: String?
    public var accountNumber: String?
    public var hasAccountName: Bool
    public var status: QRStatus
    /// When the current status took effect, in seconds since 1970; nil when there is no event.
    public var statusAt: Int64?

    public init(id: Int64, phone: String?, taxCode: String?, bankBIN: String?, accountNumber: String?,
                hasAccountName: Bool, status: QRStatus, statusAt: Int64?) {
        self.id = id
        self.phone = phone
        self.taxCode = taxCode
        self.bankBIN = bankBIN
        self.accountNumber = accountNumber
        self.hasAccountName = hasAccountName
        self.status = status
        self.statusAt = statusAt
    }
}

extension Registry {
    /// Runs `body` with a ``SyncSession`` over one consistent view of the registry.
    ///
    /// With `writing`, the session is one `BEGIN IMMEDIATE` transaction: other writers wait, so
    /// the plan made from what the session reads is exactly what ``SyncSession/apply(_:record:now:)``
    /// applies; it commits when `body` returns (and settles the WAL when it changed anything:
    /// ``Registry/settleWAL(_:minimumFrames:)``) and rolls back, leaving the database as it was, when `body`
    /// throws (or the process dies). Without `writing` it is a read-only snapshot
    /// (dry runs).
    public func withSyncSession<T>(writing: Bool, _ body: (SyncSession) throws -> T) throws -> T {
        if writing {
            // As a bulk load (``DatabaseWriter/bulkWrite(_:)``): a larger page cache, no per-row
            // foreign-key checks (rows name merchants read in this same transaction), and the WAL
            // settled only when the session changed something (a rejected file leaves the files as they were).
            return try writer.bulkWrite { db in try body(SyncSession(db: db, writable: true)) }
        }
        return try writer.read { db in try body(SyncSession(db: db, writable: false)) }
    }
}

/// Reads and writes of a bank sync inside one transaction (see ``Registry/withSyncSession(writing:_:)``).
/// Valid only inside the closure that received it.
public final class SyncSession {
    private let db: Database
    /// False for a dry run's read-only snapshot.
    public let isWritable: Bool

    fileprivate init(db: Database, writable: Bool) {
        self.db = db
        isWritable = writable
    }

    /// The ledger row of a file already imported, by the SHA-256 of its bytes.
    public func importRecord(sha256: String) throws -> ImportRecord? {
        try Row.fetchOne(db, sql: """
            SELECT sha256, profile, bank, source, file_name, imported_at, rows, events, accounts, created, unchanged,
                   review, unmatched, rejected
            FROM import_record WHERE sha256 = ?
            """, arguments: [sha256]).map { row in
            var counts = ImportCounts()
            (counts.rows, counts.events, counts.accounts, counts.created) = (row[6], row[7], row[8], row[9])
            (counts.unchanged, counts.review, counts.unmatched, counts.rejected) = (row[10], row[11], row[12], row[13])
            return ImportRecord(sha256: row[0], profile: row[1], bank: row[2], source: row[3], fileName: row[4],
                                importedAt: Date(storedSeconds: row[5]), counts: counts)
        }
    }

    /// The number of merchants (to size the match indexes up front).
    public func merchantCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant") ?? 0
    }

    /// Calls `body` with every merchant's keys and current status, in id order, in one scan.
    ///
    /// Values are read straight from SQLite's row (no per-row argument or row objects): the
    /// scan runs over every merchant of the registry on each import.
    public func forEachMerchant(_ body: (SyncMerchantKeys) throws -> Void) throws {
        let statement = try db.makeStatement(sql: """
            SELECT id, phone, tax_code, bank_bin, account_number, account_name IS NOT NULL, status, status_at
            FROM merchant ORDER BY id
            """)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func text(_ column: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, column) else { return nil }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            let status: QRStatus
            switch sqlite3_column_bytes(handle, 6) {
            case 10: status = sqlite3_column_text(handle, 6)![0] == UInt8(ascii: "r") ? .registered : .none
            case 9: status = .displayed
            case 8: status = .verified
            default: status = QRStatus(rawValue: text(6) ?? "") ?? .none
            }
            let keys = SyncMerchantKeys(
                id: sqlite3_column_int64(handle, 0), phone: text(1), taxCode: text(2), bankBIN: text(3), accountNumber: text(4),
                hasAccountName: sqlite3_column_int(handle, 5) != 0, status: status,
                statusAt: sqlite3_column_type(handle, 7) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, 7))
            try body(keys)
        }
    }

    /// True when the merchant's history has an event with this status and source on this day
    /// (an event's identity: merchant, status, day, source).
    public func hasEvent(merchantId: Int64, status: QRStatus, on day: CalendarDay, source: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: """
            SELECT 1 FROM qr_status_event
            WHERE merchant_id = ? AND at >= ? AND at < ? AND status = ? AND source = ? LIMIT 1
            """)
        return try Bool.fetchOne(statement, arguments: [merchantId, day.startTime.storedSeconds, day.endTime.storedSeconds,
                                                        status.rawValue, source]) == true
    }

    /// Applies a plan and records its ledger row, in this session's transaction: new merchants
    /// (checked again against the registry's duplicate rules), then account details (never
    /// overwriting a value the merchant has), then the events in merchant order (B-tree
    /// locality for the history and the merchant rows whose current status changes).
    /// The events are sorted in place (not copied: a million take 24 MB); returns the ids given
    /// to the new merchants, in order.
    @discardableResult
    public func apply(_ changes: inout SyncChanges, record: ImportRecord, now: Date = Date()) throws -> [Int64] {
        precondition(isWritable, "a dry run's session cannot apply changes")
        var newIds: [Int64] = []
        if !changes.newMerchants.isEmpty {
            var inserter = try MerchantInserter(db)
            for merchant in changes.newMerchants {
                try Registry.checkDuplicate(db, merchant, excluding: nil)
                newIds.append(try inserter.insert(merchant, id: nil, now: now))
                // The next merchant's duplicate check reads this one.
                try inserter.flush()
            }
        }
        let update = try db.cachedStatement(sql: """
            UPDATE merchant SET bank_bin = COALESCE(bank_bin, ?), account_number = COALESCE(account_number, ?),
                account_name = COALESCE(account_name, ?), updated_at = ?
            WHERE id = ?
            """)
        for details in changes.accounts.sorted(by: { $0.merchantId < $1.merchantId }) {
            try update.execute(arguments: [details.bankBIN, details.accountNumber, details.accountName, now.storedSeconds, details.merchantId])
        }
        if !changes.events.isEmpty {
            for index in changes.events.indices {
                if case .new(let created) = changes.events[index].merchant { changes.events[index].merchant = .existing(newIds[created]) }
            }
            // Stable: a merchant's events at the same instant keep the plan's order.
            changes.events.sort { ($0.merchant.existingId, $0.at) < ($1.merchant.existingId, $1.at) }
            try insertEvents(changes)
        }
        let counts = record.counts
        try db.execute(sql: """
            INSERT INTO import_record(sha256, profile, bank, source, file_name, imported_at, rows, events, accounts, created,
                                      unchanged, review, unmatched, rejected)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [record.sha256, record.profile, record.bank, record.source, record.fileName,
                             record.importedAt.storedSeconds, counts.rows, counts.events, counts.accounts, counts.created,
                             counts.unchanged, counts.review, counts.unmatched, counts.rejected])
        return newIds
    }

    /// Inserts the (sorted) events, then brings each touched merchant's current status up to date.
    ///
    /// The events are first staged in a temporary table, then go into the history with one
    /// `INSERT … SELECT` and into the merchants with one `UPDATE … FROM`: a statement per row
    /// would seek every B-tree from its root again for each event, which costs about twice as much.
    /// The schema's triggers on new events (the merchant's current status, the history's time
    /// bounds) would run for each event (and make SQLite keep a statement journal for the
    /// insert); they are set aside within this transaction — their stored SQL is re-created
    /// unchanged before the transaction ends, and a rollback restores them — and their updates
    /// are made once: each touched merchant gets its latest new event (the last of its events in
    /// this order) and the bounds widen to the new events' earliest and latest times, which
    /// gives the same result.
    /// When the events touch more than a quarter of the merchants, the merchant indexes on the
    /// current status are dropped and rebuilt from their stored definitions: rebuilding one
    /// costs about a quarter of updating it row by row for every merchant.
    private func insertEvents(_ changes: SyncChanges) throws {
        // A larger page cache for the history's and the merchants' B-trees (the import's match
        // indexes are released by now); the session's end sets it back.
        try db.execute(sql: "PRAGMA cache_size = -65536")
        try db.execute(sql: """
            CREATE TEMP TABLE qrcov_sync_event (
                merchant_id INTEGER NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL, latest INTEGER NOT NULL
            )
            """)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.qrcov_sync_event") }
        let touched = try stage(changes.events)
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'trigger' AND name IN ('qr_status_event_current', 'qr_status_event_bounds')
            """)
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \((trigger[0] as String).quotedDatabaseIdentifier)") }
        var droppedIndexes: [String] = []
        if try touched * 4 > (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant") ?? 0) {
            let indexes = try Row.fetchAll(db, sql: """
                SELECT DISTINCT m.name, m.sql FROM sqlite_master m, pragma_index_info(m.name) c
                WHERE m.type = 'index' AND m.tbl_name = 'merchant' AND m.sql IS NOT NULL AND c.name IN ('status', 'status_at')
                """)
            for index in indexes {
                try db.execute(sql: "DROP INDEX \((index[0] as String).quotedDatabaseIdentifier)")
                droppedIndexes.append(index[1])
            }
        }
        try db.execute(sql: """
            INSERT INTO qr_status_event(merchant_id, status, at, source, actor, note)
            SELECT merchant_id, status, at, ?, NULL, ? FROM temp.qrcov_sync_event ORDER BY rowid
            """, arguments: [changes.source, changes.note])
        try db.execute(sql: """
            UPDATE merchant SET status = e.status, status_at = e.at
            FROM temp.qrcov_sync_event AS e
            WHERE e.latest AND merchant.id = e.merchant_id AND (merchant.status_at IS NULL OR merchant.status_at <= e.at)
            """)
        try db.execute(sql: """
            INSERT INTO event_bounds(id, first_at, last_at) SELECT 1, MIN(at), MAX(at) FROM temp.qrcov_sync_event WHERE true
            ON CONFLICT(id) DO UPDATE SET first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at)
            """)
        try Registry.rebuildIndexes(db, droppedIndexes)
        for trigger in triggers { try db.execute(sql: trigger[1]) }
    }

    /// Copies the events into the staging table, marking each merchant's last one, through
    /// prepared statements of ``stagedPerStatement`` rows (and one of a row for the remainder);
    /// returns the number of merchants.
    private func stage(_ events: [SyncEvent]) throws -> Int {
        let row = "(?, ?, ?, ?)"
        let single = try db.makeStatement(sql: "INSERT INTO temp.qrcov_sync_event VALUES \(row)")
        let many = try db.makeStatement(sql: "INSERT INTO temp.qrcov_sync_event VALUES "
                                        + Array(repeating: row, count: Self.stagedPerStatement).joined(separator: ", "))
        var merchants = 0
        var start = 0
        while start < events.count {
            let statement = events.count - start >= Self.stagedPerStatement ? many : single
            let count = statement === many ? Self.stagedPerStatement : 1
            let handle = statement.sqliteStatement
            for offset in start..<start + count {
                let event = events[offset]
                let id = event.merchant.existingId
                let isLast = offset + 1 == events.count || events[offset + 1].merchant.existingId != id
                if isLast { merchants += 1 }
                let base = Int32((offset - start) * 4)
                sqlite3_bind_int64(handle, base + 1, id)
                Self.bind(event.status, to: handle, at: base + 2)
                sqlite3_bind_int64(handle, base + 3, event.at.storedSeconds)
                sqlite3_bind_int(handle, base + 4, isLast ? 1 : 0)
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            start += count
        }
        return merchants
    }

    /// Events bound into one staging statement (4 parameters each): a statement per event costs
    /// SQLite a program start and a seek to the table's end each time.
    private static let stagedPerStatement = 128

    /// Binds a status's name from static storage (no copy, no allocation).
    private static func bind(_ status: QRStatus, to handle: OpaquePointer?, at index: Int32) {
        let name: StaticString = switch status {
        case .none: "none"
        case .registered: "registered"
        case .displayed: "displayed"
        case .verified: "verified"
        }
        name.withUTF8Buffer { buffer in
            _ = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                sqlite3_bind_text(handle, index, chars, Int32(buffer.count), nil)
            }
        }
    }
}
