import BankSync
import Concurrency
import Coverage
import Domain
import Foundation
import GRDB
import GRDBSQLite
import Store

extension SQLiteRegistry {
    /// Runs `body` with a ``SyncSession`` over one consistent view of the registry.
    ///
    /// With `writing`, the session is one `BEGIN IMMEDIATE` transaction: other writers wait, so
    /// the plan made from what the session reads is exactly what ``SyncSession/apply(_:record:now:)``
    /// applies; it commits when `body` returns (and settles the WAL when it changed anything:
    /// ``SQLiteRegistry/settleWAL(_:minimumFrames:)``) and rolls back, leaving the database as it was, when `body`
    /// throws (or the process dies). Without `writing` it is a read-only snapshot
    /// (dry runs).
    public func withBankImportSession<T>(writing: Bool, _ body: (any BankImportSession) throws -> T) throws -> T {
        if writing {
            // As a bulk load (``DatabaseWriter/bulkWrite(_:)``): a larger page cache, no per-row
            // foreign-key checks (rows name merchants read in this same transaction), and the WAL
            // settled only when the session changed something (a rejected file leaves the files as they were).
            // Another connection of the pool may read in parallel: the session holds the write
            // lock, so nothing can commit while it reads what this one sees.
            return try writer.bulkWrite { db in
                try body(SyncSession(db: db, writable: true, parallelReader: writer as? DatabasePool))
            }
        }
        return try writer.read { db in try body(SyncSession(db: db, writable: false, parallelReader: nil)) }
    }
}

/// Reads and writes of a bank sync inside one transaction (see ``SQLiteRegistry/withBankImportSession(writing:_:)``).
/// Valid only inside the closure that received it.
final class SyncSession: BankImportSession {
    private let db: Database
    /// False for a dry run's read-only snapshot.
    public let isWritable: Bool
    /// A pool to read the same data from another connection while this one works (writing
    /// sessions of a file registry: nothing commits before they do), nil otherwise; and the
    /// connection's count of changed rows when the session began (another connection sees the
    /// same data only while the session has changed nothing).
    private let parallelReader: DatabasePool?
    private let changesAtStart: Int
    /// The merchant ids in `merchant_state`'s order, as ``forEachMerchant(_:)`` read them: the
    /// order in which the status update visits the rows (``ImportStatusUpdate``).
    private var stateOrder: [Int64] = []
    /// The account details being written on another thread (``beginAccountDetails(_:now:)``):
    /// the connection is that thread's until they are written.
    private var accountDetails: BackgroundJob<Void>?

    fileprivate init(db: Database, writable: Bool, parallelReader: DatabasePool?) {
        self.db = db
        isWritable = writable
        self.parallelReader = parallelReader
        changesAtStart = db.totalChangesCount
    }

    /// The ledger row of a file already imported, by the SHA-256 of its bytes.
    public func importRecord(sha256: String) throws -> ImportRecord? {
        try Row.fetchOne(
            db,
            sql: """
                SELECT sha256, profile, bank, source, file_name, imported_at, rows, events, accounts, created, unchanged,
                       review, unmatched, rejected
                FROM import_record WHERE sha256 = ?
                """, arguments: [sha256]
        ).map { row in
            var counts = ImportCounts()
            (counts.rows, counts.events, counts.accounts, counts.created) = (row[6], row[7], row[8], row[9])
            (counts.unchanged, counts.review, counts.unmatched, counts.rejected) = (row[10], row[11], row[12], row[13])
            return ImportRecord(
                sha256: row[0], profile: row[1], bank: row[2], source: row[3], fileName: row[4],
                importedAt: Date(storedSeconds: row[5]), counts: counts)
        }
    }

