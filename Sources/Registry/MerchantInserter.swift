import Foundation
import GRDB
import GRDBSQLite

/// The bulk insert of merchant rows: one statement prepared by GRDB, values bound straight to
/// SQLite (no per-row argument boxing), for imports and generators of a million rows.
///
/// Use it inside a GRDB write transaction. When the merchant table is empty at the start,
/// ``beginBulkLoad()`` drops its secondary indexes and ``finish()`` rebuilds them from their
/// stored definitions: building an index once from all rows is faster than growing it row by row.
struct MerchantInserter {
    private let db: Database
    private let statement: Statement
    private var droppedIndexes: [String] = []

    init(_ db: Database) throws {
        self.db = db
        statement = try db.cachedStatement(sql: """
            INSERT INTO merchant(id, commune_code, hamlet, hamlet_key, address, name, owner_name, phone, tax_code, business_type,
                opened_on, closed_on, bank_bin, account_number, account_name, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
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

    /// Rebuilds the indexes dropped by ``beginBulkLoad()``.
    mutating func finish() throws {
        for sql in droppedIndexes { try db.execute(sql: sql) }
        droppedIndexes = []
    }

    /// Inserts one merchant and returns its id (`id` when given, else the next one).
    func insert(_ m: ValidMerchant, id: Int64?, now: Date) throws -> Int64 {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        let seconds = now.storedSeconds
        if let id { sqlite3_bind_int64(handle, 1, id) } else { sqlite3_bind_null(handle, 1) }
        bind(handle, 2, m.communeCode)
        bind(handle, 3, m.hamlet)
        bind(handle, 4, m.hamletKey)
        bind(handle, 5, m.address)
        bind(handle, 6, m.name)
        bind(handle, 7, m.ownerName)
        bind(handle, 8, m.phone)
        bind(handle, 9, m.taxCode)
        bind(handle, 10, m.businessType)
        bind(handle, 11, m.openedOn?.description)
        bind(handle, 12, m.closedOn?.description)
        bind(handle, 13, m.bankBIN)
        bind(handle, 14, m.accountNumber)
        bind(handle, 15, m.accountName)
        sqlite3_bind_int64(handle, 16, seconds)
        sqlite3_bind_int64(handle, 17, seconds)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return db.lastInsertedRowID
    }

    private func bind(_ handle: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, Int32(chars.count), SQLITE_TRANSIENT)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)
                }
            }
        }
    }
}

/// SQLite's "copy the value now" destructor, which the C macro hides from Swift.
private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
