import GRDB

/// Triggers dropped for a bulk change, whose work the bulk writer does itself, and re-created
/// from their stored SQL, unchanged, before the transaction ends.
///
/// Only inside a transaction that is rolled back on any error: the rollback is what brings
/// them back then (and a killed process's transaction never commits).
struct SetAsideTriggers {
    /// The stored SQL of the triggers dropped, for ``recreate(_:)``.
    private(set) var sql: [String] = []

    /// Nothing set aside.
    init() {}

    /// Drops the named triggers that exist, keeping their stored SQL.
    init(_ db: Database, named names: [String]) throws {
        let triggers = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (\(names.map { _ in "?" }.joined(separator: ", ")))
                """, arguments: StatementArguments(names))
        for trigger in triggers {
            try db.execute(sql: "DROP TRIGGER \((trigger[0] as String).quotedDatabaseIdentifier)")
        }
        sql = triggers.map { $0[1] }
    }

    /// Re-creates the triggers from their stored SQL; nothing is set aside afterwards.
    mutating func recreate(_ db: Database) throws {
        for sql in sql { try db.execute(sql: sql) }
        sql = []
    }
}
