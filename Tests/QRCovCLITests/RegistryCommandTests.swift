import Foundation
import Testing

/// `qrcov init`, `communes`, `merchant add|edit|show|list|close` and `mark`, run as a user would.
@Suite struct RegistryCommandTests {
    /// A folder with a Hưng Yên registry; `run` passes it through `QRCOV_DB`.
    struct Workspace {
        let folder: URL
        var database: String { folder.appendingPathComponent("qrcov.sqlite").path }

        init() throws {
            folder = try QRCovProcess.temporaryDirectory()
            let created = try QRCovProcess.run(["init", "--province", "33"], in: folder)
            #expect(created.status == 0, "\(created.stderr)")
        }

        @discardableResult
        func run(_ arguments: [String], stdin: String? = nil) throws -> QRCovProcess.Result {
            try QRCovProcess.run(arguments, stdin: stdin, environment: ["QRCOV_DB": database], in: folder)
        }

        func add(_ arguments: [String]) throws -> String {
            let result = try run(["merchant", "add"] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.trimmingCharacters(in: .newlines)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func initCreatesTheDatabaseWithTheProvinceCommunes() throws {
        let space = try Workspace()
        defer { space.remove() }
        #expect(FileManager.default.fileExists(atPath: space.database))
        let communes = try space.run(["communes", "--format", "csv"])
        #expect(communes.stdout.split(separator: "\r\n").count == 105)  // header + 104
        let search = try space.run(["communes", "--search", "Phương Nam", "--format", "json"])
        #expect(search.stdout.contains("\"code\" : \"11977\"") || search.stdout.contains("\"code\": \"11977\""))
    }

    @Test func commandsWithoutADatabaseSayHowToCreateIt() throws {
        let folder = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try QRCovProcess.run(["merchant", "list"], in: folder)
        #expect(result.status == 66)
        #expect(result.stderr.contains("qrcov init"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("qrcov.sqlite").path))
    }

    @Test func addPrintsOnlyTheIdAndRefusesDuplicates() throws {
        let space = try Workspace()
        defer { space.remove() }
        let id = try space.add([
            "--commune", "Phố Hiến", "--name", "Tạp hóa Minh Anh", "--phone", "+84 912 345 678",
            "--bin", "VCB", "--account", "0011004567", "--holder", "NGUYEN VAN A", "--opened", "05/01/2024",
        ])
        #expect(id == "1")
        let duplicate = try space.run([
            "merchant", "add", "--commune", "11953", "--name", "Other", "--phone", "0912345678",
        ])
        #expect(duplicate.status == 65)
        #expect(duplicate.stdout.isEmpty)
        #expect(duplicate.stderr.contains("duplicate of merchant 1"))
        let forced = try space.run([
            "merchant", "add", "--commune", "11953", "--name", "Other", "--phone", "0912345678", "--force",
        ])
        #expect(forced.stdout == "2\n")
        let invalid = try space.run(["merchant", "add", "--commune", "11953", "--name", "X", "--tax-code", "123"])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("tax_code"))
    }

    @Test func listMasksPhonesAndAccountsUnlessAsked() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.add([
            "--commune", "11953", "--name", "A", "--phone", "0912345678", "--bin", "970436", "--account", "0011004567",
        ])
        let masked = try space.run(["merchant", "list", "--format", "csv"])
        #expect(masked.stdout.contains("0912***678"))
        #expect(masked.stdout.contains("******4567"))
        #expect(!masked.stdout.contains("0912345678"))
        let full = try space.run(["merchant", "list", "--format", "csv", "--unmask"])
        #expect(full.stdout.contains("0912345678") && full.stdout.contains("0011004567"))
    }

    @Test func editShowCloseAndMark() throws {
        let space = try Workspace()
        defer { space.remove() }
        let id = try space.add(["--commune", "11953", "--name", "A", "--hamlet", "TDP 3"])
        #expect(try space.run(["merchant", "edit", id, "--name", "Quán Phở Hà", "--phone", "0987654321"]).status == 0)
        #expect(
            try space.run(["mark", id, "displayed", "--at", "2025-10-05 09:30", "--by", "Lan", "--note", "dán QR"])
                .status == 0)
        let shown = try space.run(["merchant", "show", id, "--format", "json"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Quán Phở Hà") && shown.stdout.contains("0987654321"))
        #expect(shown.stdout.contains("2025-10-05 09:30:00") && shown.stdout.contains("Lan"))
        #expect(try space.run(["merchant", "close", id, "--at", "2025-11-01"]).status == 0)
        let again = try space.run(["merchant", "close", id])
        #expect(again.status == 65 && again.stderr.contains("already closed"))
        #expect(try space.run(["merchant", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1)
        let unknown = try space.run(["mark", "99", "displayed"])
        #expect(unknown.status == 65 && unknown.stderr.contains("99"))
        let future = try space.run(["mark", id, "verified", "--at", "2099-01-01"])
        #expect(future.status == 64)
    }

    @Test func markFromAFileRecordsEveryIdOrNone() throws {
        let space = try Workspace()
        defer { space.remove() }
        let ids = try (0..<5).map { try space.add(["--commune", "11977", "--name", "Shop \($0)"]) }
        let file = space.folder.appendingPathComponent("visited.txt")
        try ("# Lan, 5 Oct\n" + ids.prefix(3).joined(separator: "\n") + "\n\n").write(
            to: file, atomically: true, encoding: .utf8)
        #expect(try space.run(["mark", "--from", file.path, "displayed", "--at", "05/10/2025"]).status == 0)
        let shown = try space.run(["merchant", "list", "--status", "displayed", "--format", "csv"])
        #expect(shown.stdout.split(separator: "\r\n").count == 4)
        try (ids[3] + "\n12345\n").write(to: file, atomically: true, encoding: .utf8)
        let refused = try space.run(["mark", "--from", file.path, "displayed"])
        #expect(refused.status == 65)
        #expect(
            try space.run(["merchant", "list", "--status", "displayed", "--format", "csv"]).stdout.split(
                separator: "\r\n"
            ).count == 4)
    }

