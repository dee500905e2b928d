import Foundation
import Testing

/// Files that are not a registry of this build, given as `--db`: only `init` creates a registry,
/// every other command refuses such a file (66), a newer registry fails (1), and the file is
/// left byte for byte as it was.
@Suite struct RegistryFileTests {
    /// A fresh folder holding one file, `z.sqlite`.
    struct Folder {
        let url: URL
        var database: String { url.appendingPathComponent("z.sqlite").path }

        init() throws { url = try QRCovProcess.temporaryDirectory() }

        func bytes(_ suffix: String = "") -> Data? { FileManager.default.contents(atPath: database + suffix) }
        func exists(_ suffix: String) -> Bool { FileManager.default.fileExists(atPath: database + suffix) }
        func run(_ arguments: [String]) throws -> QRCovProcess.Result {
            try QRCovProcess.run(arguments, in: url)
        }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    @Test func theCoverageGateRefusesAnEmptyFileAndLeavesItEmpty() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(FileManager.default.createFile(atPath: folder.database, contents: Data()))
        let result = try folder.run(["coverage", "--db", "z.sqlite", "--province", "33", "--fail-below"])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr == "qrcov: z.sqlite is not a qrcov registry: run qrcov init\n")
        #expect(result.stdout.isEmpty)
        #expect(folder.bytes() == Data())
        #expect(!folder.exists("-wal") && !folder.exists("-shm"))
    }

    @Test func commandsRefuseAFileThatIsNotAnSQLiteDatabase() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let garbage = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        #expect(FileManager.default.createFile(atPath: folder.database, contents: garbage))
        for arguments in [["merchant", "list"], ["coverage", "--province", "33"]] {
            let result = try folder.run(arguments + ["--db", "z.sqlite"])
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a qrcov registry: run qrcov init"))
        }
        // init does not clobber it either.
        let initialized = try folder.run(["init", "--db", "z.sqlite", "--province", "33"])
        #expect(initialized.status == 73, "\(initialized.stderr)")
        #expect(initialized.stderr.contains("not a qrcov registry"))
        #expect(folder.bytes() == garbage)
    }

    @Test func initCreatesTheRegistryInAnEmptyFile() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(FileManager.default.createFile(atPath: folder.database, contents: Data()))
        let initialized = try folder.run(["init", "--db", "z.sqlite", "--province", "33"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.hasPrefix("Created z.sqlite: 104 communes"))
        let coverage = try folder.run(["coverage", "--db", "z.sqlite", "--province", "33", "--format", "csv"])
        #expect(coverage.status == 0, "\(coverage.stderr)")
    }

    @Test func aRegistryOfANewerQRCovIsRefusedAndLeftAsItWas() throws {
        let folder = try Folder()
        defer { folder.remove() }
        #expect(try folder.run(["init", "--db", "z.sqlite", "--province", "33"]).status == 0)
        let added = try folder.run(["merchant", "add", "--db", "z.sqlite", "--commune", "11953", "--name", "A"])
        #expect(added.status == 0, "\(added.stderr)")
        // What a later qrcov might do: a new column, its migration, its schema version. (The
        // sqlite3 shell checkpoints and removes the WAL file when it closes.)
        _ = try ExternalTools.sqlite(
            folder.database,
            """
            ALTER TABLE merchant ADD COLUMN loyalty_tier TEXT;
            INSERT INTO grdb_migrations VALUES ('merchant loyalty tier');
            PRAGMA user_version = 9;
            """,
            readOnly: false)
        #expect(!folder.exists("-wal"))
        let before = folder.bytes()
        let exported = try folder.run(["merchant", "export", "--db", "z.sqlite"])
        #expect(exported.status == 1, "\(exported.stderr)")
        #expect(
            exported.stderr == "qrcov: z.sqlite: this registry was written by a newer qrcov (schema 9); upgrade\n")
        #expect(exported.stdout.isEmpty)
        let marked = try folder.run(["mark", "--db", "z.sqlite", "1", "displayed"])
        #expect(marked.status == 1, "\(marked.stderr)")
        #expect(folder.bytes() == before)
        #expect(!folder.exists("-wal") && !folder.exists("-shm"))
    }
}
