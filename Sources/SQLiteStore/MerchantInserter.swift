import Coverage
import Domain
import Foundation
import GRDB
import GRDBSQLite
import Store

/// The bulk insert of merchant rows, for imports and generators of a million rows.
///
/// Rows are queued and written ``rowsPerStatement`` at a time by one multi-row `INSERT`: a
/// statement per row would make SQLite start its program and seek the end of the table again
/// for each row. Values are bound straight from one reused byte buffer (no per-row argument
/// boxing, no copy by SQLite).
/// The inserter gives each merchant its id when it is queued — the next one after the largest in
/// the table — so callers get ids at once. That is also SQLite's own choice for a NULL id, so such
/// rows are bound with NULL and SQLite appends them without seeking the table for an explicit
/// rowid; each statement's last id is checked against the one given. Ids stop at
/// ``Merchant/maximumId``: past it a new merchant is refused (``RegistryError/noMerchantIdLeft(largest:)``),
/// never given the random id SQLite picks once the largest possible rowid is taken.
/// A merchant's status events, queued with it, are written right after it (the schema's trigger
/// `qr_status_event_current` derives its current status; during a bulk load, ``MerchantStateLoad``
/// does, by the trigger's rule: ``StatusRecord/appendedEvent(at:replacesCurrentSince:)``).
///
/// Use it inside a GRDB write transaction. A queued row is only in the database after
/// ``flush()`` (or ``finish()``): flush before reading merchants back. When the merchant table is
/// empty at the start, ``beginBulkLoad()`` drops its secondary indexes and ``finish()`` rebuilds
/// them from their stored definitions: building an index once from all rows is faster than
/// growing it row by row. Likewise the merchants' `merchant_state` rows are then kept in memory
/// and written in key order by ``finish()`` (``MerchantStateLoad``), the schema's triggers that
/// would write them row by row set aside until then.
struct MerchantInserter {
    /// Rows bound into one multi-row statement (17 parameters a row).
    static let rowsPerStatement = 64
    private static let columns = """
        merchant(id, commune_code, hamlet, hamlet_key, address, name, owner_name, phone, tax_code, business_type,
            opened_on, closed_on, bank_bin, account_number, account_name, created_at, updated_at)
        """
    private static let valuesPerRow = 17

    private let db: Database
    private let single: Statement
    private let many: Statement
    private var droppedIndexes: [String] = []
    /// The triggers ``beginBulkLoad()`` set aside, re-created by ``finish()``.
    private var setAsideTriggers = SetAsideTriggers()
    /// During a bulk load, the state rows of the merchants written so far.
    private var loadedStates: MerchantStateLoad?
    private let queue = QueuedRows()
    /// The id the next merchant without one gets; past ``Merchant/maximumId`` there is none.
    private var nextId: Int64

    init(_ db: Database) throws {
        self.db = db
        let row = "(" + Array(repeating: "?", count: Self.valuesPerRow).joined(separator: ", ") + ")"
        single = try db.cachedStatement(sql: "INSERT INTO \(Self.columns) VALUES \(row)")
        many = try db.cachedStatement(
            sql: "INSERT INTO \(Self.columns) VALUES "
                + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
        let largest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM merchant") ?? 0
        nextId = largest < Merchant.maximumId ? largest + 1 : .max
    }

    /// Drops the merchant table's secondary indexes when it is empty (they are rebuilt by
    /// ``finish()``), and sets aside the triggers that keep `merchant_state` (the state rows are
    /// written by ``finish()``). Returns true when it did.
    @discardableResult
    mutating func beginBulkLoad() throws -> Bool {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM merchant)") == false else { return false }
        let indexes = try Row.fetchAll(
            db,
            sql:
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'merchant' AND sql IS NOT NULL"
        )
        for index in indexes {
            try db.execute(sql: "DROP INDEX \((index[0] as String).quotedDatabaseIdentifier)")
            droppedIndexes.append(index[1])
        }
        // ``MerchantStateLoad`` does their work: it adds each merchant's state row and applies
        // each event as the status trigger would, and writes the rows in key order at the end.
        setAsideTriggers = try SetAsideTriggers(db, named: ["merchant_state_insert", "qr_status_event_current"])
        loadedStates = MerchantStateLoad()
        return true
    }

    /// Writes the queued rows; after a bulk load, the state rows and the triggers set aside, then
    /// rebuilds the indexes dropped by ``beginBulkLoad()`` (``SQLiteRegistry/rebuildIndexes(_:_:)``).
    mutating func finish() throws {
        try flush()
        if var states = loadedStates {
            loadedStates = nil
            try states.write(db)
        }
        try setAsideTriggers.recreate(db)
        try SQLiteRegistry.rebuildIndexes(db, droppedIndexes)
        droppedIndexes = []
    }

    /// Queues one merchant, and its status events, and returns its id (`id` when given, else the
    /// next one). The queue is written when it holds a statement's worth of rows.
    mutating func insert(_ m: ValidMerchant, id: Int64?, now: Date, events: [StatusChange] = []) throws -> Int64 {
        let (assigned, isNext) = try assign(id)
        queue.rows.append(m, id: assigned, isNext: isNext, seconds: now.storedSeconds)
        return try queued(assigned, events: events)
    }

    /// Queues row `row` of an import's encoded batch, as ``insert(_:id:now:events:)`` does a merchant.
    mutating func insert(_ rows: EncodedMerchantRows, row: Int, id: Int64?, now: Date, events: [StatusChange] = [])
        throws -> Int64
    {
        let (assigned, isNext) = try assign(id)
        queue.rows.append(rows, row: row, id: assigned, isNext: isNext, seconds: now.storedSeconds)
        return try queued(assigned, events: events)
    }

