import Foundation
import Testing

/// `qrcov sync import` and `qrcov sync profiles`, run as a user would: dry run, apply, the
/// ledger, rejects, review rows, --create-missing and refused input here; every shipped profile on
/// a realistic file, encodings, and the round trip through `qrcov sync export` in
/// SyncImportProfileTests.swift (an extension of this suite, sharing its helpers).
@Suite struct SyncImportCommandTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// A Hưng Yên registry with four merchants (ids 1–4).
    static func workspace() throws -> Workspace {
        let space = try Workspace()
        _ = try space.add([
            "--commune", "11953", "--name", "Tạp hóa An", "--phone", "0912000001", "--tax-code", "0101234567",
        ])
        _ = try space.add([
            "--commune", "11953", "--name", "Quán Bình", "--phone", "0912000002", "--bin", "970405",
            "--account", "0011000002", "--holder", "TRAN VAN BINH",
        ])
        _ = try space.add(["--commune", "11977", "--name", "Cà phê Cúc", "--phone", "0912000003"])
        _ = try space.add([
            "--commune", "11977", "--name", "Sửa xe Dũng", "--phone", "0912000004", "--tax-code", "0104444444",
        ])
        return space
    }

    @discardableResult
    func write(_ text: String, _ name: String, in space: Workspace) throws -> String {
        try write(Data(text.utf8), name, in: space)
    }

    @discardableResult
    func write(_ data: Data, _ name: String, in space: Workspace) throws -> String {
        let url = space.folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// A file's text as written, byte-order mark included.
    func read(_ name: String, in space: Workspace) throws -> String {
        String(decoding: try Data(contentsOf: space.folder.appendingPathComponent(name)), as: UTF8.self)
    }

    func exists(_ name: String, in space: Workspace) -> Bool {
        FileManager.default.fileExists(atPath: space.folder.appendingPathComponent(name).path)
    }

    /// The database file's bytes and the WAL file's, empty when there is none (no command leaves
    /// one with anything in it; the sqlite3 shell, read-only, leaves an empty one).
    func databaseBytes(_ space: Workspace) throws -> [Data] {
        [
            try Data(contentsOf: URL(fileURLWithPath: space.database)),
            FileManager.default.contents(atPath: space.database + "-wal") ?? Data(),
        ]
    }

    /// A query through the sqlite3 CLI, read-only: it writes nothing to the registry.
    func sql(_ query: String, in space: Workspace) throws -> String {
        try ExternalTools.sqlite(space.database, query, readOnly: true)
    }

    /// Each merchant's status history as `id:status@day` strings, in id then time order.
    func history(_ space: Workspace) throws -> [String] {
        try sql(
            "SELECT merchant_id || ':' || status || '@' || date(at, 'unixepoch', '+7 hours') || ':' || source FROM qr_status_event ORDER BY merchant_id, at, id",
            in: space
        )
        .split(separator: "\n").map(String.init)
    }

    static let generic = "merchant_id,tax_code,phone,bin,account,account_name,status,date\n"

    @Test func aDryRunWritesThePlanAndLeavesTheDatabaseAsItWas() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let path = try write(
            Self.generic + """
                1,,,,,,displayed,2025-10-05
                ,0104444444,,,,,verified,06/10/2025
                ,,0912000002,,,,registered,2025-10-01
                ,,0912000003,970436,1234567890,LE THI CUC,,
                ,,0987654321,,,,registered,2025-10-01

                """, "bank.csv", in: space)
        let before = try databaseBytes(space)
        let result = try space.run(["sync", "import", path, "--profile", "generic", "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Planned (dry run)"))
        #expect(result.stdout.contains("new status events"))
        #expect(result.stderr.contains("Dry run: nothing was changed. Plan: \(space.folder.path)/bank.plan.csv"))
        #expect(try databaseBytes(space) == before)
        let plan = try read("bank.plan.csv", in: space)
        #expect(plan.hasPrefix("\u{FEFF}line,merchant_id,match_key,action,field,before,after,reason\r\n"))
        #expect(plan.contains("2,1,merchant_id,event,status,none,displayed 2025-10-05,new status\r\n"))
        #expect(plan.contains("3,4,tax_code,event,status,none,verified 2025-10-06,new status\r\n"))
        #expect(plan.contains(#"5,3,phone,account,account_number,,"=""1234567890""",the merchant had no bank account"#))
        #expect(plan.contains("6,,,unmatched,,,,no merchant has phone 0987654321\r\n"))
        #expect(!exists("bank.rejects.csv", in: space))
        // JSON summary for scripts.
        let json = try space.run(["sync", "import", path, "--profile", "generic", "--dry-run", "--format", "json"])
        #expect(json.stdout.contains("\"events\" : 3") && json.stdout.contains("\"dry_run\" : true"))
    }

    @Test func importAppliesOnceAndTheSameFileAgainIsANoOp() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let path = try write(
            Self.generic
                + "1,,,,,,displayed,2025-10-05\n,,0912000003,970436,1234567890,LE THI CUC,registered,01/10/2025\n",
            "bank.csv", in: space)
        let applied = try space.run(["sync", "import", path, "--profile", "generic"])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("Applied"))
        #expect(applied.stderr.contains("Applied in one transaction and recorded in the import ledger"))
        #expect(try history(space) == ["1:displayed@2025-10-05:bank", "3:registered@2025-10-01:bank"])
        let shown = try space.run(["merchant", "show", "3", "--format", "json"])
        #expect(shown.stdout.contains("1234567890") && shown.stdout.contains("LE THI CUC"))
        #expect(
            try sql("SELECT profile, file_name, events, accounts, length(sha256) FROM import_record", in: space)
                == "generic|bank.csv|2|1|64")

        let bytes = try databaseBytes(space)
        let again = try space.run(["sync", "import", path, "--profile", "generic"])
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("was already imported on"))
        #expect(again.stderr.contains("profile generic: 2 status events, 1 account details"))
        #expect(try databaseBytes(space) == bytes)
        #expect(try history(space).count == 2)
    }

    @Test func anOverlappingFileAddsNoDuplicateEvents() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let october = try write(
            Self.generic + "1,,,,,,registered,2025-10-01\n1,,,,,,displayed,2025-10-05\n", "october.csv", in: space)
        #expect(try space.run(["sync", "import", october, "--profile", "generic"]).status == 0)
        // A later file repeats October (in another date format and order) and adds November.
        let autumn = try write(
            Self.generic
                + "1,,,,,,displayed,05/10/2025\n,0101234567,,,,,registered,01/10/2025\n,,0912000004,,,,displayed,2025-11-02\n",
            "autumn.csv", in: space)
        let result = try space.run(["sync", "import", autumn, "--profile", "generic", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("new status events,1\r\n") && result.stdout.contains("unchanged,2\r\n"))
        #expect(
            try history(space) == [
                "1:registered@2025-10-01:bank", "1:displayed@2025-10-05:bank", "4:displayed@2025-11-02:bank",
            ])
        let plan = try read("autumn.plan.csv", in: space)
        #expect(plan.contains("already displayed since 2025-10-05"))
        #expect(plan.contains("the same event (registered on 2025-10-01, bank) is already recorded"))
    }

    static let invalid =
        generic + """
            1,,,,,,displayed,2025-10-05
            ,,912000002,,,,registered,2025-10-01
            ,,,970405,9.70436E+11,,displayed,2025-10-01
            ,,,970405,11000002,,displayed,2025-10-01
            ,,0912000004,,,,shown,2025-10-01

            """

    @Test func anInvalidRowRejectsTheWholeFileWithFileLineColumnAndReason() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let path = try write(Self.invalid, "bank.csv", in: space)
        let before = try databaseBytes(space)
        let result = try space.run(["sync", "import", path, "--profile", "generic"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("4 invalid rows in \(path), nothing applied"))
        #expect(
            result.stderr.contains(
                "\(path):3: phone: \"912000002\" has 9 digits: it lost its leading zero (0912000002?)"))
        #expect(result.stderr.contains("\(path):4: account: \"9.70436E+11\" is a number in scientific notation"))
        #expect(
            result.stderr.contains(
                "\(path):5: account: \"11000002\" is merchant 2's account 0011000002 without its leading zeros"))
        #expect(result.stderr.contains("\(path):6: status: \"shown\" is not a status word of profile generic"))
        #expect(try databaseBytes(space) == before)
        #expect(!exists("bank.plan.csv", in: space))
        let rejects = try read("bank.rejects.csv", in: space)
        #expect(rejects.hasPrefix("\u{FEFF}file,line,column,value,reason,row\r\n"))
        #expect(rejects.contains("\(path),3,phone,\"=\"\"912000002\"\"\",\"has 9 digits"))
        #expect(rejects.contains(",,,970405,9.70436E+11,,displayed,2025-10-01"))
    }

    @Test func skipInvalidAppliesTheValidRowsAndStillWritesTheRejects() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let path = try write(Self.invalid, "bank.csv", in: space)
        let result = try space.run([
            "sync", "import", path, "--profile", "generic", "--skip-invalid", "--rejects", "bad.csv", "--plan",
            "plan.csv",
            "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("invalid (rejected),4\r\n"))
        #expect(result.stderr.contains("invalid rows skipped: bad.csv"))
        #expect(try history(space) == ["1:displayed@2025-10-05:bank"])
        #expect(try read("bad.csv", in: space).split(separator: "\r\n").count == 5)
        #expect(try read("plan.csv", in: space).contains("invalid"))
        #expect(try sql("SELECT rejected, events FROM import_record", in: space) == "4|1")
    }

    @Test func reviewRowsAreListedAndNeverApplied() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        // same phone, other commune: merchant 5
        _ = try space.add(["--commune", "11977", "--name", "Cùng số", "--phone", "0912000001"])
        let path = try write(
            Self.generic + """
                ,,0912000001,,,,displayed,2025-10-05
                1,0104444444,,,,,displayed,2025-10-05
                2,,,970405,0019999999,,displayed,2025-10-05
                99,,,,,,displayed,2025-10-05

                """, "bank.csv", in: space)
        let result = try space.run(["sync", "import", path, "--profile", "generic", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("to review (not applied),4\r\n"))
        #expect(result.stderr.contains("Not applied: 4 to review"))
        #expect(try history(space).isEmpty)
        let plan = try read("bank.plan.csv", in: space)
        #expect(plan.contains("several merchants fit: phone 0912000001 → merchant 1 and merchant 5"))
        #expect(
            plan.contains(
                "the keys name different merchants: merchant id 1 → merchant 1; tax code 0104444444 → merchant 4"))
        #expect(plan.contains("merchant 2 already has another account; existing account details are never overwritten"))
        #expect(plan.contains("no merchant 99 in this registry"))
    }

    @Test func createMissingAddsMerchantsThroughTheRegistryRules() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let path = try write(
            """
            phone,name,commune,hamlet,bin,account,account_name,status,date
            0987000001,Tạp hóa Mới,Phố Hiến,TDP 3,970405,1234567890123,NGUYEN MOI,displayed,2025-10-05
            0987000001,Tạp hóa Mới,Phố Hiến,TDP 3,,,,verified,2025-10-06
            0912000001,,,,,,,registered,2025-10-01

            """, "new.csv", in: space)
        let plain = try space.run(["sync", "import", path, "--profile", "generic", "--dry-run", "--format", "csv"])
        #expect(plain.stdout.contains("unmatched (not applied),2\r\n"))
        let result = try space.run([
            "sync", "import", path, "--profile", "generic", "--create-missing", "--format", "csv",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("merchants created,1\r\n"))
        #expect(
            try sql(
                "SELECT id, commune_code, name, hamlet, phone, bank_bin, account_number FROM merchant WHERE id = 5",
                in: space)
                == "5|11953|Tạp hóa Mới|TDP 3|0987000001|970405|1234567890123")
        #expect(
            try history(space) == [
                "1:registered@2025-10-01:bank", "5:displayed@2025-10-05:bank", "5:verified@2025-10-06:bank",
            ])

        // The option needs a commune column; an invalid new merchant is a rejected row.
        let noCommune = try write(Self.generic + ",,0987000002,,,,displayed,2025-10-05\n", "no-commune.csv", in: space)
        let usage = try space.run(["sync", "import", noCommune, "--profile", "generic", "--create-missing"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("--create-missing needs a \"commune\" column"))
        let badCommune = try write(
            "phone,name,commune,status\n0987000003,X,Nowhere,displayed\n", "bad-commune.csv", in: space)
        let rejected = try space.run(["sync", "import", badCommune, "--profile", "generic", "--create-missing"])
        #expect(rejected.status == 65)
        #expect(
            rejected.stderr.contains(
                "bad-commune.csv:2: commune: \"Nowhere\" cannot create the merchant (--create-missing)"))
    }

    @Test func headersThatDoNotFitAndUnreadableInputAreRefusedBeforeTheRegistry() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let before = try databaseBytes(space)
        let odd = try write("merchant_id,colour,status\n1,red,displayed\n", "odd.csv", in: space)
        let header = try space.run(["sync", "import", odd, "--profile", "generic"])
        #expect(header.status == 65)
        #expect(
            header.stderr.contains(
                "odd.csv:1: the header does not fit profile generic: unknown column \"colour\" (column 2)"))
        #expect(
            header.stderr.contains(
                "expected columns: merchant_id; tax_code; phone; bin; account; account_name; status; date"))
        #expect(header.stderr.contains("found columns: \"merchant_id\", \"colour\", \"status\""))
        #expect(try space.run(["sync", "import", "missing.csv", "--profile", "generic"]).status == 66)
        let empty = try write("", "empty.csv", in: space)
        #expect(try space.run(["sync", "import", empty, "--profile", "generic"]).status == 65)
        let unknown = try space.run(["sync", "import", odd, "--profile", "no-such-bank"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("built-in: generic, qrcov-outreach, agribank-example, vietinbank-example"))
        #expect(try space.run(["sync", "import", odd, "--profile", "nowhere/profile.json"]).status == 66)
        #expect(try databaseBytes(space) == before)
        #expect(!exists("odd.plan.csv", in: space) && !exists("odd.rejects.csv", in: space))
    }
}
