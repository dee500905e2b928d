import Foundation
import Testing

/// No output path may land on the registry, its journal, an input, or another output: the command
/// exits 73 before writing anything, and every file is left byte for byte as it was.
@Suite struct OutputTargetTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// Runs `arguments` and expects exit 73 with a refusal, with the registry and `files` unchanged.
    func expectRefused(_ space: Workspace, _ arguments: [String], keeping files: [String] = []) throws {
        let paths = [space.database] + files.map { space.folder.appendingPathComponent($0).path }
        let before = paths.map { FileManager.default.contents(atPath: $0) }
        let result = try space.run(arguments)
        #expect(result.status == 73, "qrcov \(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr.contains("refusing to write"), "\(result.stderr)")
        for (path, bytes) in zip(paths, before) {
            #expect(FileManager.default.contents(atPath: path) == bytes, "\(path) changed")
        }
    }

    @Test func outputsNeverLandOnTheRegistryAnInputOrEachOther() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.add(["--commune", "11953", "--name", "Shop", "--phone", "0912345678"])
        let registry = space.database
        try expectRefused(space, ["merchant", "export", "-o", registry])
        try expectRefused(space, ["merchant", "export", "-o", "./qrcov.sqlite"])
        try expectRefused(space, ["coverage", "--province", "33", "--format", "csv", "-o", registry])
        try expectRefused(
            space, ["coverage", "--province", "33", "--format", "csv", "-o", "c.csv", "--chart", "c.csv"])
        try expectRefused(space, ["sync", "export", "--commune", "11953", "--format", "csv", "-o", registry])
        // A hard link and a symbolic link to the registry are the registry.
        try FileManager.default.linkItem(atPath: registry, toPath: space.folder.appendingPathComponent("hard").path)
        try FileManager.default.createSymbolicLink(
            atPath: space.folder.appendingPathComponent("soft.csv").path, withDestinationPath: registry)
        try expectRefused(space, ["merchant", "export", "-o", "hard"])
        try expectRefused(space, ["merchant", "export", "-o", "soft.csv"])

        let bank = "merchant_id,status,date\n1,displayed,2025-10-05\n"
        try bank.write(to: space.folder.appendingPathComponent("bank.csv"), atomically: true, encoding: .utf8)
        let sync = ["sync", "import", "bank.csv", "--profile", "generic", "--dry-run"]
        try expectRefused(space, sync + ["--plan", registry], keeping: ["bank.csv"])
        try expectRefused(space, sync + ["--plan", "bank.csv"], keeping: ["bank.csv"])
        try expectRefused(space, sync + ["--plan", "p.csv", "--rejects", "p.csv"], keeping: ["bank.csv"])
        // The registry's journal files exist only while a command has it open: refused all the same.
        #expect(!FileManager.default.fileExists(atPath: registry + "-wal"))
        try expectRefused(space, sync + ["--plan", registry + "-wal"], keeping: ["bank.csv"])
        try expectRefused(space, ["merchant", "export", "-o", "qrcov.sqlite-shm"])
        let shops = "commune_code,name\n11953,Phở\n"
        try shops.write(to: space.folder.appendingPathComponent("shops.csv"), atomically: true, encoding: .utf8)
        try expectRefused(space, ["merchant", "import", "shops.csv", "--rejects", "shops.csv"], keeping: ["shops.csv"])
        // The same command with a free output path still works.
        #expect(try space.run(sync + ["--plan", "p.csv"]).status == 0)
    }
}

/// A unit with no merchants has no data: it never passes a gate.
@Suite struct NoDataGateTests {
    @Test func aGateFailsOnAUnitWithNoMerchants() throws {
        let space = try RegistryCommandTests.Workspace()
        defer { space.remove() }
        let result = try space.run(["coverage", "--commune", "11953", "--fail-below", "--as-of", "2025-12-31"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("chưa có dữ liệu"))
        let json = try space.run(["coverage", "--province", "33", "--format", "json", "--as-of", "2025-12-31"])
        #expect(json.stdout.contains("\"met\": null") && !json.stdout.contains("\"met\": true"))
    }
}

/// Text that could drive a terminal (ESC, BEL) is refused when stored and never printed raw.
@Suite struct ControlCharacterCommandTests {
    @Test func aNameWithAnEscapeSequenceIsRefusedWithItsField() throws {
        let space = try RegistryCommandTests.Workspace()
        defer { space.remove() }
        let result = try space.run(["merchant", "add", "--commune", "11953", "--name", "x\u{1B}]0;pwn\u{07}"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("name: contains the control character U+001B"))
        let file = space.folder.appendingPathComponent("shops.csv")
        try "commune_code,name,hamlet\n11953,Phở,\"Thôn \u{1B}[2J\"\n".write(
            to: file, atomically: true, encoding: .utf8)
        let imported = try space.run(["merchant", "import", file.path])
        #expect(imported.status == 65 && imported.stderr.contains("hamlet: contains the control character U+001B"))
        #expect(!(try space.run(["merchant", "list"]).stdout.unicodeScalars.contains { $0.value == 0x1B }))
    }
}
