import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import SQLiteStore

/// ``SQLiteRegistry/backup(to:)`` and ``SQLiteRegistry/restore(from:into:)``: a backup is one
/// consistent file made while others read and write; a restore checks the backup, touches nothing
/// when it is refused, and replaces the registry through SQLite so nothing stale remains.
@Suite struct BackupRestoreTests {
    /// A fresh folder with a Hưng Yên registry `r.sqlite` of 300 merchants, 3 of them displayed.
    struct Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
        var path: String { file("r.sqlite") }

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let registry = try SQLiteRegistry(path: path, provinces: ["33"])
            let ids = try registry.bulkInsert(
                (1...300).map { n in
                    BulkMerchant(merchant: ValidMerchant(communeCode: "11953", name: "Cửa hàng \(n)"), events: [])
                })
            try registry.mark(Array(ids.prefix(3)), StatusChange(.displayed, at: Days.at("2025-10-01 08:00")))
        }

        func file(_ name: String) -> String { url.appendingPathComponent(name).path }
        func bytes(_ name: String = "r.sqlite") -> Data? { FileManager.default.contents(atPath: file(name)) }
        func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
        func remove() { try? FileManager.default.removeItem(at: url) }

        /// Phố Hiến's (total, covered) today, read by a fresh connection.
        func counts(_ name: String = "r.sqlite") throws -> (total: Int, covered: Int) {
            try SQLiteRegistry(path: file(name)).counts(commune: "11953", asOf: nil)
        }

        /// `PRAGMA integrity_check` of a file, through a connection of its own.
        func integrity(_ name: String = "r.sqlite") throws -> [String] {
            let queue = try DatabaseQueue(path: file(name))
            defer { try? queue.close() }
            return try queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        }

        /// A connection that may leave a transaction open between calls, as another process would.
        func connection() throws -> DatabaseQueue {
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            return try DatabaseQueue(path: path, configuration: configuration)
        }
    }

    @Test func aBackupIsOneConsistentFileMadeWhileOthersReadAndWrite() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let registry = try SQLiteRegistry(path: folder.path)
        // Another connection reads in an open transaction; a third holds the write lock with an
        // event not committed yet. The backup waits for neither and copies what was committed.
        let reader = try folder.connection()
        try reader.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant")
        }
        let writer = try folder.connection()
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try SQLiteRegistry.insertEvent(db, merchantId: 10, StatusChange(.displayed, at: Days.at("2025-10-02")))
        }
        let contents = try registry.backup(to: folder.file("b.sqlite"))
        #expect(contents == RegistryContents(merchants: 300, statusEvents: 3))
        try writer.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        try reader.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        try reader.close()
        try writer.close()
        #expect(try folder.counts() == (300, 4))

        // One file in rollback-journal mode: nothing beside it, and reading it creates nothing.
        let backup = try #require(folder.bytes("b.sqlite"))
        #expect(Array(backup[18...19]) == [1, 1])
        #expect(try folder.files() == ["b.sqlite", "r.sqlite", "r.sqlite-shm", "r.sqlite-wal"])
        #expect(try folder.integrity("b.sqlite") == ["ok"])
        #expect(try folder.counts("b.sqlite") == (300, 3))
        #expect(folder.bytes("b.sqlite") == backup)
        #expect(!(try folder.files()).contains { $0.hasPrefix("b.sqlite-") })
    }

    @Test func aRestoreBringsBackTheBackupAndLeavesNothingOfTheReplacedRegistry() throws {
        let folder = try Folder()
        defer { folder.remove() }
        do {
            let registry = try SQLiteRegistry(path: folder.path)
            try registry.backup(to: folder.file("b.sqlite"))
            // Later writes: more statuses, and more merchants (the file grows).
            try registry.mark(Array(4...200), StatusChange(.displayed, at: Days.at("2025-10-03")))
            try registry.bulkInsert(
                (1...2_000).map { n in
                    BulkMerchant(merchant: ValidMerchant(communeCode: "11953", name: "Quán \(n)"), events: [])
                })
        }
        #expect(try folder.counts() == (2_300, 200))
        // A process that has the registry open meanwhile, with a read done before the restore.
        let watcher = try folder.connection()
        #expect(try watcher.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM merchant") } == 2_300)

        let contents = try SQLiteRegistry.restore(from: folder.file("b.sqlite"), into: folder.path)
        #expect(contents == RegistryContents(merchants: 300, statusEvents: 3))
        #expect(try watcher.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM merchant") } == 300)
        // The WAL file kept open by the watcher holds nothing: the file alone is the registry.
        #expect(try FileManager.default.attributesOfItem(atPath: folder.path + "-wal")[.size] as? Int == 0)
        try watcher.close()
        #expect(try folder.integrity() == ["ok"])
        #expect(try folder.counts() == (300, 3))
        let mode = try SQLiteRegistry(path: folder.path).writer.read {
            try String.fetchOne($0, sql: "PRAGMA journal_mode")
        }
        #expect(mode == "wal")
        #expect(try folder.files() == ["b.sqlite", "r.sqlite"])
    }

    @Test func aRestoreWaitsForAWriterAndReplacesWhatItCommitted() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try SQLiteRegistry(path: folder.path).backup(to: folder.file("b.sqlite"))
        let writer = try folder.connection()
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try SQLiteRegistry.insertEvent(db, merchantId: 10, StatusChange(.displayed, at: Days.at("2025-10-02")))
        }
        let committing = Thread {
            Thread.sleep(forTimeInterval: 0.5)
            try? writer.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
        }
        committing.start()
        let started = Date()
        try SQLiteRegistry.restore(from: folder.file("b.sqlite"), into: folder.path)
        #expect(Date().timeIntervalSince(started) >= 0.4)
        #expect(try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM qr_status_event") } == 3)
        try writer.close()
        #expect(try folder.counts() == (300, 3))
        #expect(try folder.integrity() == ["ok"])
    }

    @Test func aRestoreRefusesWhatIsNotASoundRegistryAndTouchesNothing() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try SQLiteRegistry(path: folder.path).backup(to: folder.file("b.sqlite"))
        let backup = try #require(folder.bytes("b.sqlite"))
        func write(_ name: String, _ data: Data) {
            FileManager.default.createFile(atPath: folder.file(name), contents: data)
        }
        write("garbage.sqlite", Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }))
        write("empty.sqlite", Data())
        write("half.sqlite", backup.prefix(backup.count / 2))
        // The merchant table's root page overwritten: still a registry by its schema.
        let root = try DatabaseQueue(path: folder.file("b.sqlite")).read { db in
            try #require(try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'merchant'"))
        }
        var damaged = backup
        damaged.replaceSubrange((root - 1) * 4096..<root * 4096, with: Data(repeating: 0xA5, count: 4096))
        write("damaged.sqlite", damaged)
        let live = try #require(folder.bytes())
        let files = try folder.files()

        func refused(_ name: String) throws -> (any Error)? {
            var refusal: (any Error)?
            do {
                try SQLiteRegistry.restore(from: folder.file(name), into: folder.path)
            } catch {
                refusal = error
            }
            #expect(folder.bytes() == live, "\(name): the registry changed")
            #expect(try folder.files() == files, "\(name): files were created or removed")
            return refusal
        }
        #expect(try refused("none.sqlite") as? RegistryFileError == .missing(path: folder.file("none.sqlite")))
        #expect(
            try refused("garbage.sqlite") as? RegistryFileError == .notARegistry(path: folder.file("garbage.sqlite")))
        #expect(try refused("empty.sqlite") as? RegistryFileError == .notARegistry(path: folder.file("empty.sqlite")))
        // Cut in half: the schema can no longer be read, or quick_check finds pages missing.
        let half = try #require(try refused("half.sqlite") as? RegistryFault)
        #expect(half.kind == .damaged && half.path == folder.file("half.sqlite"))
        let damage = try #require(try refused("damaged.sqlite") as? RegistryFault)
        #expect(damage.kind == .damaged && damage.path == folder.file("damaged.sqlite"))
        #expect(damage.detail.hasPrefix("quick_check: "))
        #expect(try folder.counts() == (300, 3))
    }

    @Test func aRestoreCreatesAMissingRegistryAndRefusesAFileThatIsNotOne() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try SQLiteRegistry(path: folder.path).backup(to: folder.file("b.sqlite"))
        try SQLiteRegistry.restore(from: folder.file("b.sqlite"), into: folder.file("new.sqlite"))
        #expect(try folder.counts("new.sqlite") == (300, 3))
        #expect(try folder.integrity("new.sqlite") == ["ok"])

        let notes = Data("not a registry, but someone's notes".utf8)
        FileManager.default.createFile(atPath: folder.file("notes.txt"), contents: notes)
        #expect(throws: RegistryFileError.notARegistry(path: folder.file("notes.txt"))) {
            try SQLiteRegistry.restore(from: folder.file("b.sqlite"), into: folder.file("notes.txt"))
        }
        #expect(folder.bytes("notes.txt") == notes)
    }
}
