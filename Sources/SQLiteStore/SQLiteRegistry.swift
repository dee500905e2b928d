import Coverage
import Domain
import Foundation
import GRDB
import GRDBSQLite
import ReferenceData
import Store

/// The merchant registry: an SQLite file (WAL mode, busy timeout) holding communes, merchants
/// and their append-only QR status history.
///
/// Two processes may write at once: writes take the lock up front (`BEGIN IMMEDIATE`) and wait
/// up to the busy timeout (``defaultBusyTimeout``) for each other instead of failing at once.
///
/// Every error SQLite reports reaches callers as a ``RegistryFault`` (``RegistryFaults``), and
/// every refused file as a ``RegistryFileError``: never as GRDB's `DatabaseError`.
///
/// Between commands the database file alone is the whole registry: every write ends by copying
/// the WAL into it and truncating the WAL (``settleWAL(_:)``), and the last connection to close
/// removes the WAL and shared-memory files. A command that writes nothing, or fails, leaves the
/// database file byte for byte as it was.
public final class SQLiteRegistry: Sendable {
    /// How long, by default, a command waits for another process's write to finish (seconds).
    public static let defaultBusyTimeout: TimeInterval = 60

    let writer: any DatabaseWriter
    /// The communes (and their provinces) this registry tracks.
    public let communes: CommuneDirectory
    /// The file, or nil for an in-memory registry.
    public let path: String?
    /// How long a write waits for another process's write (seconds); other connections this
    /// registry opens (a parallel reader, a restore) wait as long.
    let busyTimeout: TimeInterval

    /// Opens the registry at `path` and brings its schema up to date (an older registry is
    /// migrated). Creates nothing: anything but a registry there is refused with a
    /// ``RegistryFileError`` before a byte of it is written. A write waits up to `busyTimeout`
    /// seconds for another process's write, then fails (``RegistryFault/Kind/busy``).
    public convenience init(path: String, busyTimeout: TimeInterval = defaultBusyTimeout) throws {
        try self.init(path: path, provinces: nil, mayCreate: false, busyTimeout: busyTimeout)
    }

    /// Opens the registry at `path`, or creates it when there is no file or an empty one, and
    /// brings its schema up to date.
    ///
    /// A new database is filled with the official 2025 communes of `provinces` (nil: all 34
    /// provinces, 3,321 units); an existing one keeps the communes it has. Any other file (not
    /// an SQLite database, another application's database, a newer registry) is refused with a
    /// ``RegistryFileError`` and left as it was.
    public convenience init(
        path: String, provinces: Set<String>?, busyTimeout: TimeInterval = defaultBusyTimeout
    ) throws {
        try self.init(path: path, provinces: provinces, mayCreate: true, busyTimeout: busyTimeout)
    }

    private init(path: String, provinces: Set<String>?, mayCreate: Bool, busyTimeout: TimeInterval) throws {
        let found = try RegistryFileCheck.inspect(path, busyTimeout: busyTimeout)
        guard mayCreate || found == .registry else {
            throw found == .nothing ? RegistryFileError.missing(path: path) : RegistryFileError.notARegistry(path: path)
        }
        let configuration = SQLiteRegistry.configuration(busyTimeout: busyTimeout)
        let (queue, communes) = try RegistryFaults.reporting(path: path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try SQLiteRegistry.prepare(queue, provinces: provinces)
            return (queue, try SQLiteRegistry.loadDirectory(queue))
        }
        writer = queue
        self.path = path
        self.communes = communes
        self.busyTimeout = busyTimeout
    }

