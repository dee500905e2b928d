import Foundation
import Testing

/// `qrcov sync export` end to end: a registry built through the CLI with identifiers that start
/// with zeros and names that look like formulas; the CSV for Excel byte by byte, the filters,
/// the XLSX read back by openpyxl, and the errors.
@Suite(.serialized) struct SyncExportTests {
    /// Phố Hiến (11953): four open merchants without a QR on display (one registered), one
    /// displaying, one closed, one opening in 2099; Tân Hưng (11977): five merchants in three
    /// hamlets, to check the order.
    final class Fixture: Sendable {
        let directory: URL
        let environment: [String: String]
        let ids: [String: String]

        static var folder: URL {
            FileManager.default.temporaryDirectory.appendingPathComponent("qrcov-sync-export-tests-\(getpid())")
        }

        init() throws {
            directory = Self.folder
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            atexit { try? FileManager.default.removeItem(at: Fixture.folder) }
            let environment = ["QRCOV_DB": directory.appendingPathComponent("test.sqlite").path]
            self.environment = environment
            try Self.run(["init", "--province", "33"], environment)
            func add(_ key: String, _ fields: [String]) throws -> (String, String) {
                let result = try Self.run(["merchant", "add", "--opened", "2025-01-01"] + fields, environment)
                return (key, result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let ids = Dictionary(uniqueKeysWithValues: [
                try add(
                    "hang",
                    [
                        "--commune", "11953", "--name", "Tạp hóa Bà Hằng", "--hamlet", "Tổ dân phố 2", "--owner",
                        "Nguyễn Thị Hằng",
                        "--address", "12 Phố Hiến", "--phone", "0912345678", "--tax-code", "0101234567", "--bin", "VCB",
                        "--account", "0001234567", "--holder", "NGUYEN THI HANG",
                    ]),
                try add(
                    "formula",
                    [
                        "--commune", "11953", "--name", "=1+1", "--hamlet", "Tổ dân phố 1", "--phone", "0387654321",
                        "--bin", "970415", "--account", "0123456789",
                    ]),
                try add(
                    "at",
                    [
                        "--commune", "11953", "--name", "@cmd", "--hamlet", "Tổ dân phố 1", "--phone", "0356789012",
                        "--tax-code", "0300000001",
                    ]),
                try add("minus", ["--commune", "11953", "--name=-5", "--hamlet", "Tổ dân phố 1"]),
                try add(
                    "pho",
                    [
                        "--commune", "11953", "--name", "Quán phở Hùng", "--hamlet", "Tổ dân phố 2", "--phone",
                        "0987000111",
                    ]),
                try add("closed", ["--commune", "11953", "--name", "Sửa xe Tuấn", "--hamlet", "Tổ dân phố 2"]),
                try add(
                    "tanhung",
                    [
                        "--commune", "11977", "--name", "Quán Tân Hưng", "--hamlet", "Thôn Đông", "--bin", "VCB",
                        "--account", "0009",
                    ]),
                try add("anh", ["--commune", "11977", "--name", "Ảnh viện Duyên", "--hamlet", "Thôn 10"]),
                try add("dai", ["--commune", "11977", "--name", "Đại lý Phúc", "--hamlet", "Thôn 2"]),
                try add("an", ["--commune", "11977", "--name", "Ăn sáng Hà", "--hamlet", "thôn 2"]),
                try add("bun", ["--commune", "11977", "--name", "bún chả", "--hamlet", "Thôn 2"]),
            ])
            self.ids = ids
            try Self.run(
                [
                    "merchant", "add", "--opened", "2099-01-01", "--commune", "11953", "--name", "Cà phê Mai",
                    "--hamlet", "Tổ dân phố 1",
                ], environment)
            try Self.run(["mark", ids["formula"]!, "registered", "--at", "2025-10-03"], environment)
            try Self.run(["mark", ids["pho"]!, "displayed", "--at", "05/10/2025"], environment)
            try Self.run(["merchant", "close", ids["closed"]!, "--at", "2025-10-01"], environment)
        }

        @discardableResult
        static func run(
            _ arguments: [String], _ environment: [String: String], in directory: URL? = nil, expect status: Int32 = 0
        ) throws -> QRCovProcess.Result {
            let result = try QRCovProcess.run(arguments, environment: environment, in: directory)
            #expect(result.status == status, "qrcov \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }

        /// Runs `sync export` into a file of the fixture folder and returns the run and the file's bytes.
        func export(_ file: String, _ arguments: [String], database: String? = nil, expect status: Int32 = 0) throws
            -> (result: QRCovProcess.Result, data: Data?)
        {
            let url = directory.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: url)
            let result = try Self.run(
                ["sync", "export", "--output", file] + arguments, database.map { ["QRCOV_DB": $0] } ?? environment,
                in: directory, expect: status)
            return (result, FileManager.default.contents(atPath: url.path))
        }

        /// The CSV's records (after the BOM), split naively: the tests' values hold no delimiter or newline.
        func records(_ data: Data, delimiter: Character = ";") -> [[String]] {
            String(decoding: data.dropFirst(3), as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: true)
                .map { $0.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init) }
        }
    }