    /// The number of merchants (to size the match indexes up front), counted in `merchant_state`
    /// (a row per merchant, a quarter of the merchant table's pages to walk).
    public func merchantCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant_state") ?? 0
    }

    /// Calls `body` with every merchant's keys and current status, in id order.
    ///
    /// Values are read straight from SQLite's row (no per-row argument or row objects): the
    /// scan runs over every merchant of the registry on each import. The current statuses are
    /// read from `merchant_state` (in its commune order, then sorted by id in memory: joining the
    /// two tables row by row would cost a seek per merchant); the session keeps that order for
    /// the status update. With a parallel reader, the merchants'
    /// keys are read by id on its connection meanwhile (up to ``keysAhead`` ahead of `body`),
    /// as long as the session has changed nothing yet.
    public func forEachMerchant(_ body: (SyncMerchantKeys) throws -> Void) throws {
        guard let parallelReader, db.totalChangesCount == changesAtStart else {
            let statuses = try readCurrentStatuses()
            var merge = StatusMerge(statuses)
            return try Self.scanMerchantKeys(db) { keys in try body(merge.withStatus(keys)) }
        }
        let channel = BatchChannel<SyncMerchantKeys>(capacity: Self.keysAhead / Self.keysPerBatch)
        let scanning = BackgroundJob { _ in
            do {
                try parallelReader.read { db in
                    var batch: [SyncMerchantKeys] = []
                    batch.reserveCapacity(Self.keysPerBatch)
                    try Self.scanMerchantKeys(db) { keys in
                        batch.append(keys)
                        guard batch.count == Self.keysPerBatch else { return }
                        guard channel.send(batch) else { throw CancellationError() }
                        batch = []
                        batch.reserveCapacity(Self.keysPerBatch)
                    }
                    if !batch.isEmpty { _ = channel.send(batch) }
                }
                channel.finish()
            } catch {
                channel.finish(throwing: error)
            }
        }
        // Stopped and waited for if anything fails here (its connection is back in the pool when this returns).
        defer {
            channel.cancel()
            scanning.cancel()
        }
        var merge = StatusMerge(try readCurrentStatuses())
        while let batch = try channel.receive() {
            for keys in batch { try body(merge.withStatus(keys)) }
        }
        try scanning.value()
    }

    /// Merchants' keys the parallel reader may read ahead of their use (about 100 bytes each),
    /// a batch at a time.
    private static let keysAhead = 1 << 19
    private static let keysPerBatch = 4096

    /// Each merchant's current status from `merchant_state`, by id (those with one), keeping
    /// the table's order of merchants for the status update.
    private func readCurrentStatuses() throws -> [(id: Int64, at: Int64, status: QRStatus)] {
        var statuses: [(id: Int64, at: Int64, status: QRStatus)] = []
        stateOrder = []
        try Self.scan(db, "SELECT merchant_id, status, status_at FROM merchant_state") { handle in
            let id = sqlite3_column_int64(handle, 0)
            stateOrder.append(id)
            guard sqlite3_column_type(handle, 2) != SQLITE_NULL else { return }
            statuses.append((id, sqlite3_column_int64(handle, 2), Self.status(handle, column: 1)))
        }
        statuses.sort { $0.id < $1.id }
        return statuses
    }

    /// Calls `body` with every merchant's keys by id, without its status (``StatusMerge`` adds it).
    private static func scanMerchantKeys(_ db: Database, _ body: (SyncMerchantKeys) throws -> Void) throws {
        try scan(
            db,
            "SELECT id, phone, tax_code, bank_bin, account_number, account_name IS NOT NULL FROM merchant ORDER BY id"
        ) { handle in
            func text(_ column: Int32) -> String? {
                guard let bytes = sqlite3_column_text(handle, column) else { return nil }
                let count = Int(sqlite3_column_bytes(handle, column))
                return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
            }
            try body(
                SyncMerchantKeys(
                    id: sqlite3_column_int64(handle, 0), phone: text(1), taxCode: text(2), bankBIN: text(3),
                    accountNumber: text(4),
                    hasAccountName: sqlite3_column_int(handle, 5) != 0, status: .none, statusAt: nil))
        }
    }

    /// Adds their current statuses (sorted by id) to merchants' keys that come in id order.
    private struct StatusMerge {
        let statuses: [(id: Int64, at: Int64, status: QRStatus)]
        var next = 0

        init(_ statuses: [(id: Int64, at: Int64, status: QRStatus)]) {
            self.statuses = statuses
        }

        mutating func withStatus(_ keys: SyncMerchantKeys) -> SyncMerchantKeys {
            while next < statuses.count && statuses[next].id < keys.id { next += 1 }
            guard next < statuses.count, statuses[next].id == keys.id else { return keys }
            var keys = keys
            keys.status = statuses[next].status
            keys.statusAt = statuses[next].at
            return keys
        }
    }

    /// Steps through a query's rows, calling `row` with the statement at each.
    private static func scan(_ db: Database, _ sql: String, _ row: (OpaquePointer?) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw SQLiteCAPI.error(db, code, sql: statement.sql) }
            try row(handle)
        }
    }

    /// A status column, told apart by its length (no String made).
    private static func status(_ handle: OpaquePointer?, column: Int32) -> QRStatus {
        switch sqlite3_column_bytes(handle, column) {
        case 10: .registered
        case 9: .displayed
        case 8: .verified
        default: .none
        }
    }

    /// True when the merchant's history has an event with this status and source on this day
    /// (an event's identity: merchant, status, day, source).
    public func hasEvent(merchantId: Int64, status: QRStatus, on day: CalendarDay, source: String) throws -> Bool {
        try finishAccountDetails()
        let statement = try db.cachedStatement(
            sql: """
                SELECT 1 FROM qr_status_event
                WHERE merchant_id = ? AND at >= ? AND at < ? AND status = ? AND source = ? LIMIT 1
                """)
        return try Bool.fetchOne(
            statement,
            arguments: [
                merchantId, day.startTime.storedSeconds, day.endTime.storedSeconds,
                status.rawValue, source,
            ]) == true
    }

    /// Applies a plan and records its ledger row, in this session's transaction: new merchants
    /// (checked again against the registry's duplicate rules), then account details (never
    /// overwriting a value the merchant has), then the events in merchant order (B-tree
    /// locality for the history's index on merchant).
    /// The events are sorted in place (not copied: a million take 24 MB); returns the ids given
    /// to the new merchants, in order.
    @discardableResult
    public func apply(_ changes: inout SyncChanges, record: ImportRecord, now: Date) throws -> [Int64] {
        precondition(isWritable, "a dry run's session cannot apply changes")
        try finishAccountDetails()
        try useApplyCache()
        var newIds: [Int64] = []
        if !changes.newMerchants.isEmpty {
            var inserter = try MerchantInserter(db)
            for merchant in changes.newMerchants {
                try SQLiteRegistry.checkDuplicate(db, merchant, excluding: nil)
                newIds.append(try inserter.insert(merchant, id: nil, now: now))
                // The next merchant's duplicate check reads this one.
                try inserter.flush()
            }
        }
        if !changes.accounts.isEmpty {
            try AccountDetailsUpdate(db, now: now).run(changes.accounts.sorted(by: { $0.merchantId < $1.merchantId }))
        }
        if !changes.events.isEmpty {
            for index in changes.events.indices {
                if case .new(let created) = changes.events[index].merchant {
                    changes.events[index].merchant = .existing(newIds[created])
                }
            }
            changes.sortEventsForInsert()
            try insertEvents(changes)
        }
        let counts = record.counts
        try db.execute(
            sql: """
                INSERT INTO import_record(sha256, profile, bank, source, file_name, imported_at, rows, events, accounts, created,
                                          unchanged, review, unmatched, rejected)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.sha256, record.profile, record.bank, record.source, record.fileName,
                record.importedAt.storedSeconds, counts.rows, counts.events, counts.accounts, counts.created,
                counts.unchanged, counts.review, counts.unmatched, counts.rejected,
            ])
        return newIds
    }

    /// Inserts the (sorted) events, then brings each touched merchant's current status up to date.
    ///
    /// The events go into the history through prepared statements of ``eventsPerStatement`` rows
    /// (a statement per event costs SQLite a program start and a seek to the table's end each
    /// time), the source and note bound once per statement. The schema's triggers on new events
    /// (`qr_status_event_current`, the merchant's current status; `qr_status_event_bounds`, the
    /// history's time bounds) would run for each event (and make SQLite keep a statement journal
    /// for the insert); they are set aside within this transaction — their stored SQL is
    /// re-created unchanged before the transaction ends, and a rollback restores them — and their
    /// updates are made once: each touched merchant's status is set by the status trigger's rule
    /// from its new events, in the order they were appended, in one pass over `merchant_state`
    /// (``ImportStatusUpdate``), and the bounds widen to the new events' earliest and latest
    /// times, which gives the same result.
    private func insertEvents(_ changes: SyncChanges) throws {
        var triggers = try SetAsideTriggers(db, named: ["qr_status_event_current", "qr_status_event_bounds"])
        try append(changes.events, source: changes.source, note: changes.note)
        try ImportStatusUpdate(
            sortedByMerchant: changes.events.lazy.map { ($0.merchant.existingId, $0.status, $0.at.storedSeconds) },
            tableOrder: stateOrder
        ).apply(db)
        stateOrder = []
        let times = changes.events.lazy.map(\.at.storedSeconds)
        if let first = times.min(), let last = times.max() {
            try db.execute(
                sql: """
                    INSERT INTO event_bounds(id, first_at, last_at) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET first_at = MIN(first_at, excluded.first_at), last_at = MAX(last_at, excluded.last_at)
                    """, arguments: [first, last])
        }
        try triggers.recreate(db)
    }

    /// Starts giving merchants account details they lack on a thread of its own, in this
    /// session's transaction, while the caller goes on with work that does not use the session:
    /// the session's connection belongs to that thread until the job's ``BackgroundJob/value()``
    /// returns (a bank import writes them while it decides the statuses).
    /// ``apply(_:record:now:)`` is then given changes without them.
    func beginAccountDetails(_ details: [SyncAccountDetails], now: Date) throws {
        precondition(isWritable, "a dry run's session cannot apply changes")
        try finishAccountDetails()
        try useApplyCache()
        let update = try AccountDetailsUpdate(db, now: now)
        let sorted = details.sorted(by: { $0.merchantId < $1.merchantId })
        accountDetails = BackgroundJob { _ in try update.run(sorted) }
    }

    func finishAccountDetails() throws {
        guard let job = accountDetails else { return }
        accountDetails = nil
        try job.value()
    }

    deinit {
        // A session left by an error: its job must not outlive the transaction.
        accountDetails?.cancel()
        try? accountDetails?.value()
    }

    /// A larger page cache for the B-trees the changes touch (the import's match indexes are
    /// released by now); the session's end sets it back.
    private func useApplyCache() throws {
        try db.execute(sql: "PRAGMA cache_size = -65536")
    }

    /// Appends the events to the history, in their order.
    private func append(_ events: [SyncEvent], source: String, note: String?) throws {
        // ?1 is the source and ?2 the note of every row; each row's own values follow.
        func values(_ rows: Int) -> String {
            (0..<rows).map { row in "(?\(3 + row * 3), ?\(4 + row * 3), ?\(5 + row * 3), ?1, NULL, ?2)" }.joined(
                separator: ", ")
        }
        // OR FAIL, not the default ABORT: a failing row fails the import, whose transaction is then
        // rolled back whole, so SQLite need not keep a statement journal to undo each statement's
        // earlier rows (every page the insert changes, written to a temporary file).
        let sql = "INSERT OR FAIL INTO qr_status_event(merchant_id, status, at, source, actor, note) VALUES "
        let single = try db.makeStatement(sql: sql + values(1))
        let many = try db.makeStatement(sql: sql + values(Self.eventsPerStatement))
        // Bound once: a reset keeps a statement's bindings.
        for statement in [single, many] { statement.setUncheckedArguments([source, note]) }
        var start = 0
        while start < events.count {
            let statement = events.count - start >= Self.eventsPerStatement ? many : single
            let count = statement === many ? Self.eventsPerStatement : 1
            let handle = statement.sqliteStatement
            for offset in start..<start + count {
                let event = events[offset]
                let base = Int32(3 + (offset - start) * 3)
                sqlite3_bind_int64(handle, base, event.merchant.existingId)
                event.status.bind(to: handle, at: base + 1)
                sqlite3_bind_int64(handle, base + 2, event.at.storedSeconds)
            }
            try SQLiteCAPI.step(db, statement)
            start += count
        }
    }

    /// Events bound into one statement (3 parameters each, after the source and the note).
    private static let eventsPerStatement = 128
}

/// The statement that gives merchants account details they lack (never overwriting a value a
/// merchant has), prepared through GRDB and run through SQLite's C API alone, so that it can run
/// on a thread of its own (``SyncSession/startAccountDetails(_:now:)``): a million-row file may
/// add a hundred thousand.
struct AccountDetailsUpdate: @unchecked Sendable {
    private static let sql = """
        UPDATE merchant SET bank_bin = COALESCE(bank_bin, ?1), account_number = COALESCE(account_number, ?2),
            account_name = COALESCE(account_name, ?3), updated_at = ?4
        WHERE id = ?5
        """
    /// Finalized by GRDB when released (a ``BackgroundJob`` releases it on the session's thread).
    private let statement: Statement
    private let connection: OpaquePointer?
    private let now: Int64

    init(_ db: Database, now: Date) throws {
        statement = try db.makeStatement(sql: Self.sql)
        connection = db.sqliteConnection
        self.now = now.storedSeconds
    }

    /// Applies the details in their order (by merchant id, for B-tree locality); throws SQLite's
    /// error when one fails.
    func run(_ details: [SyncAccountDetails]) throws {
        let handle = statement.sqliteStatement
        func bind(_ text: String?, at index: Int32) {
            guard let text else {
                _ = sqlite3_bind_null(handle, index)
                return
            }
            // SQLITE_TRANSIENT: SQLite copies the text (the String's storage is not kept).
            _ = sqlite3_bind_text(handle, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        sqlite3_bind_int64(handle, 4, now)
        for item in details {
            bind(item.bankBIN, at: 1)
            bind(item.accountNumber, at: 2)
            bind(item.accountName, at: 3)
            sqlite3_bind_int64(handle, 5, item.merchantId)
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw SQLiteCAPI.error(connection: connection, code, sql: Self.sql) }
        }
    }
}