    /// A mistyped id is never dropped: not on the first line (once taken for a header), not when
    /// it is the only line; `--skip-invalid` records the rest and names what it skipped.
    @Test func markFromAFileRefusesEveryInvalidLineUnlessSkipped() throws {
        let space = try Workspace()
        defer { space.remove() }
        let id = try space.add(["--commune", "11977", "--name", "Shop"])
        let file = space.folder.appendingPathComponent("visited.txt")
        func displayed() throws -> Int {
            try space.run(["merchant", "list", "--status", "displayed", "--format", "csv"]).stdout
                .split(separator: "\r\n").count - 1
        }
        try "1O2\n\(id)\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try space.run(["mark", "--from", file.path, "displayed"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\(file.path):1: \"1O2\" is not a merchant id"))
        #expect(try displayed() == 0)
        try "7x\n".write(to: file, atomically: true, encoding: .utf8)
        let only = try space.run(["mark", "--from", file.path, "displayed"])
        #expect(only.status == 65 && only.stderr.contains(":1: \"7x\""))
        try "1O2\n\(id)\n".write(to: file, atomically: true, encoding: .utf8)
        let skipped = try space.run(["mark", "--from", file.path, "displayed", "--skip-invalid"])
        #expect(skipped.status == 0 && skipped.stderr.contains("skipped \(file.path):1"))
        #expect(try displayed() == 1)
        try "merchant_id\n\(id)\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try space.run(["mark", "--from", file.path, "verified"]).status == 0)
    }

    @Test func commandsLeaveTheDatabaseFileWholeAndReadsChangeNoByte() throws {
        let space = try Workspace()
        defer { space.remove() }
        let file = space.folder.appendingPathComponent("shops.csv")
        let rows = (1...3_000).map { "11953,Cửa hàng \($0),09\(String(format: "%08d", $0))" }
        try ("commune_code,name,phone\n" + rows.joined(separator: "\n") + "\n").write(
            to: file, atomically: true, encoding: .utf8)
        // After each command the database file alone is the registry: no WAL or shared-memory
        // file is left for a later command to read again, or to replay onto a copy put in its place.
        func companions() -> [String] {
            ["-wal", "-shm"].filter { FileManager.default.fileExists(atPath: space.database + $0) }
        }
        #expect(try space.run(["merchant", "import", file.path]).status == 0)
        #expect(companions() == [])
        #expect(try space.run(["mark", "1", "displayed"]).status == 0)
        #expect(companions() == [])
        let before = try Data(contentsOf: URL(fileURLWithPath: space.database))
        for arguments in [["coverage", "--commune", "11953"], ["merchant", "list", "--format", "csv"], ["communes"]] {
            #expect(try space.run(arguments).status == 0)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: space.database)) == before)
        #expect(companions() == [])
    }

    /// Two processes marking different merchants at once, 1,000 separate `qrcov mark` runs each:
    /// every mark is recorded, none fails with "database is locked".
    @Test(.timeLimit(.minutes(10))) func twoProcessesMarkingAtOnceBothSucceed() throws {
        let space = try Workspace()
        defer { space.remove() }
        let csv = "commune_code,name\n" + (1...2_000).map { "11953,Shop \($0)" }.joined(separator: "\n") + "\n"
        let file = space.folder.appendingPathComponent("shops.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        #expect(try space.run(["merchant", "import", file.path]).status == 0)
        let script = """
            for id in $(seq "$1" "$2"); do
              "$QRCOV" mark "$id" displayed --by "$3" 2>>"$4" || { echo "mark $id failed" >>"$4"; exit 1; }
            done
            """
        func start(_ first: Int, _ last: Int, _ name: String) throws -> (Process, URL) {
            let log = space.folder.appendingPathComponent("\(name).log")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, "sh", String(first), String(last), name, log.path]
            var environment = ProcessInfo.processInfo.environment
            environment["QRCOV"] = QRCovProcess.binary.path
            environment["QRCOV_DB"] = space.database
            process.environment = environment
            try process.run()
            return (process, log)
        }
        let (a, logA) = try start(1, 1_000, "volunteer-a")
        let (b, logB) = try start(1_001, 2_000, "volunteer-b")
        a.waitUntilExit()
        b.waitUntilExit()
        let errors = [logA, logB].compactMap { try? String(contentsOf: $0, encoding: .utf8) }.joined()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(errors.suffix(500))")
        #expect(!errors.contains("locked"))
        let displayed = try space.run(["merchant", "list", "--status", "displayed", "--format", "csv"])
        #expect(displayed.stdout.split(separator: "\r\n").count == 2_001)
    }
}