    static let fixture = Result { try Fixture() }

    private func fixture() throws -> Fixture { try Self.fixture.get() }

    /// An id as the CSV for Excel writes it: as text (`="12"`), exact at any size.
    static func text(_ id: String?) -> String { "\"=\"\"\(id!)\"\"\"" }

    static let vietnameseHeader = [
        "Mã cơ sở", "Tên cơ sở", "Chủ cơ sở", "Thôn/Tổ dân phố", "Địa chỉ", "Số điện thoại", "Mã số thuế",
        "BIN ngân hàng", "Ngân hàng", "Số tài khoản", "Tên chủ tài khoản", "Trạng thái", "Ngày cập nhật",
    ]
    static let englishHeader = [
        "merchant_id", "name", "owner_name", "hamlet", "address", "phone", "tax_code", "bin", "bank", "account",
        "account_name", "status", "date",
    ]

    @Test(
        "CSV for Excel: BOM, ';', Vietnamese headers, identifiers as text, formulas neutralized, sorted by hamlet then name"
    )
    func csv() throws {
        let f = try fixture()
        let (result, data) = try f.export("outreach.csv", ["--commune", "11953"])
        let bytes = try #require(data)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let records = f.records(bytes)
        #expect(records[0] == Self.vietnameseHeader)
        try #require(records.count == 5)
        // Tổ dân phố 1 first (names in code-point order), then Tổ dân phố 2; closed, displayed,
        // not yet opened and other communes' merchants are left out.
        #expect(
            records.dropFirst().map { $0[0] }
                == [f.ids["minus"], f.ids["formula"], f.ids["at"], f.ids["hang"]].map(Self.text))
        #expect(records[1][1] == "'-5" && records[2][1] == "'=1+1" && records[3][1] == "'@cmd")
        #expect(
            records[4] == [
                Self.text(f.ids["hang"]), "Tạp hóa Bà Hằng", "Nguyễn Thị Hằng", "Tổ dân phố 2", "12 Phố Hiến",
                "\"=\"\"0912345678\"\"\"",
                "\"=\"\"0101234567\"\"\"", "\"=\"\"970436\"\"\"", "Vietcombank", "\"=\"\"0001234567\"\"\"",
                "NGUYEN THI HANG",
                "Chưa có QR", "",
            ])
        #expect(records[2][5] == "\"=\"\"0387654321\"\"\"" && records[2][9] == "\"=\"\"0123456789\"\"\"")
        #expect(records[2][11] == "Đã đăng ký" && records[2][12] == "03/10/2025")
        #expect(records[3][6] == "\"=\"\"0300000001\"\"\"")
        #expect(records[1][5] == "" && records[1][7] == "")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "qrcov: 4 merchants written to outreach.csv\n")
    }

    @Test("--lang en: field names, status keys, ISO dates; --delimiter ','")
    func english() throws {
        let f = try fixture()
        let (_, data) = try f.export("outreach-en.csv", ["--commune", "Phố Hiến", "--lang", "en", "--delimiter", ","])
        let records = f.records(try #require(data), delimiter: ",")
        #expect(records[0] == Self.englishHeader)
        #expect(records[2][1] == "'=1+1" && records[2][11] == "registered" && records[2][12] == "2025-10-03")
        #expect(records[4][11] == "none")
    }

    @Test("--bank by code, BIN or name; --status lists; the commune by name")
    func filters() throws {
        let f = try fixture()
        func ids(_ arguments: [String]) throws -> [String] {
            let (_, data) = try f.export("filtered.csv", arguments)
            return f.records(try #require(data)).dropFirst().map { $0[0] }
        }
        func texts(_ keys: String...) -> [String] { keys.map { Self.text(f.ids[$0]) } }
        #expect(try ids(["--commune", "11953", "--bank", "VCB"]) == texts("hang"))
        #expect(try ids(["--commune", "11953", "--bank", "970415"]) == texts("formula"))
        #expect(try ids(["--commune", "phố hiến", "--bank", "vietinbank"]) == texts("formula"))
        #expect(try ids(["--commune", "11953", "--bank", "BIDV"]).isEmpty)
        #expect(try ids(["--commune", "11953", "--status", "displayed"]) == texts("pho"))
        #expect(
            try ids(["--commune", "11953", "--status", "none"]) == texts("minus", "at", "hang"))
        #expect(
            try ids(["--commune", "11953", "--status", "registered, displayed"]) == texts("formula", "pho"))
        #expect(try ids(["--commune", "11977", "--bank", "VCB"]) == texts("tanhung"))
    }

    @Test("sorted as people look names up: hamlets by number, names without regard to case or diacritics")
    func order() throws {
        let f = try fixture()
        let (_, data) = try f.export("tan-hung.csv", ["--commune", "Tân Hưng"])
        let records = f.records(try #require(data)).dropFirst()
        #expect(records.map { $0[0] } == ["an", "bun", "dai", "anh", "tanhung"].map { Self.text(f.ids[$0]) })
        #expect(records.map { $0[3] } == ["thôn 2", "Thôn 2", "Thôn 2", "Thôn 10", "Thôn Đông"])
    }

    @Test(
        "XLSX: the same rows through libxlsxwriter, identifiers as text cells with zeros, dates as dates, header frozen"
    )
    func xlsx() throws {
        let f = try fixture()
        let (result, data) = try f.export("outreach.xlsx", ["--commune", "11953"])
        #expect(data.map { Array($0.prefix(2)) } == [0x50, 0x4B])  // a ZIP container
        #expect(result.stderr == "qrcov: 4 merchants written to outreach.xlsx\n")
        let sheet = try #require(try Workbooks.read(f.directory.appendingPathComponent("outreach.xlsx")).first)
        #expect(sheet.name == "Danh sách vận động")
        #expect(sheet.freeze == "A2" && sheet.filter == "A1:M5")
        #expect(sheet.rows[0].map(\.value) == Self.vietnameseHeader)
        try #require(sheet.rows.count == 5)
        let hang = sheet.rows[4]
        #expect(hang[0] == .text(f.ids["hang"]!, format: "@"))
        #expect(hang[1] == .text("Tạp hóa Bà Hằng"))
        #expect(hang[5] == .text("0912345678", format: "@"))
        #expect(hang[6] == .text("0101234567", format: "@"))
        #expect(hang[7] == .text("970436", format: "@"))
        #expect(hang[8] == .text("Vietcombank"))
        #expect(hang[9] == .text("0001234567", format: "@"))
        #expect(hang[11] == .text("Chưa có QR") && hang[12].kind == "empty")
        let formula = sheet.rows[2]
        #expect(formula[1] == .text("=1+1"))
        #expect(formula[11] == .text("Đã đăng ký") && formula[12] == .date("2025-10-03"))
        #expect(sheet.rows[1][1] == .text("-5") && sheet.rows[3][1] == .text("@cmd"))
    }

    @Test("--format overrides the extension; English XLSX")
    func explicitFormat() throws {
        let f = try fixture()
        _ = try f.export("list.dat", ["--commune", "11953", "--format", "xlsx", "--lang", "en"])
        let sheet = try #require(try Workbooks.read(f.directory.appendingPathComponent("list.dat")).first)
        #expect(sheet.name == "Outreach")
        #expect(sheet.rows[0].map(\.value) == Self.englishHeader)
        #expect(sheet.rows[2][11] == .text("registered"))
    }

    @Test(
        "round trip: the list edited as a volunteer would is read back by `sync import`, which applies exactly the edited rows"
    )
    func roundTrip() throws {
        let f = try fixture()
        // A copy of the registry (no writer is open, so the main file holds everything).
        let copy = f.directory.appendingPathComponent("round-trip.sqlite").path
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: f.environment["QRCOV_DB"]!, toPath: copy)
        let (_, data) = try f.export("round-trip.csv", ["--commune", "11953"], database: copy)
        var records = f.records(try #require(data))
        let edited = try #require(records.firstIndex { $0[0] == Self.text(f.ids["hang"]) })
        records[edited][11] = "Đã treo QR"
        records[edited][12] = "20/11/2025"
        let file = f.directory.appendingPathComponent("round-trip-edited.csv")
        try Data(("\u{FEFF}" + records.map { $0.joined(separator: ";") + "\r\n" }.joined()).utf8).write(to: file)

        let imported = try Fixture.run(
            ["sync", "import", file.path, "--profile", "qrcov-outreach"], ["QRCOV_DB": copy], in: f.directory)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let (_, after) = try f.export("after.csv", ["--commune", "11953"], database: copy)
        #expect(
            f.records(try #require(after)).dropFirst().map { $0[0] }
                == [f.ids["minus"], f.ids["formula"], f.ids["at"]].map(Self.text))
        let (_, shown) = try f.export("shown.csv", ["--commune", "11953", "--status", "displayed"], database: copy)
        let displayed = f.records(try #require(shown)).dropFirst()
        #expect(displayed.map { $0[0] } == [f.ids["pho"], f.ids["hang"]].map(Self.text))
        #expect(
            displayed.last.map { [$0[5], $0[11], $0[12]] } == ["\"=\"\"0912345678\"\"\"", "Đã treo QR", "20/11/2025"])
    }

    @Test("usage errors exit 64 and write nothing")
    func usageErrors() throws {
        let f = try fixture()
        for arguments in [
            ["--commune", "11953"],  // no format, no known extension (list.txt)
            ["--commune", "11953", "--status", "shown"],
            ["--commune", "11953", "--status", ","],
            ["--commune", "11953", "--bank", "Ngân hàng Không Có"],
            ["--commune", "11953", "--delimiter", "|", "--format", "csv"],
            ["--commune", "11953", "--delimiter", ",", "--format", "xlsx"],
        ] {
            // Only the first must fail for the file name; the others, for their own option.
            let (result, data) = try f.export(
                arguments == ["--commune", "11953"] ? "list.txt" : "list.csv", arguments, expect: 64)
            #expect(data == nil)
            #expect(!result.stderr.isEmpty)
        }
        let missing = try Fixture.run(
            ["sync", "export", "--commune", "11953"], f.environment, in: f.directory, expect: 64)
        #expect(missing.stderr.contains("--output"))
    }

    @Test("an output that cannot be created exits 73 and leaves nothing")
    func cannotCreate() throws {
        let f = try fixture()
        for file in ["no-such-folder/list.csv", "no-such-folder/list.xlsx"] {
            let (result, _) = try f.export(file, ["--commune", "11953"], expect: 73)
            #expect(result.stderr.hasPrefix("qrcov: cannot "), "\(result.stderr)")
            #expect(result.stderr.contains("no-such-folder/list."))
        }
        #expect(!FileManager.default.fileExists(atPath: f.directory.appendingPathComponent("no-such-folder").path))
        // An output that is a folder: the temporary file is made beside it and must not stay.
        for file in ["taken.csv", "taken.xlsx"] {
            try FileManager.default.createDirectory(
                at: f.directory.appendingPathComponent(file), withIntermediateDirectories: false)
            let before = try FileManager.default.contentsOfDirectory(atPath: f.directory.path).sorted()
            try Fixture.run(
                ["sync", "export", "--output", file, "--commune", "11953"], f.environment, in: f.directory, expect: 73)
            #expect(try FileManager.default.contentsOfDirectory(atPath: f.directory.path).sorted() == before)
        }
    }

    @Test("an unknown commune is an error, nothing written")
    func unknownCommune() throws {
        let f = try fixture()
        let (result, data) = try f.export("none.csv", ["--commune", "Xã Không Có"], expect: 65)
        #expect(data == nil && result.stderr.hasPrefix("qrcov: "))
    }
}
