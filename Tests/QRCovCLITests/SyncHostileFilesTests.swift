import Foundation
import Testing

/// `qrcov sync import` on the hostile corpus in `Fixtures/sync-hostile` (its README.md lists every
/// file and why it is hostile): each file gives its documented exit code and message fragments,
/// which name the file and line, and leaves the registry file as it was.
@Suite struct SyncHostileFilesTests {
    /// One corpus file and what importing it must do.
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var dryRun = false
        var status: Int32 = 65
        /// Fragments stderr must contain.
        var messages: [String]
        /// Fragments stderr must not contain.
        var absent: [String] = []
        /// Fragments the rejects file must contain (decoded text of a legacy encoding).
        var rejects: [String] = []
        /// Fragments the plan file must contain (the reasons rows go to review).
        var plan: [String] = []

        var testDescription: String { file + (dryRun ? " (dry run)" : "") }
    }

    static let cases: [Case] = [
        // Encodings and bytes.
        Case(file: "invalid-utf8.csv", messages: ["invalid-utf8.csv:4: bytes that are not valid UTF-8 text"]),
        Case(file: "mixed-encodings.csv", messages: ["mixed-encodings.csv:5: bytes that are not valid UTF-8 text"]),
        Case(
            file: "utf16le-truncated.csv",
            messages: ["utf16le-truncated.csv:3: bytes that are not valid UTF-16 LE text"]),
        Case(
            file: "utf16le-no-bom.csv",
            messages: ["utf16le-no-bom.csv:1: a NUL byte", "UTF-16 saved without a byte-order mark"]),
        Case(file: "utf32-as-utf16.csv", messages: ["utf32-as-utf16.csv:1: a NUL byte"]),
        Case(file: "nul-bytes.csv", messages: ["nul-bytes.csv:3: a NUL byte"]),
        Case(file: "xlsx-renamed.csv", messages: ["xlsx-renamed.csv:1: a NUL byte: not a text file"]),
        Case(
            file: "windows-1258-unknown-status.csv",
            messages: ["windows-1258-unknown-status.csv:3: status: \"Đã hủy\" is not a status word of profile generic"]),
        Case(
            file: "tcvn3-bad-date.csv", messages: ["tcvn3-bad-date.csv:3: date: \"31/02/2025\" is not a date"],
            rejects: ["Trần Thị Bình"]),
        Case(
            file: "vni-unknown-bin.csv", messages: ["vni-unknown-bin.csv:3: bin: \"123456\" is not a BIN or bank code"],
            rejects: ["Trần Thị Bình"]),
        Case(
            file: "tcvn3-garbled-utf8.csv", messages: ["tcvn3-garbled-utf8.csv:5: status: \"shown\""],
            rejects: ["Hoàng Minh Hà"]),
        // Empty files, blank lines, line ends.
        Case(file: "empty.csv", messages: ["empty.csv: the file is empty"]),
        Case(file: "bom-only.csv", messages: ["bom-only.csv: the file is empty"]),
        Case(file: "whitespace-only.csv", messages: ["whitespace-only.csv: the file is empty"]),
        Case(file: "header-only.csv", dryRun: true, status: 0, messages: ["Dry run: nothing was changed"]),
        Case(
            file: "header-only.csv", status: 0,
            messages: ["header-only.csv has a header but no data rows: nothing to import"]),
        Case(file: "blank-lines.csv", messages: ["blank-lines.csv:50002: status: \"registred\""]),
        Case(file: "cr-only.csv", messages: ["cr-only.csv:4: date: \"2025-13-01\""]),
        Case(file: "embedded-newlines.csv", messages: ["embedded-newlines.csv:7: date: \"2025/11/01\""]),
        Case(file: "sep-line-bom-semicolons.csv", messages: ["sep-line-bom-semicolons.csv:4: date: \"2025-02-30\""]),
        // Structure and headers.
        Case(
            file: "ragged-rows.csv",
            messages: [
                "2 invalid rows", "ragged-rows.csv:3: (row): has 7 fields, the header has 8",
                "ragged-rows.csv:4: (row): has 9 fields",
            ]),
        Case(file: "mixed-delimiters.csv", messages: ["mixed-delimiters.csv:3: (row): has 1 fields, the header has 8"]),
        Case(
            file: "sep-line-wrong-delimiter.csv",
            messages: [
                "sep-line-wrong-delimiter.csv:2: the header does not fit profile generic",
                "unknown column \"merchant_id,tax_code",
            ]),
        Case(
            file: "unterminated-quote.csv",
            messages: ["unterminated-quote.csv:3: a quoted field that starts on this line is never closed"]),
        Case(
            file: "unknown-header.csv",
            messages: [
                "unknown-header.csv:1: the header does not fit profile generic: unknown column \"colour\" (column 9)",
                "expected columns: merchant_id; tax_code", "found columns:",
            ]),
        Case(
            file: "vietnamese-header-generic-profile.csv",
            messages: ["vietnamese-header-generic-profile.csv:1:", "unknown column \"Mã số thuế\" (column 1)"]),
        Case(
            file: "no-identifier-column.csv",
            messages: ["no-identifier-column.csv:1:", "no column identifies a merchant"]),
        Case(file: "nothing-to-import.csv", messages: ["nothing-to-import.csv:1:", "nothing to import"]),
        Case(
            file: "duplicate-header.csv",
            messages: ["duplicate-header.csv:1:", "columns 2 (\"phone\") and 5 (\"phone\") both mean phone"]),
        Case(
            file: "row-without-identifier.csv",
            messages: ["row-without-identifier.csv:3: (row): nothing identifies the merchant"]),
        // Values as spreadsheets mangle them, formulas.
        Case(
            file: "excel-scientific-account.csv",
            messages: ["excel-scientific-account.csv:3: account: \"1.23457E+10\" is a number in scientific notation"]),
        Case(
            file: "excel-phone-lost-zero.csv",
            messages: ["excel-phone-lost-zero.csv:3: phone: \"912000002\" has 9 digits: it lost its leading zero"]),
        Case(
            file: "excel-tax-code-lost-zero.csv",
            messages: ["excel-tax-code-lost-zero.csv:2: tax_code: \"101234567\" has 9 digits"]),
        Case(
            file: "excel-account-lost-zeros.csv",
            messages: [
                "excel-account-lost-zeros.csv:2: account: \"11000001\" is merchant 1's account 0011000001 without its leading zeros"
            ]),
        Case(
            file: "excel-decimal-point.csv",
            messages: ["excel-decimal-point.csv:2: merchant_id: \"1.0\" ends in a decimal fraction"]),
        Case(
            file: "excel-serial-date.csv",
            messages: ["excel-serial-date.csv:2: date: \"45935\" is a spreadsheet's serial day number"]),
        Case(
            file: "formula-hyperlink.csv",
            messages: ["formula-hyperlink.csv:2: phone: \"=HYPERLINK(", "is a formula, not a value"]),
        Case(
            file: "formula-plus-tax-code.csv",
            messages: ["formula-plus-tax-code.csv:2: tax_code: \"+84101234567\" is a formula"]),
        Case(file: "formula-at-sum.csv", messages: ["formula-at-sum.csv:2: merchant_id: \"@SUM(A1:A9)\" is a formula"]),
        // Values.
        Case(file: "date-impossible.csv", messages: ["date-impossible.csv:3: date: \"31/02/2025\" is not a date"]),
        Case(file: "date-future.csv", messages: ["date-future.csv:3: date: \"2099-01-01\" is in the future"]),
        Case(
            file: "status-not-in-vocabulary.csv",
            messages: [
                "status-not-in-vocabulary.csv:3: status: \"active\"",
                "status-not-in-vocabulary.csv:4: status: \"Đã treo\"",
            ]),
        Case(
            file: "tax-code-branch-format.csv", messages: ["tax-code-branch-format.csv:3: tax_code: \"0101234567-01\""],
            absent: ["tax-code-branch-format.csv:2:"]),
        Case(file: "unknown-bin.csv", messages: ["unknown-bin.csv:3: bin: \"999999\" is not a BIN or bank code"]),
        Case(
            file: "account-without-bin.csv",
            messages: ["account-without-bin.csv:2: bin: is empty, but an account number needs its bank's BIN"]),
        Case(
            file: "account-too-long.csv",
            messages: ["account-too-long.csv:2: account: \"12345678901234567890\" is not an account number"]),
        Case(
            file: "merchant-id-not-a-number.csv",
            messages: [
                "3 invalid rows", "merchant-id-not-a-number.csv:2: merchant_id: \"abc\"",
                "merchant-id-not-a-number.csv:3: merchant_id: \"-5\"",
                "merchant-id-not-a-number.csv:4: merchant_id: \"0\"",
            ]),
        // Keys that do not match exactly one merchant: to review, never applied.
        Case(
            file: "duplicate-rows-conflicting.csv", dryRun: true, status: 0, messages: ["1 to review"],
            plan: ["3,1,merchant_id,review,account_number", "merchant 1 already has another account"]),
        Case(
            file: "keys-conflicting.csv", dryRun: true, status: 0, messages: ["1 to review"],
            plan: ["2,,,review,", "the keys name different merchants"]),
        Case(
            file: "phone-shared-by-two-merchants.csv", dryRun: true, status: 0, messages: ["1 to review"],
            plan: ["2,,,review,", "several merchants fit: phone 0912000006 → merchant 6 and merchant 7"]),
    ]

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/sync-hostile")

    @Test(
        "each hostile file gives its documented exit code and message and leaves the registry file as it was",
        arguments: cases)
    func hostileFile(_ hostile: Case) throws {
        let space = try HostileImportSpace()
        defer { space.remove() }
        try FileManager.default.copyItem(
            at: Self.fixtures.appendingPathComponent(hostile.file),
            to: space.folder.appendingPathComponent(hostile.file))
        let result = try space.importFile(hostile.file, dryRun: hostile.dryRun)
        #expect(result.status == hostile.status, "\(result.stderr)")
        for fragment in hostile.messages {
            #expect(result.stderr.contains(fragment), "missing \(fragment) in: \(result.stderr)")
        }
        for fragment in hostile.absent {
            #expect(!result.stderr.contains(fragment), "unexpected \(fragment) in: \(result.stderr)")
        }
        let base = (hostile.file as NSString).deletingPathExtension
        if !hostile.rejects.isEmpty {
            let rejects = try String(
                contentsOf: space.folder.appendingPathComponent("\(base).rejects.csv"), encoding: .utf8)
            for fragment in hostile.rejects {
                #expect(rejects.contains(fragment), "missing \(fragment) in the rejects: \(rejects)")
            }
        }
        if !hostile.plan.isEmpty {
            let plan = try String(contentsOf: space.folder.appendingPathComponent("\(base).plan.csv"), encoding: .utf8)
            for fragment in hostile.plan {
                #expect(plan.contains(fragment), "missing \(fragment) in the plan: \(plan)")
            }
        }
        try space.expectRegistryAsItWas()
    }

    @Test("a 10 MB single field is refused at the reader's 1 MiB limit, naming line and column")
    func tenMegabyteField() throws {
        let space = try HostileImportSpace()
        defer { space.remove() }
        var bytes = Data(
            "merchant_id,tax_code,phone,bin,account,account_name,status,date\n1,,0912000001,970436,0011000001,\"".utf8)
        bytes.append(Data(repeating: UInt8(ascii: "A"), count: 10_000_000))
        bytes.append(Data("\",displayed,2025-10-05\n".utf8))
        try bytes.write(to: space.folder.appendingPathComponent("field-10mb.csv"))
        let result = try space.importFile("field-10mb.csv", dryRun: false)
        #expect(result.status == 65)
        #expect(result.stderr.contains("field-10mb.csv:2: column 6 is longer than 1048576 bytes"), "\(result.stderr)")
        try space.expectRegistryAsItWas()
    }

    @Test("the comparison can fail: a valid file does change the registry file")
    func validFileChangesTheRegistry() throws {
        let space = try HostileImportSpace()
        defer { space.remove() }
        try "merchant_id,phone,status,date\n1,0912000001,displayed,2025-10-05\n"
            .write(to: space.folder.appendingPathComponent("valid.csv"), atomically: true, encoding: .utf8)
        let result = try space.importFile("valid.csv", dryRun: false)
        #expect(result.status == 0, "\(result.stderr)")
        let registry = try HostileImportSpace.registry.get()
        #expect(try Data(contentsOf: space.database) != registry.database)
    }

    @Test("every corpus file has a case here and a line in the corpus README")
    func corpusIsDocumented() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter {
            $0.hasSuffix(".csv")
        }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
        #expect(files.count >= 30)
        let readme = try String(contentsOf: Self.fixtures.appendingPathComponent("README.md"), encoding: .utf8)
        for file in files + ["field-10mb.csv"] { #expect(readme.contains("`\(file)`"), "\(file) is not in README.md") }
    }
}

