import Foundation
import Testing

/// Every command that takes `--db` against every kind of bad registry (``BadRegistry``): the
/// documented exit code and a message that names the registry and holds no SQL, nothing on
/// stdout and no file left in the working folder when it fails, and the registry (its files'
/// bytes, the presence of its `-wal` and `-shm` files) and the command's inputs byte for byte as
/// they were. Runs with `QRCOV_BUSY_TIMEOUT` short, so the locked cases wait well under a second.
@Suite struct HostileRegistryTests {
    /// What must never reach stderr without `--verbose`: SQLite's words and SQL.
    static let sqlWords = ["SQLite", "sqlite_master", "while executing", "SELECT", "INSERT", "BEGIN", "PRAGMA"]

    static func run(
        _ arguments: [String], in folder: HostileFolder, as user: (launcher: [String], binary: URL)? = nil,
        busyTimeout: String = HostileFolder.busyTimeout
    ) throws -> QRCovProcess.Result {
        try QRCovProcess.run(
            arguments + ["--db", HostileFolder.dbArgument], environment: ["QRCOV_BUSY_TIMEOUT": busyTimeout],
            in: folder.work, launcher: user?.launcher ?? [], binary: user?.binary ?? QRCovProcess.binary)
    }

    @Test(arguments: BadRegistry.allCases)
    func everyCommandAgainst(_ kind: BadRegistry) throws {
        let folder = try HostileFolder()
        defer { folder.remove() }
        let lock = try kind.make(folder)
        defer { lock?.release() }
        let user = kind.needsUnprivileged ? try Unprivileged.launcher(in: folder.root) : nil
        let registry = try folder.registrySnapshot()
        let inputs = folder.inputBytes()
        for command in RegistryCommandCase.all {
            let expected = kind.expectation(for: command)
            let entries = try folder.workEntries()
            let result = try Self.run(command.arguments, in: folder, as: user)
            let context = Comment(rawValue: "\(kind) / \(command): \(result.stderr)")
            #expect(result.status == expected.status, context)
            #expect(expected.message.isEmpty || result.stderr.contains(expected.message), context)
            #expect(!Self.sqlWords.contains { result.stderr.contains($0) }, context)
            #expect(folder.inputBytes() == inputs, context)
            if expected.status != 0 {
                #expect(result.stdout.isEmpty, context)
                #expect(try folder.workEntries() == entries, context)
            }
            // On an empty file, and only there, init creates the registry.
            if kind == .readOnlyFile {
                // A read-only connection cannot remove the WAL and shared-memory files it needs to
                // read a WAL database: reading leaves an empty WAL file (nothing to replay) and the
                // index beside the main file, which stays byte for byte as it was.
                let after = try folder.registrySnapshot()
                #expect(after["z.sqlite"] == registry["z.sqlite"], context)
                if let wal = after["z.sqlite-wal"] { #expect(wal?.isEmpty == true, context) }
            } else if kind != .empty || command.arguments.first != "init" {
                #expect(try folder.registrySnapshot() == registry, context)
            }
        }
    }

    @Test func verbosePrintsSQLitesOwnMessageToo() throws {
        let folder = try HostileFolder()
        defer { folder.remove() }
        let lock = try BadRegistry.lockedByWriter.make(folder)
        defer { lock?.release() }
        let quiet = try Self.run(["mark", "1", "verified"], in: folder)
        #expect(quiet.status == 75)
        #expect(
            quiet.stderr
                == "qrcov: the registry ../registry/z.sqlite is busy: another qrcov is writing to it. Nothing was "
                + "changed; try again in a minute\n")
        let verbose = try Self.run(["mark", "1", "verified", "--verbose"], in: folder)
        #expect(verbose.status == 75)
        #expect(
            verbose.stderr.hasSuffix(
                "\nqrcov: detail: SQLite error 5: database is locked - while executing `BEGIN IMMEDIATE TRANSACTION`\n")
        )
        lock?.release()
        let truncated = try HostileFolder()
        defer { truncated.remove() }
        _ = try BadRegistry.truncated.make(truncated)
        let damaged = try Self.run(["merchant", "list", "--verbose"], in: truncated)
        #expect(damaged.status == 65)
        #expect(damaged.stderr.contains("qrcov: detail: SQLite error 11: database disk image is malformed"))
    }

    @Test func aWriteWaitsForAnotherWritersLockUpToTheBusyTimeout() throws {
        let folder = try HostileFolder()
        defer { folder.remove() }
        let lock = try BadRegistry.lockedByWriter.make(folder)
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { lock?.release() }
        let marked = try Self.run(["mark", "1", "verified"], in: folder, busyTimeout: "30")
        #expect(marked.status == 0, "\(marked.stderr)")
        let history = try Self.run(["merchant", "show", "1", "--format", "json"], in: folder)
        #expect(history.stdout.contains("verified"))
    }

    @Test func aBusyTimeoutThatIsNotANumberOfSecondsIsAUsageError() throws {
        let folder = try HostileFolder()
        defer { folder.remove() }
        let result = try Self.run(["merchant", "list"], in: folder, busyTimeout: "soon")
        #expect(result.status == 64)
        #expect(result.stderr.contains("QRCOV_BUSY_TIMEOUT must be a number of seconds (0 to 86400), got \"soon\""))
    }
}
