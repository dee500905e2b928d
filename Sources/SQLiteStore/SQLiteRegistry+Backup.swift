import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// Writes a copy of the registry into the file at `path` (absent or empty) through SQLite's
    /// online backup API, and returns what the copy holds.
    ///
    /// The pages are copied in one step inside one read transaction: the copy is the snapshot
    /// that transaction sees, and in WAL mode other processes go on reading and writing
    /// meanwhile. The copy is then turned to rollback-journal mode, so it is one self-contained
    /// file: opening it (to read it, or to restore it) creates no WAL or shared-memory file
    /// beside it. On an error the journal files beside `path` are removed; `path` itself is the
    /// caller's.
    @discardableResult
    public func backup(to path: String) throws -> RegistryContents {
        do {
            let copy = try DatabaseQueue(path: path)
            let contents = try copy.writeWithoutTransaction { copyDB in
                try read { db in
                    let contents = try RegistryContents(db)
                    try db.backup(to: copyDB)
                    return contents
                }
            }
            // The copied header states WAL mode, as the registry's does.
            let mode = try copy.writeWithoutTransaction { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            }
            try copy.close()
            guard mode == "delete" else {
                throw DatabaseError(message: "the backup \(path) stayed in \(mode ?? "?") mode")
            }
            return contents
        } catch {
            for suffix in ["-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Replaces the registry at `path` with the registry in the file `source` (a ``backup(to:)``,
    /// or a copy of a registry's file), and returns what it holds.
    ///
    /// Checked first, with nothing written anywhere: `source` must be a registry of this build's
    /// schema or an older one (``RegistryFileError/missing(path:)``,
    /// ``RegistryFileError/notARegistry(path:)``, ``RegistryFileError/newerSchema(path:version:)``),
    /// pass `PRAGMA quick_check` (else a damaged ``RegistryFault`` naming it), and `path` must be
    /// a registry, an empty file or nothing (a new registry is then created). An older schema is
    /// migrated when the registry is next opened.
    ///
    /// The pages are copied into the live registry by SQLite's online backup API, through an
    /// ordinary connection to it, in one write transaction: other writers wait for it (busy
    /// timeout), readers keep the snapshot they started with and see the restored registry from
    /// their next transaction, and the WAL and shared-memory files stay those SQLite coordinates
    /// every connection with, holding nothing of the old registry once the WAL is settled
    /// (``settleWAL(_:)``). Replacing the file by a rename and deleting its `-wal` and `-shm`
    /// files instead would leave a process that has the registry open working on the old,
    /// unlinked file and index, unseen by the others, whatever lock was held.
    public static func restore(
        from source: String, into path: String, busyTimeout: TimeInterval = defaultBusyTimeout
    ) throws -> RegistryContents {
        let created = RegistryFileCheck.missingCompanions(source)
        defer { RegistryFileCheck.removeCreated(created) }
        switch try RegistryFileCheck.inspect(source, busyTimeout: busyTimeout) {
        case .nothing: throw RegistryFileError.missing(path: source)
        case .empty: throw RegistryFileError.notARegistry(path: source)
        case .registry: break
        }
        let backup = try DatabaseQueue(
            path: source, configuration: configuration(readonly: true, busyTimeout: busyTimeout))
        defer { try? backup.close() }
        return try backup.read { backupDB in
            try RegistryFileCheck.quickCheck(backupDB, path: source)
            let contents = try RegistryContents(backupDB)
            // Only now is the live registry looked at: a refused backup leaves it untouched, not
            // even the WAL and shared-memory files a look at it creates (its connection removes them).
            _ = try RegistryFileCheck.inspect(path, busyTimeout: busyTimeout)
            try RegistryFaults.reporting(path: path) {
                let live = try DatabaseQueue(path: path, configuration: configuration(busyTimeout: busyTimeout))
                try live.writeWithoutTransaction { db in
                    try backupDB.backup(to: db)
                    try useWAL(db)
                    settleWAL(db)
                }
                try live.close()
            }
            return contents
        }
    }
}

extension RegistryContents {
    /// The counts of the registry `db`.
    init(_ db: Database) throws {
        let row = try Row.fetchOne(
            db, sql: "SELECT (SELECT COUNT(*) FROM merchant), (SELECT COUNT(*) FROM qr_status_event)")
        self.init(merchants: row?[0] ?? 0, statusEvents: row?[1] ?? 0)
    }
}
