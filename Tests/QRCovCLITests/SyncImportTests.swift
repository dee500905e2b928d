import Foundation
import Testing

/// `qrcov sync import` and `qrcov sync profiles`, run as a user would: dry run, apply, the
/// ledger, rejects, --create-missing, every shipped profile on a realistic file, encodings, and
/// the round trip through `qrcov sync export`.
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

    /// The database file's and the WAL file's bytes (the registry keeps its WAL file between commands).
    func databaseBytes(_ space: Workspace) throws -> [Data] {
        try [space.database, space.database + "-wal"].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    }

    /// A query through the sqlite3 CLI, read-only: a read-write connection would checkpoint and
    /// delete the WAL file on closing, and GRDB writes to a database whose WAL file is missing
    /// when it next opens it, which would defeat the byte-for-byte comparisons.
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
        _ = try space.add(["--commune", "11977", "--name", "Cùng số", "--phone", "0912000001"])  // same phone, other commune: merchant 5
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

    @Test func aProfileOfOneSOwnIsAJSONFile() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let profile = try write(
            """
            {"name": "quy-tin-dung", "description": "A credit fund's list", "source": "bank:QTD",
             "columns": {"phone": ["ĐT"], "status": ["TT"], "date": ["Ngày"]},
             "date_formats": ["dd.MM.yyyy"], "statuses": {"displayed": ["Có QR"]}}
            """, "qtd.json", in: space)
        let path = try write(
            "ĐT|TT|Ngày\n0912000003|Có QR|05.10.2025\n".replacingOccurrences(of: "|", with: "\t"), "qtd.tsv", in: space)
        let result = try space.run(["sync", "import", path, "--profile", profile])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try history(space) == ["3:displayed@2025-10-05:bank:QTD"])
        let broken = try write(#"{"name": "x"}"#, "broken.json", in: space)
        let bad = try space.run(["sync", "import", path, "--profile", broken])
        #expect(bad.status == 65 && bad.stderr.contains("broken.json: the \"description\" key is missing"))
    }

    /// An Agribank-style branch file: UTF-8 with BOM, `;`, Vietnamese headers, dd/MM/yyyy, no BIN column, 13-digit accounts.
    @Test func theAgribankExampleProfileReadsABranchFile() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let text = #"""
            STT;Chi nhánh;Tên cơ sở kinh doanh;Mã số thuế;Số điện thoại;Số tài khoản;Tên chủ tài khoản;Trạng thái;Ngày cấp QR\#r
            1;Agribank Phố Hiến;Tạp hóa An;0101234567;0912000001;;;Đã cấp QR;01/10/2025\#r
            2;Agribank Phố Hiến;Cà phê Cúc;;0912000003;1500201234567;LE THI CUC;Đang hoạt động;5/10/2025\#r
            3;Agribank Phố Hiến;Sửa xe Dũng;0104444444;;;;Chưa cấp QR;\#r
            4;Agribank Phố Hiến;"Quán ""Bình""";;0912000002;;;Đang hoạt động;07/10/2025\#r

            """#
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data(text.utf8))
        let path = try write(data, "agribank-t10.csv", in: space)
        let result = try space.run(["sync", "import", path, "--profile", "agribank-example"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try history(space) == [
                "1:registered@2025-10-01:bank:AGRIBANK", "2:displayed@2025-10-07:bank:AGRIBANK",
                "3:displayed@2025-10-05:bank:AGRIBANK",
            ])
        #expect(
            try sql("SELECT bank_bin, account_number, account_name FROM merchant WHERE id = 3", in: space)
                == "970405|1500201234567|LE THI CUC")
        #expect(try read("agribank-t10.plan.csv", in: space).contains("4,4,tax_code,nothing,,,,the row has no status"))
    }

    /// A VietinBank-style report: tab-separated, dd-MM-yyyy, a BIN column, 12-digit accounts.
    @Test func theVietinBankExampleProfileReadsABranchReport() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        _ = try space.run(["mark", "1", "displayed", "--at", "2025-10-03"])
        let rows = [
            [
                "STT", "Mã điểm bán", "Tên điểm bán", "MST", "SĐT liên hệ", "Mã BIN", "Số tài khoản nhận tiền",
                "Tên tài khoản", "Tình trạng", "Ngày kích hoạt",
            ],
            [
                "1", "DB0001", "Sửa xe Dũng", "0104444444", "0912000004", "970415", "104000123456", "NGUYEN VAN DUNG",
                "Đã niêm yết QR", "12-10-2025",
            ],
            ["2", "DB0002", "Tạp hóa An", "", "0912000001", "", "", "", "Ngừng hoạt động", "20-10-2025"],
            [
                "3", "DB0003", "Cà phê Cúc", "", "0912000003", "970415", "10400012345", "LE THI CUC", "Mới đăng ký",
                "01-10-2025",
            ],
        ]
        let path = try write(
            rows.map { $0.joined(separator: "\t") }.joined(separator: "\n") + "\n", "vietinbank.txt", in: space)
        let result = try space.run(["sync", "import", path, "--profile", "vietinbank-example"])
        #expect(result.status == 65)  // row 4's account has 11 digits: leading zero lost
        #expect(
            result.stderr.contains(
                "vietinbank.txt:4: Số tài khoản nhận tiền: \"10400012345\" has 11 digits but this bank's accounts have 12"
            ))
        let skipped = try space.run(["sync", "import", path, "--profile", "vietinbank-example", "--skip-invalid"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(
            try history(space) == [
                "1:displayed@2025-10-03:cli", "1:none@2025-10-20:bank:CTG", "4:displayed@2025-10-12:bank:CTG",
            ])
        #expect(
            try sql("SELECT bank_bin, account_number FROM merchant WHERE id = 4", in: space) == "970415|104000123456")
    }

    @Test func utf16AndWindows1258FilesAreReadEndToEnd() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let text =
            "Mã số thuế,Số điện thoại,Trạng thái,Ngày cấp QR\r\n0101234567,,Đang hoạt động,05/10/2025\r\n,0912000003,Đã xác minh,06/10/2025\r\n"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        let utf16Path = try write(utf16, "utf16.csv", in: space)
        let result = try space.run(["sync", "import", utf16Path, "--profile", "agribank-example"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try history(space) == ["1:displayed@2025-10-05:bank:AGRIBANK", "3:verified@2025-10-06:bank:AGRIBANK"])

        let windows = try ExternalTools.iconv(
            text.replacingOccurrences(of: "05/10/2025", with: "07/10/2025").replacingOccurrences(
                of: "Đang hoạt động", with: "Đã xác minh"),
            to: "WINDOWS-1258")
        #expect(windows.count < text.utf8.count)  // one byte per letter or mark: not UTF-8
        let windowsPath = try write(windows, "cp1258.csv", in: space)
        let legacy = try space.run(["sync", "import", windowsPath, "--profile", "agribank-example"])
        #expect(legacy.status == 0, "\(legacy.stderr)")
        #expect(try history(space).contains("1:verified@2025-10-07:bank:AGRIBANK"))
    }

    @Test func anEncodingCanBeForced() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        let text = "Mã số thuế,Số điện thoại,Trạng thái,Ngày cấp QR\r\n0101234567,,Đã xác minh,07/10/2025\r\n"
        let path = try write(try ExternalTools.iconv(text, to: "WINDOWS-1258"), "cp1258.csv", in: space)
        // Read as UTF-8, the file's bytes are not text: refused with the file and line.
        let wrong = try space.run(["sync", "import", path, "--profile", "agribank-example", "--encoding", "utf-8"])
        #expect(wrong.status == 65, "\(wrong.stderr)")
        #expect(wrong.stderr.contains("cp1258.csv:1:") && wrong.stderr.contains("UTF-8"), "\(wrong.stderr)")
        let unknown = try space.run(["sync", "import", path, "--profile", "agribank-example", "--encoding", "latin1"])
        #expect(unknown.status == 64, "\(unknown.stderr)")
        let right = try space.run([
            "sync", "import", path, "--profile", "agribank-example", "--encoding", "Windows-1258",
        ])
        #expect(right.status == 0, "\(right.stderr)")
        #expect(try history(space) == ["1:verified@2025-10-07:bank:AGRIBANK"])
    }

    @Test func profilesAreListed() throws {
        let table = try QRCovProcess.run(["sync", "profiles"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("agribank-example (example)") && table.stdout.contains("Agribank (970405)"))
        #expect(table.stdout.contains("Mã số thuế, Số điện thoại, Số tài khoản"))
        let csv = try QRCovProcess.run(["sync", "profiles", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("Profile,Bank,Source,Columns,Date formats\r\ngeneric,any,bank,"))
        let json = try QRCovProcess.run(["sync", "profiles", "--format", "json"])
        #expect(json.stdout.contains("\"Đang hoạt động\""))
        #expect(json.stdout.contains("\"no_status\""))
    }

    /// Export → a volunteer edits the status and date of some rows in the CSV → import with
    /// `qrcov-outreach` → exactly the edited rows change.
    @Test(arguments: ["vi", "en"])
    func theOutreachListRoundTrips(language: String) throws {
        let space = try Self.workspace()
        defer { space.remove() }
        _ = try space.run(["mark", "2", "registered", "--at", "2025-10-02 09:00"])
        let exported = try space.run([
            "sync", "export", "--commune", "11953", "--lang", language, "--delimiter", ";", "-o", "list.csv",
        ])
        #expect(exported.status == 0, "\(exported.stderr)")
        let original = try read("list.csv", in: space)
        var lines = original.components(separatedBy: "\r\n")
        #expect(lines.count == 4)  // header, merchants 1 and 2, and the final line end
        func edit(_ id: String, status: String, date: String) {
            guard let index = lines.firstIndex(where: { $0.hasPrefix(id + ";") || $0.hasPrefix("\u{FEFF}" + id + ";") })
            else {
                Issue.record("no row for merchant \(id)")
                return
            }
            var cells = lines[index].components(separatedBy: ";")
            cells[cells.count - 2] = status
            cells[cells.count - 1] = date
            lines[index] = cells.joined(separator: ";")
        }
        let vietnamese = language == "vi"
        edit("2", status: vietnamese ? "Đã treo QR" : "displayed", date: vietnamese ? "15/10/2025" : "2025-10-15")
        let edited = try write(lines.joined(separator: "\r\n"), "list-edited.csv", in: space)
        let untouched = try write(original, "list-untouched.csv", in: space)

        // The list as exported changes nothing.
        let before = try history(space)
        let same = try space.run(["sync", "import", untouched, "--profile", "qrcov-outreach", "--format", "csv"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("new status events,0\r\n") && same.stdout.contains("unchanged,2\r\n"))
        #expect(try history(space) == before)
        // The edited list changes exactly the edited row.
        let result = try space.run(["sync", "import", edited, "--profile", "qrcov-outreach", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("new status events,1\r\n") && result.stdout.contains("unchanged,1\r\n"))
        #expect(try history(space) == before + ["2:displayed@2025-10-15:outreach"])
        #expect(
            try sql("SELECT merchant_id, status FROM merchant_state ORDER BY merchant_id", in: space)
                == "1|none\n2|displayed\n3|none\n4|none")
    }

    /// Editing only the status, not the date, on the day the current status was set still changes it.
    @Test func aStatusEditedWithoutItsDateBecomesCurrent() throws {
        let space = try Self.workspace()
        defer { space.remove() }
        _ = try space.run(["mark", "1", "registered", "--at", "2025-10-02 09:00"])
        let path = try write("merchant_id,status,date\n1,displayed,02/10/2025\n", "edit.csv", in: space)
        #expect(try space.run(["sync", "import", path, "--profile", "qrcov-outreach"]).status == 0)
        #expect(try sql("SELECT status FROM merchant_state WHERE merchant_id = 1", in: space) == "displayed")
        #expect(try history(space) == ["1:registered@2025-10-02:cli", "1:displayed@2025-10-02:outreach"])
    }
}