    /// The id a new row gets (`id`, at most ``Merchant/maximumId``, else the next one) and whether
    /// it is the next one; throws when there is no next one. A row with any other id starts a
    /// statement (the queue is written first), so that in every statement the rows bound with NULL
    /// come after any explicit id and SQLite gives them consecutive ids: the check of each
    /// statement's last id then covers them all.
    private mutating func assign(_ id: Int64?) throws -> (id: Int64, isNext: Bool) {
        precondition(id.map { $0 <= Merchant.maximumId } ?? true, "merchant id \(id!) past the largest")
        let assigned = id ?? nextId
        guard assigned <= Merchant.maximumId else {
            try flush()
            throw RegistryError.noMerchantIdLeft(largest: try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM merchant")!)
        }
        let isNext = assigned == nextId
        if !isNext && queue.rows.count > 0 { try flush() }
        if assigned >= nextId { nextId = assigned < Merchant.maximumId ? assigned + 1 : .max }
        return (assigned, isNext)
    }

    /// Queues a queued row's events and writes the queue when it holds a statement's rows, or
    /// 16 MiB of values (offsets into the queue's buffer are 32-bit).
    private mutating func queued(_ id: Int64, events: [StatusChange]) throws -> Int64 {
        for change in events { queue.events.append((id, change)) }
        if queue.rows.count == Self.rowsPerStatement || queue.rows.byteCount >= 16 << 20 { try flush() }
        return id
    }

    /// Writes the queued rows (and their events).
    mutating func flush() throws {
        // Moved out of the queue while they are bound (and back, emptied, after): a local value
        // is read without the run-time exclusivity checks every access to a class's property costs.
        var rows = EncodedMerchantRows()
        swap(&rows, &queue.rows)
        defer {
            rows.removeAll()
            swap(&rows, &queue.rows)
        }
        var start = 0
        while rows.count - start >= Self.rowsPerStatement {
            try write(rows, from: start, count: Self.rowsPerStatement, with: many)
            start += Self.rowsPerStatement
        }
        while start < rows.count {
            try write(rows, from: start, count: 1, with: single)
            start += 1
        }
        let events = queue.events
        queue.events.removeAll(keepingCapacity: true)
        try insertEvents(events, ofLast: rows.count)
    }

    /// Inserts events of merchants among the last `rows` written; during a bulk load, also
    /// applies them to those merchants' state rows (the status trigger is set aside).
    private mutating func insertEvents(_ events: [(Int64, StatusChange)], ofLast rows: Int) throws {
        for (id, change) in events {
            try SQLiteRegistry.insertEvent(db, merchantId: id, change)
            if loadedStates != nil, let index = loadedStates!.recentIndex(of: id, window: rows) {
                loadedStates!.record(change.status, at: change.at.storedSeconds, index: index)
            }
        }
    }

    /// Binds `count` queued rows from `start` to `statement` and runs it.
    private mutating func write(_ rows: EncodedMerchantRows, from start: Int, count: Int, with statement: Statement)
        throws
    {
        let handle = statement.sqliteStatement
        try rows.bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { chars in
                for row in 0..<count {
                    let base = Int32(row * Self.valuesPerRow)
                    let queued = rows.rows[start + row]
                    // The next id is SQLite's choice for NULL (see the type's notes).
                    if let id = queued.id, !queued.isNext {
                        sqlite3_bind_int64(handle, base + 1, id)
                    } else {
                        sqlite3_bind_null(handle, base + 1)
                    }
                    for field in 0..<EncodedMerchantRows.textFields {
                        let span = rows.spans[(start + row) * EncodedMerchantRows.textFields + field]
                        let index = base + 2 + Int32(field)
                        if span.start < 0 {
                            sqlite3_bind_null(handle, index)
                        } else {
                            // No destructor (SQLITE_STATIC): the buffer outlives the step below, and the
                            // bindings are cleared before it returns.
                            sqlite3_bind_text(handle, index, chars.baseAddress! + Int(span.start), span.count, nil)
                        }
                    }
                    sqlite3_bind_int64(handle, base + 16, queued.seconds)
                    sqlite3_bind_int64(handle, base + 17, queued.seconds)
                }
                try SQLiteCAPI.step(db, statement, clearingBindings: true)
            }
        }
        // The ids handed out must be the ones SQLite chose (always so: both take the largest + 1).
        // Only a statement's first row may have an explicit id (``assign(_:)``), so the last row's
        // id vouches for the NULL-bound rows before it.
        let last = rows.rows[start + count - 1].id!  // queued rows all have their ids (``assign(_:)``)
        if db.lastInsertedRowID != last {
            throw DatabaseError(
                resultCode: .SQLITE_INTERNAL,
                message: "merchant id \(db.lastInsertedRowID) inserted where \(last) was expected", sql: statement.sql)
        }
        if loadedStates != nil {
            for row in start..<start + count {
                let id = rows.rows[row].id!
                try rows.withValue(row: row, .communeCode) { commune in
                    try rows.withValue(row: row, .openedOn) { openedOn in
                        try rows.withValue(row: row, .closedOn) { closedOn in
                            try loadedStates!.add(id: id, commune: commune!, openedOn: openedOn, closedOn: closedOn)
                        }
                    }
                }
            }
        }
    }
}

/// The rows an inserter has queued, and their events (a class, so that the inserter's queue is
/// appended to in place).
private final class QueuedRows {
    var rows = EncodedMerchantRows()
    var events: [(Int64, StatusChange)] = []

    init() {
        rows.reserve(rows: MerchantInserter.rowsPerStatement, bytesPerRow: 256)
    }
}
