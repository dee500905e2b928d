import Foundation
import Testing

/// `qrcov backup` and `qrcov restore`, and what a plain copy of the registry's file is worth once a
/// command has ended.
@Suite struct BackupCommandTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// A registry of 300 shops in Phố Hiến, 3 of them displayed on 1 October 2025.
    static func registry() throws -> Workspace {
        let space = try Workspace()
        let rows = (1...300).map { "11953,Cửa hàng \($0)" }
        try ("commune_code,name\n" + rows.joined(separator: "\n") + "\n").write(
            to: space.folder.appendingPathComponent("shops.csv"), atomically: true, encoding: .utf8)
        #expect(try space.run(["merchant", "import", "shops.csv"]).status == 0)
        #expect(try space.run(["mark", "1", "2", "3", "displayed", "--at", "2025-10-01"]).status == 0)
        return space
    }

    /// Later writes: 197 more shops displayed, 300 more shops (the file grows).
    static func writeMore(_ space: Workspace) throws {
        #expect(try space.run(["mark"] + (4...200).map(String.init) + ["displayed", "--at", "2025-10-02"]).status == 0)
        #expect(try space.run(["merchant", "import", "shops.csv", "--force"]).status == 0)
    }

    static func coverage(_ space: Workspace) throws -> String {
        try space.run(["coverage", "--commune", "11953", "--as-of", "2025-12-31", "--format", "csv"]).stdout
    }

    static func integrity(_ space: Workspace) throws -> String {
        try ExternalTools.sqlite(space.database, "PRAGMA integrity_check", readOnly: true)
    }

    func companions(_ space: Workspace) -> [String] {
        ["-wal", "-shm"].filter { FileManager.default.fileExists(atPath: space.database + $0) }
    }

    @Test func aRestoreBringsBackTheBackupsStatuses() throws {
        let space = try Self.registry()
        defer { space.remove() }
        let atBackup = try Self.coverage(space)
        #expect(atBackup.contains("11953,Phố Hiến,300,3,"))
        let backup = try space.run(["backup", "backups-1.sqlite"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(
            backup.stdout
                == "Đã sao lưu \(space.database) vào backups-1.sqlite: 300 cửa hàng, 3 sự kiện trạng thái QR.\n")
        try Self.writeMore(space)
        #expect(try Self.coverage(space).contains("11953,Phố Hiến,600,200,"))

        let restored = try space.run(["restore", "backups-1.sqlite", "--lang", "en"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(
            restored.stdout == "Restored \(space.database) from backups-1.sqlite: 300 merchants, 3 QR status events.\n")
        #expect(try Self.integrity(space) == "ok")
        #expect(try Self.coverage(space) == atBackup)
        #expect(companions(space) == [])
        // The restored registry takes writes as any other.
        #expect(try space.run(["mark", "4", "displayed", "--at", "2025-10-03"]).status == 0)
        #expect(try Self.coverage(space).contains("11953,Phố Hiến,300,4,"))
    }

    /// The README's former advice: copy the main file alone, and copy it back. Once a command has
    /// ended, the file alone is the registry, and no WAL file beside it replays later writes onto
    /// the copy put back (with a WAL file left between commands, this corrupted the registry).
    @Test func aCopyOfTheRegistryFileMadeBetweenCommandsIsTheWholeRegistry() throws {
        let space = try Self.registry()
        defer { space.remove() }
        let atCopy = try Self.coverage(space)
        let copy = space.folder.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: space.database, toPath: copy)
        try Self.writeMore(space)
        try FileManager.default.removeItem(atPath: space.database)
        try FileManager.default.copyItem(atPath: copy, toPath: space.database)
        #expect(try Self.integrity(space) == "ok")
        #expect(try Self.coverage(space) == atCopy)
    }

    @Test func aBackupIsNeverWrittenOverTheRegistryOrItsJournal() throws {
        let space = try Self.registry()
        defer { space.remove() }
        let before = try Data(contentsOf: URL(fileURLWithPath: space.database))
        for target in ["qrcov.sqlite", "./qrcov.sqlite", space.database, "qrcov.sqlite-wal", "qrcov.sqlite-shm"] {
            let result = try space.run(["backup", target])
            #expect(result.status == 73, "\(target): \(result.stderr)")
            #expect(result.stderr.contains("refusing to write \(target): it is the registry"), "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: space.database)) == before)
            #expect(companions(space) == [])
        }
        #expect(try space.run(["backup", "-"]).status == 64)
        // A folder that does not exist: nothing written (73).
        let missing = try space.run(["backup", "no/such/folder/b.sqlite"])
        #expect(missing.status == 73, "\(missing.stderr)")
    }

    @Test func aRestoreRefusesAFileThatIsNotASoundRegistryAndTouchesNothing() throws {
        let space = try Self.registry()
        defer { space.remove() }
        #expect(try space.run(["backup", "b.sqlite"]).status == 0)
        let backup = try Data(contentsOf: space.folder.appendingPathComponent("b.sqlite"))
        let garbage = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: space.folder.appendingPathComponent("garbage.sqlite"))
        try backup.prefix(backup.count / 2).write(to: space.folder.appendingPathComponent("half.sqlite"))
        // The merchant table's root page overwritten: a registry by its schema, damaged.
        let root = try #require(
            Int(
                try ExternalTools.sqlite(
                    space.folder.appendingPathComponent("b.sqlite").path,
                    "SELECT rootpage FROM sqlite_master WHERE name = 'merchant'", readOnly: true)))
        var damaged = backup
        damaged.replaceSubrange((root - 1) * 4096..<root * 4096, with: Data(repeating: 0xA5, count: 4096))
        try damaged.write(to: space.folder.appendingPathComponent("damaged.sqlite"))
        try Self.writeMore(space)
        let live = try Data(contentsOf: URL(fileURLWithPath: space.database))
        let files = try FileManager.default.contentsOfDirectory(atPath: space.folder.path).sorted()
        let cases: [(file: String, status: Set<Int32>, message: String)] = [
            ("none.sqlite", [66], "qrcov: none.sqlite: no such file; nothing restored\n"),
            ("garbage.sqlite", [66], "qrcov: garbage.sqlite is not a qrcov registry"),
            ("half.sqlite", [65], "qrcov: the backup half.sqlite is damaged: "),
            ("damaged.sqlite", [65], "qrcov: the backup damaged.sqlite is damaged: parts of the file are missing"),
            ("qrcov.sqlite", [73], "qrcov: refusing to write \(space.database): it is the input qrcov.sqlite"),
        ]
        for (file, status, message) in cases {
            let result = try space.run(["restore", file])
            #expect(status.contains(result.status), "\(file): exit \(result.status): \(result.stderr)")
            #expect(result.stderr.hasPrefix(message), "\(file): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try Data(contentsOf: URL(fileURLWithPath: space.database)) == live, "\(file): the registry changed")
            #expect(try FileManager.default.contentsOfDirectory(atPath: space.folder.path).sorted() == files)
        }
        // SQLite's own words only with --verbose.
        let verbose = try space.run(["restore", "damaged.sqlite", "--verbose"])
        #expect(verbose.status == 65)
        #expect(verbose.stderr.contains("\nqrcov: detail: quick_check: "), "\(verbose.stderr)")
        #expect(try Self.coverage(space).contains("11953,Phố Hiến,600,200,"))
    }

    @Test func aRestoreWithoutARegistryCreatesIt() throws {
        let space = try Self.registry()
        defer { space.remove() }
        #expect(try space.run(["backup", "b.sqlite"]).status == 0)
        let atBackup = try Self.coverage(space)
        try FileManager.default.removeItem(atPath: space.database)
        let restored = try space.run(["restore", "b.sqlite"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Self.coverage(space) == atBackup)
        // A file that is not a registry is not replaced.
        let notes = space.folder.appendingPathComponent("notes.txt")
        try "my notes".write(to: notes, atomically: true, encoding: .utf8)
        let refused = try space.run(["restore", "b.sqlite", "--db", notes.path])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes")
    }
}