    /// How every connection to a registry file is set up.
    ///
    /// One connection (a `DatabaseQueue`), in the journal mode the file states: GRDB's
    /// `DatabasePool` writes to a WAL-mode database whose WAL file is missing or empty when it
    /// opens it (to create that file), so with a pool every command, even one that only reads,
    /// would change the database file once its WAL had been emptied. A queue writes nothing until
    /// asked; the first write turns the journal mode to WAL (``useWAL(_:)``).
    static func configuration(readonly: Bool = false, busyTimeout: TimeInterval) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(busyTimeout)
        if !readonly {
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        }
        return configuration
    }

    private init(writer: any DatabaseWriter, provinces: Set<String>?) throws {
        try SQLiteRegistry.prepare(writer, provinces: provinces)
        self.writer = writer
        path = nil
        busyTimeout = SQLiteRegistry.defaultBusyTimeout
        communes = try SQLiteRegistry.loadDirectory(writer)
    }

    /// A registry held in memory (tests, previews), filled with the communes of `provinces`.
    public static func inMemory(provinces: Set<String>? = nil) throws -> SQLiteRegistry {
        try SQLiteRegistry(writer: DatabaseQueue(), provinces: provinces)
    }

    /// Migrates and fills a new database; an up-to-date one (every command's start) is only read.
    private static func prepare(_ writer: any DatabaseWriter, provinces: Set<String>?) throws {
        let upToDate = try writer.read { db in
            try Schema.migrator.hasCompletedMigrations(db)
                && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM commune)") == true
        }
        guard !upToDate else { return }
        try writer.writeWithoutTransaction { db in try useWAL(db) }
        try Schema.migrator.migrate(writer)
        try writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM commune)") == false {
                _ = try insertCommunes(db, provinces: provinces)
            }
            try db.execute(sql: "PRAGMA user_version = \(Schema.version)")
        }
        writer.writeWithoutTransaction { db in settleWAL(db) }
    }

    /// Adds the official communes of these provinces (nil: all) that the registry does not have yet.
    /// Returns how many were added. Open a new ``SQLiteRegistry`` to see them in ``communes``.
    /// When the registry has them all already, nothing is written (a read-only or busy registry
    /// is then no obstacle).
    @discardableResult
    public func addCommunes(provinces: Set<String>?) throws -> Int {
        let missing = ReferenceData.communes.contains { province, commune in
            (provinces?.contains(province.code) ?? true) && communes.commune(code: commune.code) == nil
        }
        guard missing else { return 0 }
        return try write { db in try SQLiteRegistry.insertCommunes(db, provinces: provinces) }
    }

    private static func insertCommunes(_ db: Database, provinces: Set<String>?) throws -> Int {
        var added = 0
        var seenProvinces = Set<String>()
        for (province, commune) in ReferenceData.communes where provinces?.contains(province.code) ?? true {
            if seenProvinces.insert(province.code).inserted {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO province(code, name) VALUES (?, ?)",
                    arguments: [province.code, province.name])
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO commune(code, province_code, name, type) VALUES (?, ?, ?, ?)",
                arguments: [commune.code, commune.provinceCode, commune.name, commune.type])
            added += db.changesCount
        }
        return added
    }

    private static func loadDirectory(_ reader: any DatabaseReader) throws -> CommuneDirectory {
        try reader.read { db in
            let communes = try Row.fetchAll(db, sql: "SELECT code, province_code, name, type FROM commune").map {
                Commune(code: $0[0], provinceCode: $0[1], name: $0[2], type: $0[3])
            }
            let provinces = try Row.fetchAll(db, sql: "SELECT code, name FROM province").map {
                Province(code: $0[0], name: $0[1])
            }
            return CommuneDirectory(communes: communes, provinces: provinces, lineage: ReferenceData.formerCommunes)
        }
    }

    /// Before a write transaction: WAL mode, so that other processes keep reading while it
    /// writes. A registry file in another journal mode (a backup, ``backup(to:)``, used as a
    /// registry) is read as it is, and turned to WAL by the first write transaction. An in-memory
    /// database keeps its own mode.
    static func useWAL(_ db: Database) throws {
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
        guard mode != "wal", mode != "memory" else { return }
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
            throw DatabaseError(message: "could not turn the registry's journal mode to WAL")
        }
    }

    /// After a write: copies the WAL into the database file and truncates the WAL to 0 bytes, so
    /// the database file alone is the whole registry again (a copy of it is a consistent
    /// registry, and a WAL file left beside a restored copy holds nothing to replay onto it).
    ///
    /// It never waits: while another process reads an older snapshot, the frames it still needs
    /// stay in the WAL for a later write (or the last connection's close) to copy.
    static func settleWAL(_ db: Database) {
        guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode")) == "wal" else { return }
        let handle = db.sqliteConnection
        // The connection's own busy timeout (milliseconds), to set back.
        let busyTimeout = Int32((try? Int.fetchOne(db, sql: "PRAGMA busy_timeout")) ?? 0)
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, busyTimeout) }
        _ = try? Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// A write transaction (``DatabaseWriter/write(_:)``) in WAL mode (``useWAL(_:)``), then the
    /// WAL settled (``settleWAL(_:)``).
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try reportingFaults {
            try writer.writeWithoutTransaction { db in
                try SQLiteRegistry.useWAL(db)
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try updates(db)
                    return .commit
                }
                SQLiteRegistry.settleWAL(db)
                return result!
            }
        }
    }

    /// A read of one consistent view of the registry (``DatabaseReader/read(_:)``).
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try reportingFaults { try writer.read(value) }
    }

    /// A bulk write transaction (``DatabaseWriter/bulkWrite(_:)``).
    func bulkWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try reportingFaults { try writer.bulkWrite(body) }
    }

    /// Runs `body`, SQLite's errors turned into the ``RegistryFault`` they mean for this registry.
    /// Every use of ``writer`` outside tests goes through it (``read(_:)``, ``write(_:)``, ``bulkWrite(_:)``).
    func reportingFaults<T>(_ body: () throws -> T) throws -> T {
        try RegistryFaults.reporting(path: path ?? ":memory:", body)
    }

    /// Copies everything in the WAL file into the database file and empties the WAL file, so the
    /// database file alone is the whole database (before moving or copying it).
    public func checkpoint() throws {
        try reportingFaults {
            try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
        }
    }

    /// The schema migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }
}

extension Date {
    /// Whole seconds since 1970, how instants are stored.
    var storedSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }
    init(storedSeconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(storedSeconds)) }
}

extension SQLiteRegistry: RegistryStore {}
