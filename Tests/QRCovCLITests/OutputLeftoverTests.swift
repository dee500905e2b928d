import Foundation
import Testing

/// What an output leaves behind, and what it needs: the temporary files of killed writers are
/// cleaned on the next write, a bank import needs its rejects folder only when a row is invalid,
/// and a device such as `/dev/full` is written in place, never replaced.
@Suite struct OutputLeftoverTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// A `kill -9` during a write leaves `.NAME.tmp-PID-RANDOM`; the next write to NAME removes
    /// those of processes that no longer run, and nothing else.
    @Test func theNextWriteRemovesTheTemporaryFilesOfDeadWriters() throws {
        let space = try Workspace()
        defer { space.remove() }
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let sleeping = Process()
        sleeping.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeping.arguments = ["60"]
        try sleeping.run()
        defer { sleeping.terminate() }
        let (dead, live) = (exited.processIdentifier, sleeping.processIdentifier)
        let names = [
            ".out.csv.tmp-\(dead)-3k9x", ".out.csv.tmp-\(dead)-0", ".out.csv.tmp-\(live)-3k9x",
            ".other.csv.tmp-\(dead)-3k9x", ".out.csv.tmp-\(dead)-3k9x.bak", ".out.csv.tmp-\(dead)-3K9X",
            "out.csv.tmp-\(dead)-3k9x", ".out.csv.tmp-x\(dead)-3k9x",
        ]
        for name in names {
            try Data("partial".utf8).write(to: space.folder.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(
            at: space.folder.appendingPathComponent(".out.csv.tmp-\(dead)-dir"), withIntermediateDirectories: false)
        let result = try space.run(["coverage", "--province", "33", "--format", "csv", "-o", "out.csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: space.folder.path))
        #expect(!left.contains(names[0]) && !left.contains(names[1]), "\(left.sorted())")
        // A running writer's file, another target's, other names and a folder stay.
        for name in names.dropFirst(2) + [".out.csv.tmp-\(dead)-dir"] { #expect(left.contains(name), "\(name)") }
        // Inside a folder given by path, too, and for a writer that streams (merchant export).
        let folder = space.folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try Data().write(to: folder.appendingPathComponent(".m.csv.tmp-\(dead)-1"))
        #expect(try space.run(["merchant", "export", "-o", folder.appendingPathComponent("m.csv").path]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["m.csv"])
    }

    /// A bank import creates its rejects file only for an invalid row, and its plan with the first
    /// row: a read-only or missing folder matters only when something must be written there, and
    /// then the import stops before its transaction commits.
    @Test func aBankImportNeedsItsRejectsFolderOnlyForInvalidRows() throws {
        let space = try SyncImportCommandTests.workspace()
        let shelf = space.folder.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: false)
        let bank = shelf.appendingPathComponent("bank.csv")
        try Data("merchant_id,status,date\n1,displayed,2025-10-05\n".utf8).write(to: bank)
        let undo = BadTargets.makeReadOnly(shelf)
        defer {
            undo?()
            space.remove()
        }
        let registry = { try Data(contentsOf: URL(fileURLWithPath: space.database)) }
        // Nothing rejected: a --rejects path in a missing folder is never needed.
        let bad = space.folder.appendingPathComponent("bad.csv")
        try Data("merchant_id,status,date\n2,displayed,2025-10-05\n".utf8).write(to: bad)
        let clean = try space.run(["sync", "import", bad.path, "--profile", "generic", "--rejects", "missing/r.csv"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("Applied in one transaction"))
        #expect(!FileManager.default.fileExists(atPath: space.folder.appendingPathComponent("missing").path))
        // An invalid row with --skip-invalid needs the rejects file: refused before anything is applied.
        try Data("merchant_id,status,date\n3,displayed,2025-10-05\nx,bogus,2025-10-05\n".utf8).write(to: bad)
        let unchanged = try registry()
        let refused = try space.run([
            "sync", "import", bad.path, "--profile", "generic", "--skip-invalid", "--rejects", "missing/r.csv",
        ])
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("cannot write missing/r.csv: No such file or directory"))
        #expect(try registry() == unchanged)
        #expect(BadTargets.temporaryFiles(under: space.folder).isEmpty)
        guard undo != nil else {
            print("OutputLeftoverTests: no read-only folder can be made here (root on tmpfs?)")
            return
        }
        // The bank file in a read-only folder: its default plan cannot be written there, so the
        // import stops before it commits; with --plan elsewhere it succeeds (no rejects needed).
        let readOnly = try space.run(["sync", "import", bank.path, "--profile", "generic"])
        #expect(readOnly.status == 73, "\(readOnly.stderr)")
        #expect(readOnly.stderr.contains("bank.plan.csv"))
        #expect(try registry() == unchanged)
        let planned = try space.run(["sync", "import", bank.path, "--profile", "generic", "--plan", "plan.csv"])
        #expect(planned.status == 0, "\(planned.stderr)")
        // Already imported: nothing to write, so neither default path is needed.
        let again = try space.run(["sync", "import", bank.path, "--profile", "generic"])
        #expect(again.status == 0 && again.stderr.contains("was already imported"), "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: shelf.path) == ["bank.csv"])
    }

    /// A device is written in place: renaming over it, as root may, would put a regular file where
    /// `/dev/null` was.
    @Test func aDeviceIsWrittenInPlaceNeverReplaced() throws {
        let space = try Workspace()
        defer { space.remove() }
        let null = space.folder.appendingPathComponent("null").path
        // As root a node of its own (c 1 3), else the system's through a link.
        let made =
            BadTargets.isRoot
            ? BadTargets.tool("/usr/bin/mknod", ["-m", "666", null, "c", "1", "3"])
            : (try? FileManager.default.createSymbolicLink(atPath: null, withDestinationPath: "/dev/null")) != nil
        try #require(made)
        for arguments in [
            ["coverage", "--province", "33", "--format", "csv", "-o", "null"], ["merchant", "export", "-o", "null"],
            ["coverage", "--province", "33", "--format", "xlsx", "-o", "null"],
        ] {
            let result = try space.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(BadTargets.isCharacterDevice(null), "\(arguments) replaced the device")
        }
        #expect(BadTargets.temporaryFiles(under: space.folder).isEmpty)
    }
}
