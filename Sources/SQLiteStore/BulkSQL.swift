import Coverage
import Domain
import Store
import GRDB
import GRDBSQLite

/// Steps the bulk writers share: setting triggers aside for a bulk change, running a statement
/// whose values the writer bound itself, and turning SQLite's C API errors into GRDB's.
enum BulkSQL {
    /// Drops the named triggers that exist and returns their stored SQL, for ``recreate(_:_:)``
    /// before the transaction ends. Only inside a transaction that is rolled back on any error:
    /// the rollback is what brings them back then.
    static func setAsideTriggers(_ db: Database, named names: [String]) throws -> [String] {
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names.map { _ in "?" }.joined(separator: ", ")))
            """, arguments: StatementArguments(names))
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \((trigger[0] as String).quotedDatabaseIdentifier)") }
        return triggers.map { $0[1] }
    }

    /// Re-creates triggers from their stored SQL.
    static func recreate(_ db: Database, _ triggers: [String]) throws {
        for sql in triggers { try db.execute(sql: sql) }
    }

    /// Runs a statement whose parameters the caller bound through its handle, then resets it
    /// (and clears its bindings, when they point into the caller's buffers); throws SQLite's error.
    static func step(_ db: Database, _ statement: Statement, clearingBindings: Bool = false) throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        if clearingBindings { sqlite3_clear_bindings(handle) }
        guard code == SQLITE_DONE else { throw error(db, code, sql: statement.sql) }
    }

    /// The error of a failed call of SQLite's C API, with its message.
    static func error(_ db: Database, _ code: Int32, sql: String? = nil) -> DatabaseError {
        error(connection: db.sqliteConnection, code, sql: sql)
    }

    /// The error of a failed call of SQLite's C API on a connection, with its message (from any thread).
    static func error(connection: OpaquePointer?, _ code: Int32, sql: String? = nil) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}
