import Foundation
import GRDB
import GRDBSQLite

/// The bulk insert of merchant rows, for imports and generators of a million rows.
///
/// Rows are queued and written ``rowsPerStatement`` at a time by one multi-row `INSERT`: a
/// statement per row makes SQLite start its program and seek the end of the table again for each
/// row, which costs about twice as much (measured on a million merchants). Values are bound
/// straight from one reused byte buffer (no per-row argument boxing, no copy by SQLite).
/// The inserter gives each merchant its id when it is queued — the next one after the largest in
/// the table, as SQLite would — so callers get ids at once; a merchant's status events, queued
/// with it, are written right after it (the schema's trigger derives its current status).
///
/// Use it inside a GRDB write transaction. A queued row is only in the database after
/// ``flush()`` (or ``finish()``): flush before reading merchants back. When the merchant table is
/// empty at the start, ``beginBulkLoad()`` drops its secondary indexes and ``finish()`` rebuilds
/// them from their stored definitions: building an index once from all rows is faster than
/// growing it row by row.
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
    private let queue = QueuedRows()
    /// The id the next merchant without one gets; nil once the largest possible id is taken
    /// (SQLite then picks an unused one, and rows are written one by one).
    private var nextId: Int64?

    init(_ db: Database) throws {
        self.db = db
        let row = "(" + Array(repeating: "?", count: Self.valuesPerRow).joined(separator: ", ") + ")"
        single = try db.cachedStatement(sql: "INSERT INTO \(Self.columns) VALUES \(row)")
        many = try db.cachedStatement(sql: "INSERT INTO \(Self.columns) VALUES "
                                      + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
        let largest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM merchant") ?? 0
        nextId = largest == .max ? nil : largest + 1
    }

    /// Drops the merchant table's secondary indexes when it is empty (they are rebuilt by ``finish()``).
    /// Returns true when it did.
    @discardableResult
    mutating func beginBulkLoad() throws -> Bool {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM merchant)") == false else { return false }
        let indexes = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'merchant' AND sql IS NOT NULL")
        for index in indexes {
            try db.execute(sql: "DROP INDEX \((index[0] as String).quotedDatabaseIdentifier)")
            droppedIndexes.append(index[1])
        }
        return true
    }

    /// Writes the queued rows, then rebuilds the indexes dropped by ``beginBulkLoad()``, letting
    /// SQLite sort each index's entries on a second core (measured: about 5% faster for a million rows).
    mutating func finish() throws {
        try flush()
        guard !droppedIndexes.isEmpty else { return }
        try db.execute(sql: "PRAGMA threads = 2")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        for sql in droppedIndexes { try db.execute(sql: sql) }
        droppedIndexes = []
    }

    /// Queues one merchant, and its status events, and returns its id (`id` when given, else the
    /// next one). The queue is written when it holds a statement's worth of rows.
    mutating func insert(_ m: ValidMerchant, id: Int64?, now: Date, events: [StatusChange] = []) throws -> Int64 {
        guard let assigned = id ?? nextId else { return try insertLettingSQLiteChoose(m, now: now, events: events) }
        if let next = nextId, assigned >= next { nextId = assigned == .max ? nil : assigned + 1 }
        queue.rows.append(m, id: assigned, seconds: now.storedSeconds)
        for change in events { queue.events.append((assigned, change)) }
        if queue.rows.count == Self.rowsPerStatement { try flush() }
        return assigned
    }

    /// Writes the queued rows (and their events).
    func flush() throws {
        // Moved out of the queue while they are bound (and back, emptied, after): a local value
        // is read without the run-time exclusivity checks every access to a class's property costs.
        var rows = QueuedRows.Buffer()
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
        for (id, change) in events { try Registry.insertEvent(db, merchantId: id, change) }
    }

    /// After the largest id: the queue is written, then this row alone with a NULL id.
    private func insertLettingSQLiteChoose(_ m: ValidMerchant, now: Date, events: [StatusChange]) throws -> Int64 {
        try flush()
        queue.rows.append(m, id: nil, seconds: now.storedSeconds)
        try flush()
        let id = db.lastInsertedRowID
        for change in events { try Registry.insertEvent(db, merchantId: id, change) }
        return id
    }

    /// Binds `count` queued rows from `start` to `statement` and runs it.
    private func write(_ rows: QueuedRows.Buffer, from start: Int, count: Int, with statement: Statement) throws {
        let handle = statement.sqliteStatement
        let code = rows.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                for row in 0..<count {
                    let base = Int32(row * Self.valuesPerRow)
                    let queued = rows.rows[start + row]
                    if let id = queued.id { sqlite3_bind_int64(handle, base + 1, id) } else { sqlite3_bind_null(handle, base + 1) }
                    for field in 0..<QueuedRows.textFields {
                        let span = rows.spans[(start + row) * QueuedRows.textFields + field]
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
                let code = sqlite3_step(handle)
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                return code
            }
        }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

/// The rows an inserter has queued, and their events (a class, so that the inserter's queue is
/// appended to in place).
private final class QueuedRows {
    /// Text values a merchant row has (commune code to account name).
    static let textFields = 14

    var rows = Buffer()
    var events: [(Int64, StatusChange)] = []

    /// Rows' text values end to end in one byte buffer, with where each lies (start -1: NULL).
    struct Buffer {
        var bytes: [UInt8] = [0]
        var spans: [(start: Int32, count: Int32)] = []
        var rows: [(id: Int64?, seconds: Int64)] = []

        var count: Int { rows.count }

        mutating func reserveStatementCapacity() {
            bytes.reserveCapacity(MerchantInserter.rowsPerStatement * 256)
            spans.reserveCapacity(MerchantInserter.rowsPerStatement * QueuedRows.textFields)
            rows.reserveCapacity(MerchantInserter.rowsPerStatement)
        }

        mutating func removeAll() {
            // Never empty, so every span has a valid base address.
            bytes.removeAll(keepingCapacity: true)
            bytes.append(0)
            spans.removeAll(keepingCapacity: true)
            rows.removeAll(keepingCapacity: true)
        }

        mutating func append(_ m: ValidMerchant, id: Int64?, seconds: Int64) {
            add(m.communeCode)
            add(m.hamlet)
            add(m.hamletKey)
            add(m.address)
            add(m.name)
            add(m.ownerName)
            add(m.phone)
            add(m.taxCode)
            add(m.businessType)
            add(m.openedOn)
            add(m.closedOn)
            add(m.bankBIN)
            add(m.accountNumber)
            add(m.accountName)
            rows.append((id, seconds))
        }

        private mutating func add(_ text: String?) {
            guard let text else {
                spans.append((-1, 0))
                return
            }
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            spans.append((Int32(start), Int32(bytes.count - start)))
        }

        /// An ISO `YYYY-MM-DD` day, written in place.
        private mutating func add(_ day: CalendarDay?) {
            guard let day else {
                spans.append((-1, 0))
                return
            }
            let (year, month, dayOfMonth) = day.components
            let start = bytes.count
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                    divisor /= 10
                }
            }
            digits(year, 4)
            bytes.append(UInt8(ascii: "-"))
            digits(month, 2)
            bytes.append(UInt8(ascii: "-"))
            digits(dayOfMonth, 2)
            spans.append((Int32(start), Int32(bytes.count - start)))
        }
    }

    init() {
        rows.reserveStatementCapacity()
    }
}
