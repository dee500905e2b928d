import Foundation
import GRDB
import Store
import Testing

@testable import SQLiteStore

/// What ``SQLiteRegistry`` does with a file that is not a registry of this build: it refuses it
/// with a ``RegistryFileError`` and leaves it byte for byte as it was.
@Suite struct RegistryFileTests {
    /// A fresh folder; `path` is the registry's path in it.
    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("registry-file-\(UUID().uuidString)")
        var path: String { url.appendingPathComponent("r.sqlite").path }

        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }

        func bytes() -> Data? { FileManager.default.contents(atPath: path) }
        /// The files in the folder, sorted.
        func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
        func remove() { try? FileManager.default.removeItem(at: url) }

        /// Asserts that opening the file, and opening or creating a registry there, both throw
        /// `expected` and leave the folder's files as they were.
        func expectRefused(_ expected: RegistryFileError, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = bytes()
            let filesBefore = try files()
            #expect(throws: expected, sourceLocation: sourceLocation) { try SQLiteRegistry(path: path) }
            #expect(throws: expected, sourceLocation: sourceLocation) {
                try SQLiteRegistry(path: path, provinces: ["33"])
            }
            #expect(bytes() == before, sourceLocation: sourceLocation)
            #expect(try files() == filesBefore, sourceLocation: sourceLocation)
        }

        /// A Hưng Yên registry at `path`, changed with `sql` through a connection that checkpoints
        /// and removes the WAL file when it closes (as another program would).
        func registry(changedWith sql: String) throws {
            _ = try SQLiteRegistry(path: path, provinces: ["33"])
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
            try queue.close()
        }
    }

    @Test func anEmptyFileIsNotOpenedButInitCreatesARegistryInIt() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(FileManager.default.createFile(atPath: folder.path, contents: Data()))
        #expect(throws: RegistryFileError.notARegistry(path: folder.path)) { try SQLiteRegistry(path: folder.path) }
        #expect(folder.bytes() == Data())
        #expect(try folder.files() == ["r.sqlite"])
        let created = try SQLiteRegistry(path: folder.path, provinces: ["33"])
        #expect(created.communes.communes.count == 104)
        #expect(try SQLiteRegistry(path: folder.path).appliedMigrations() == RegistryStoreTests.migrations)
    }

    @Test func aMissingFileIsNotCreatedByOpening() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(throws: RegistryFileError.missing(path: folder.path)) { try SQLiteRegistry(path: folder.path) }
        #expect(try folder.files() == [])
    }

    @Test func garbageBytesAreNotARegistry() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let garbage = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) })
        #expect(FileManager.default.createFile(atPath: folder.path, contents: garbage))
        try folder.expectRefused(.notARegistry(path: folder.path))
        // Nor is a file that starts as an SQLite database but is too short to be one.
        #expect(FileManager.default.createFile(atPath: folder.path, contents: Data("SQLite format 3\0".utf8)))
        try folder.expectRefused(.notARegistry(path: folder.path))
    }

    @Test func anotherApplicationsSQLiteDatabaseIsNotARegistry() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let queue = try DatabaseQueue(path: folder.path)
        try queue.write { db in
            try db.execute(
                sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO note(body) VALUES ('x')")
        }
        try queue.close()
        try folder.expectRefused(.notARegistry(path: folder.path))
        // Nor is one in WAL mode whose WAL and shared-memory files are missing.
        let wal = try DatabasePool(path: folder.path)
        try wal.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.path + suffix) }
        try folder.expectRefused(.notARegistry(path: folder.path))
    }

    @Test func aDirectoryIsNotARegistry() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: false)
        try folder.expectRefused(.notARegistry(path: folder.path))
    }

    @Test func aRegistryWithAMigrationThisBuildDoesNotKnowIsRefused() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.registry(changedWith: "INSERT INTO grdb_migrations VALUES ('from a later qrcov')")
        try folder.expectRefused(.newerSchema(path: folder.path, version: Schema.version + 1))
    }

    @Test func aRegistryWithAHigherSchemaVersionIsRefused() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try folder.registry(changedWith: "PRAGMA user_version = 99")
        try folder.expectRefused(.newerSchema(path: folder.path, version: 99))
    }

    @Test func newRegistriesStateTheirSchemaVersionAndOlderOnesAreMigrated() throws {
        let folder = try Folder()
        defer { folder.remove() }
        do {
            let queue = try DatabaseQueue(path: folder.path)
            try Schema.migrator.migrate(queue, upTo: "bank sync: import ledger")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO province VALUES ('33', 'Hưng Yên')")
                try db.execute(sql: "INSERT INTO commune VALUES ('11953', '33', 'Phố Hiến', 'phường')")
            }
            try queue.close()
        }
        let registry = try SQLiteRegistry(path: folder.path)
        #expect(try registry.appliedMigrations() == RegistryStoreTests.migrations)
        #expect(registry.communes.communes.map(\.code) == ["11953"])
        let version = try registry.writer.read { try Int.fetchOne($0, sql: "PRAGMA user_version") }
        #expect(version == Schema.version)
        #expect(Schema.version == RegistryStoreTests.migrations.count)
    }
}