/// A temporary folder holding a copy of the test registry, where one hostile file is imported.
struct HostileImportSpace {
    /// The registry's bytes, as built, and as a read-only or failed command leaves them: its
    /// database file alone (no command leaves a WAL file beside it).
    struct RegistryBytes: Sendable {
        var database: Data
    }

    struct SetupFailure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Seven merchants in two communes of Hưng Yên (made up): see Fixtures/sync-hostile/README.md.
    static let merchants = """
        commune_code,hamlet,address,name,owner_name,phone,tax_code,business_type,opened_on,bank_bin,account_number,account_name
        11953,TDP 1,,Tạp hóa An,Nguyễn Văn An,0912000001,0101234567,tạp hóa,2024-01-05,970436,0011000001,NGUYEN VAN AN
        11953,TDP 1,,Quán Bình,Trần Thị Bình,0912000002,0101234568,quán ăn,2024-02-01,,,
        11977,Thôn Đông,,Cà phê Cường,Lê Hữu Cường,0912000003,,cà phê,2024-03-01,970415,100000000003,LE HUU CUONG
        11977,Thôn Đông,,Shop Dung,Phạm Ngọc Dung,0912000004,0101234567-001,may mặc,2024-04-01,,,
        11953,TDP 2,,Nhà thuốc Hà,Hoàng Minh Hà,0912000005,,thuốc,2024-05-01,970418,12345678901,HOANG MINH HA
        11953,TDP 2,,Sửa xe Hùng,Đặng Quang Hùng,0912000006,,sửa xe,2024-06-01,,,
        11977,Thôn Tây,,Bánh kẹo Lan,Bùi Thị Lan,0912000006,,bánh kẹo,2024-07-01,,,

        """

