import BankSync
import Concurrency
import Coverage
import Domain
import Foundation
import GRDB
import GRDBSQLite
import Store

/// The writing side of a bank import session.
extension SyncSession {
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
/// on a thread of its own (``SyncSession/beginAccountDetails(_:now:)``): a million-row file may
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
