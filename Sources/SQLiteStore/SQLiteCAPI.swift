import GRDB
import GRDBSQLite

/// Calls of SQLite's C API that the bulk writers make around GRDB: stepping a statement whose
/// values they bound themselves, and turning a failed call's code into GRDB's error.
enum SQLiteCAPI {
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
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}
