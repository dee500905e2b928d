import Foundation
import GRDB
import Store

/// What is at a registry's path, found before ``SQLiteRegistry`` opens it for writing: opening an
/// SQLite file in WAL mode, migrating it or creating a schema in it would change the file, so a
/// file that is not a registry of this build is refused first, and left byte for byte as it was.
enum RegistryFileCheck {
    enum Found: Equatable {
        /// No file at the path.
        case nothing
        /// A 0-byte file, or an SQLite database with nothing in its schema: nothing to lose.
        case empty
        /// A registry of this build's schema or an older one (migrated when opened).
        case registry
    }

    /// The first 16 bytes of every SQLite database file.
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// What is at `path`. Throws ``RegistryFileError/notARegistry(path:)`` for a directory, a
    /// file that is not an SQLite database or an SQLite database with another schema,
    /// ``RegistryFileError/newerSchema(path:version:)`` for a registry of a newer build, and a
    /// ``RegistryFault`` when the database cannot be read: damaged (it starts as SQLite but is
    /// not readable as a database), locked for longer than `busyTimeout` seconds, unreadable.
    static func inspect(_ path: String, busyTimeout: TimeInterval) throws -> Found {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .nothing }
        guard !isDirectory.boolValue else { throw RegistryFileError.notARegistry(path: path) }
        // An unreadable file is left for SQLite to report as such.
        guard let handle = FileHandle(forReadingAtPath: path) else { return .registry }
        let start = (try? handle.read(upToCount: 100)) ?? nil
        try? handle.close()
        guard let start, !start.isEmpty else { return .empty }
        guard start.count == 100, start.prefix(16).elementsEqual(sqliteHeader) else {
            throw RegistryFileError.notARegistry(path: path)
        }
        return try inspectSchema(path, busyTimeout: busyTimeout)
    }

    /// The schema's state, read through a read-only connection. SQLite creates the WAL and
    /// shared-memory files of a WAL database when they are missing, even to read it: those it
    /// created are removed again when the file is refused or damaged. (Not when it is busy: then
    /// another process may have created them meanwhile, and uses them.)
    private static func inspectSchema(_ path: String, busyTimeout: TimeInterval) throws -> Found {
        let companions = missingCompanions(path)
        let state: SchemaState
        do {
            state = try RegistryFaults.reporting(path: path) { try readSchemaState(path, busyTimeout: busyTimeout) }
        } catch let fault as RegistryFault where fault.kind == .damaged {
            removeCreated(companions)
            throw fault
        }
        switch state {
        case .registry: return .registry
        case .empty: return .empty
        case .foreign, .newer:
            removeCreated(companions)
            if case .newer(let version) = state { throw RegistryFileError.newerSchema(path: path, version: version) }
            throw RegistryFileError.notARegistry(path: path)
        }
    }

    private enum SchemaState {
        case empty, registry, foreign
        case newer(version: Int)
    }

    private static func readSchemaState(_ path: String, busyTimeout: TimeInterval) throws -> SchemaState {
        let queue = try DatabaseQueue(
            path: path, configuration: SQLiteRegistry.configuration(readonly: true, busyTimeout: busyTimeout))
        defer { try? queue.close() }
        return try queue.read(schemaState)
    }

    private static func schemaState(_ db: Database) throws -> SchemaState {
        if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") == 0 { return .empty }
        guard try db.tableExists("grdb_migrations") else { return .foreign }
        let applied = try Schema.migrator.appliedIdentifiers(db)
        let known = Schema.migrator.migrations
        guard let first = known.first, applied.contains(first) else { return .foreign }
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if !applied.isSubset(of: known) || version > Schema.version {
            return .newer(version: max(version, applied.count))
        }
        return .registry
    }

    /// The WAL and shared-memory files of the database at `path` that do not exist: a read-only
    /// connection to a WAL-mode database creates them, and cannot remove them when it closes.
    static func missingCompanions(_ path: String) -> [String] {
        [path + "-wal", path + "-shm"].filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// Removes the WAL and shared-memory files a read-only look created (``missingCompanions(_:)``,
    /// taken before it): the WAL file only while empty (nothing was written to it).
    static func removeCreated(_ companions: [String]) {
        for companion in companions {
            if companion.hasSuffix("-wal") {
                let size = (try? FileManager.default.attributesOfItem(atPath: companion)[.size] as? Int) ?? nil
                guard size == 0 else { continue }
            }
            try? FileManager.default.removeItem(atPath: companion)
        }
    }

    /// Throws a damaged ``RegistryFault`` with the first problem SQLite's
    /// `PRAGMA quick_check` finds in the database `db` (the file at `path`), or that it meets
    /// reading it. The check reads every page, without the index-against-table comparisons of
    /// `integrity_check`.
    static func quickCheck(_ db: Database, path: String) throws {
        let problems: [String]
        do {
            problems = try String.fetchAll(db, sql: "PRAGMA quick_check(1)")
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            problems = [error.message ?? "\(error.resultCode)"]
        }
        guard problems == ["ok"] else {
            // The first problem, without the "*** in database main ***" line SQLite puts before it.
            let lines = (problems.first ?? "no answer").split(separator: "\n").filter { !$0.hasPrefix("***") }
            throw RegistryFault(.damaged, path: path, detail: "quick_check: " + lines.joined(separator: " "))
        }
    }
}
