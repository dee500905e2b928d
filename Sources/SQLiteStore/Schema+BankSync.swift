import Coverage
import Domain
import GRDB
import Store

extension Schema {
    /// The bank sync migration: the import ledger, one row per bank file applied, keyed by the
    /// SHA-256 of the file's bytes so that importing the same file again does nothing.
    static func registerBankSync(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("bank sync: import ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE import_record (
                        sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
                        profile TEXT NOT NULL,
                        -- The BIN of the profile's bank, NULL for profiles that are not one bank's.
                        bank TEXT,
                        source TEXT NOT NULL,
                        file_name TEXT NOT NULL,
                        imported_at INTEGER NOT NULL,
                        rows INTEGER NOT NULL,
                        events INTEGER NOT NULL,
                        accounts INTEGER NOT NULL,
                        created INTEGER NOT NULL,
                        unchanged INTEGER NOT NULL,
                        review INTEGER NOT NULL,
                        unmatched INTEGER NOT NULL,
                        rejected INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
    }
}
