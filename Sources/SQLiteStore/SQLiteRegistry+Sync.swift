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
    /// ``SQLiteRegistry/settleWAL(_:)``) and rolls back, leaving the database as it was, when `body`
    /// throws (or the process dies). Without `writing` it is a read-only snapshot
    /// (dry runs).
    public func withBankImportSession<T>(writing: Bool, _ body: (any BankImportSession) throws -> T) throws -> T {
        if writing {
            // As a bulk load (``DatabaseWriter/bulkWrite(_:)``): a larger page cache, no per-row
            // foreign-key checks (rows name merchants read in this same transaction), and the WAL
            // settled only when the session changed something (a rejected file leaves the files as they were).
            // A second, read-only connection may read in parallel: the session holds the write
            // lock, so nothing can commit while it reads what this one sees.
            let parallelReader = path.flatMap {
                try? DatabaseQueue(
                    path: $0, configuration: Self.configuration(readonly: true, busyTimeout: busyTimeout))
            }
            defer { try? parallelReader?.close() }
            return try bulkWrite { db in
                try body(SyncSession(db: db, writable: true, parallelReader: parallelReader))
            }
        }
        return try read { db in try body(SyncSession(db: db, writable: false, parallelReader: nil)) }
    }
}

/// Reads and writes of a bank sync inside one transaction (see ``SQLiteRegistry/withBankImportSession(writing:_:)``).
/// Valid only inside the closure that received it.
final class SyncSession: BankImportSession {
    let db: Database
    /// False for a dry run's read-only snapshot.
    public let isWritable: Bool
    /// A second, read-only connection that reads the same data while this one works (writing
    /// sessions of a file registry: nothing commits before they do), nil otherwise; and the
    /// connection's count of changed rows when the session began (another connection sees the
    /// same data only while the session has changed nothing).
    private let parallelReader: (any DatabaseReader)?
    private let changesAtStart: Int
    /// The merchant ids in `merchant_state`'s order, as ``forEachMerchant(_:)`` read them: the
    /// order in which the status update visits the rows (``ImportStatusUpdate``).
    var stateOrder: [Int64] = []
    /// The account details being written on another thread (``beginAccountDetails(_:now:)``):
    /// the connection is that thread's until they are written.
    var accountDetails: BackgroundJob<Void>?

    fileprivate init(db: Database, writable: Bool, parallelReader: (any DatabaseReader)?) {
        self.db = db
        isWritable = writable
        self.parallelReader = parallelReader
        changesAtStart = db.totalChangesCount
    }

    deinit {
        // A session left by an error: its job must not outlive the transaction.
        accountDetails?.cancel()
        try? accountDetails?.value()
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
            """
            SELECT id, phone, tax_code, bank_bin, account_number, account_name IS NOT NULL, opened_on, closed_on
            FROM merchant ORDER BY id
            """
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
                    hasAccountName: sqlite3_column_int(handle, 5) != 0, status: .none, statusAt: nil,
                    openedOn: text(6).flatMap(CalendarDay.init(iso:)), closedOn: text(7).flatMap(CalendarDay.init(iso:))
                ))
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
}