    /// Built once: `qrcov init` and `merchant import`; each test gets a copy of the database file.
    static let registry: Result<RegistryBytes, SetupFailure> = {
        do {
            let folder = try QRCovProcess.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("qrcov.sqlite")
            let environment = ["QRCOV_DB": database.path]
            try merchants.write(to: folder.appendingPathComponent("merchants.csv"), atomically: true, encoding: .utf8)
            for arguments in [["init", "--province", "33"], ["merchant", "import", "merchants.csv"]] {
                let result = try QRCovProcess.run(arguments, environment: environment, in: folder)
                guard result.status == 0 else {
                    return .failure(SetupFailure(description: "\(arguments): \(result.stderr)"))
                }
            }
            return .success(RegistryBytes(database: try Data(contentsOf: database)))
        } catch {
            return .failure(SetupFailure(description: "\(error)"))
        }
    }()

    let folder: URL
    var database: URL { folder.appendingPathComponent("qrcov.sqlite") }
    var wal: URL { URL(fileURLWithPath: database.path + "-wal") }

    init() throws {
        folder = try QRCovProcess.temporaryDirectory()
        let registry = try Self.registry.get()
        try registry.database.write(to: database)
    }

    /// `qrcov sync import FILE --profile generic [--dry-run]` in the folder (so messages name FILE as given).
    func importFile(_ file: String, dryRun: Bool) throws -> QRCovProcess.Result {
        try QRCovProcess.run(
            ["sync", "import", file, "--profile", "generic"] + (dryRun ? ["--dry-run"] : []),
            environment: ["QRCOV_DB": database.path], in: folder)
    }

    /// The database file is byte for byte as it was, and no WAL file is left beside it.
    func expectRegistryAsItWas(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let registry = try Self.registry.get()
        #expect(
            try Data(contentsOf: database) == registry.database, "the registry file changed",
            sourceLocation: sourceLocation)
        #expect(
            !FileManager.default.fileExists(atPath: wal.path), "a WAL file was left", sourceLocation: sourceLocation)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
