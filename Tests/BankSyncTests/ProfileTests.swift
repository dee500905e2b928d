import Domain
import Foundation
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// The shipped profiles, profile files, header binding and its errors, date patterns.
@Suite struct ProfileTests {
    static func profile(_ name: String) -> BankProfile { BankProfile.builtIn(named: name)! }

    @Test func everyShippedProfileLoads() throws {
        #expect(
            BankProfile.builtIn.map(\.name) == ["generic", "qrcov-outreach", "agribank-example", "vietinbank-example"])
        for profile in BankProfile.builtIn {
            #expect(!profile.source.isEmpty)
            #expect(!profile.dateFormats.isEmpty, "\(profile.name)")
            #expect(profile.columns[.status] != nil, "\(profile.name)")
        }
        #expect(Self.profile("agribank-example").isExample && Self.profile("agribank-example").bank == "970405")
        #expect(Self.profile("vietinbank-example").isExample && Self.profile("vietinbank-example").bank == "970415")
        #expect(!Self.profile("generic").isExample && Self.profile("generic").bank == nil)
    }

    @Test func theShippedFilesAreTheEmbeddedOnes() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../data/bank-profiles")
        for profile in BankProfile.builtIn {
            #expect(try BankProfile.load(path: folder.appendingPathComponent("\(profile.name).json").path) == profile)
        }
    }

    @Test func theGenericContractHeaderFits() throws {
        let layout = try BankFileLayout(
            header: ["merchant_id", "tax_code", "phone", "bin", "account", "account_name", "status", "date"],
            profile: Self.profile("generic"))
        for field in [SyncField.merchantId, .taxCode, .phone, .bin, .account, .accountName, .status, .date] {
            #expect(layout.has(field))
        }
        #expect(!layout.has(.commune))
        // Any subset that identifies a merchant and carries something to import.
        _ = try BankFileLayout(header: ["phone", "status"], profile: Self.profile("generic"))
        _ = try BankFileLayout(header: ["bin", "account", "account_name"], profile: Self.profile("generic"))
    }

    @Test func headersAreComparedIgnoringCaseSpacesAndDiacritics() throws {
        let profile = Self.profile("agribank-example")
        for header in [
            ["Mã số thuế", "Trạng thái"], ["  MÃ SỐ THUẾ ", "TRẠNG THÁI"], ["Ma so thue", "trang thai"],
            ["Mã  số thuế", "Trạng thái"],
        ] {
            let layout = try BankFileLayout(header: header, profile: profile)
            #expect(layout.has(.taxCode) && layout.has(.status), "\(header)")
        }
        // Decomposed input (NFD) folds the same.
        let decomposed = "Mã số thuế".decomposedStringWithCanonicalMapping
        #expect(try BankFileLayout(header: [decomposed, "Trạng thái"], profile: profile).has(.taxCode))
        #expect(
            try BankFileLayout(header: ["TEN CHU TAI KHOAN", "So tai khoan", "Trang thai"], profile: profile).has(
                .accountName))
    }

    @Test func anUnknownHeaderListsTheExpectedAndFoundColumns() {
        #expect {
            try BankFileLayout(header: ["merchant_id", "colour", "status"], profile: Self.profile("generic"))
        } throws: { error in
            guard let mismatch = error as? HeaderMismatch else { return false }
            let text = mismatch.description
            return mismatch.problems == ["unknown column \"colour\" (column 2)"]
                && text.contains(
                    "expected columns: merchant_id; tax_code; phone; bin; account; account_name; status; date")
                && text.contains("found columns: \"merchant_id\", \"colour\", \"status\"")
        }
    }

    @Test func headerProblemsAreAllReported() {
        let profile = Self.profile("generic")
        func problems(_ header: [String]) -> [String] {
            do {
                _ = try BankFileLayout(header: header, profile: profile)
                return []
            } catch { return error.problems }
        }
        #expect(problems(["phone", "PHONE", "status"]) == ["columns 1 (\"phone\") and 2 (\"PHONE\") both mean phone"])
        #expect(problems(["status", "date"]).contains { $0.hasPrefix("no column identifies a merchant") })
        #expect(
            problems(["phone", "date"]) == [
                "nothing to import: the file has neither a status column nor an account column"
            ])
        #expect(
            problems(["account", "status"]) == ["an account column needs a bin column (profile generic names no bank)"])
        // A bank profile with a fixed BIN needs no BIN column; empty headers are ignored.
        #expect(
            (try? BankFileLayout(header: ["Số tài khoản", "", "Trạng thái"], profile: Self.profile("agribank-example")))
                != nil)
        // An ignored column is accepted.
        #expect(
            (try? BankFileLayout(
                header: ["STT", "Mã số thuế", "Trạng thái"], profile: Self.profile("agribank-example"))) != nil)
    }

    @Test func theOutreachProfileReadsBothHeaderLanguagesAndVocabularies() throws {
        let profile = Self.profile("qrcov-outreach")
        let vietnamese = [
            "Mã cơ sở", "Tên cơ sở", "Chủ cơ sở", "Thôn/Tổ dân phố", "Địa chỉ", "Số điện thoại", "Mã số thuế",
            "BIN ngân hàng", "Ngân hàng", "Số tài khoản", "Tên chủ tài khoản", "Trạng thái", "Ngày cập nhật",
        ]
        let english = [
            "merchant_id", "name", "owner_name", "hamlet", "address", "phone", "tax_code", "bin", "bank", "account",
            "account_name", "status", "date",
        ]
        for header in [vietnamese, english] {
            let layout = try BankFileLayout(header: header, profile: profile)
            #expect(layout.has(.merchantId) && layout.has(.status) && layout.has(.date) && layout.has(.account))
            #expect(!layout.has(.name))  // informational only
        }
        #expect(profile.status(forWord: "Chưa có QR") == .some(QRStatus.none))
        #expect(profile.status(forWord: "Đã đăng ký") == .some(.registered))
        #expect(profile.status(forWord: "đã treo qr") == .some(.displayed))
        #expect(profile.status(forWord: "Đã xác minh") == .some(.verified))
        #expect(profile.status(forWord: "verified") == .some(.verified))
        #expect(profile.status(forWord: "Đang hoạt động") == nil)
    }

    @Test func bankVocabulariesMapBankWords() {
        let agribank = Self.profile("agribank-example")
        #expect(agribank.status(forWord: "Đã cấp QR") == .some(.registered))
        #expect(agribank.status(forWord: "Đang hoạt động") == .some(.displayed))
        #expect(agribank.status(forWord: "Chưa cấp QR") == .some(nil))  // a word meaning: no status to record
        let vietinbank = Self.profile("vietinbank-example")
        #expect(vietinbank.status(forWord: "Ngừng hoạt động") == .some(QRStatus.none))
        #expect(vietinbank.day("05-10-2025") == CalendarDay("2025-10-05"))
    }

    @Test func profileFilesAreChecked() {
        func error(_ json: String) -> String? {
            do {
                _ = try BankProfile(json: Data(json.utf8), origin: "test.json")
                return nil
            } catch { return error.description }
        }
        let base = #""name": "x", "description": "", "source": "bank:X""#
        #expect(
            error(
                "{\(base), \"columns\": {\"phone\": [\"Phone\"], \"status\": [\"S\"]}, \"statuses\": {\"displayed\": [\"ok\"]}}"
            ) == nil)
        #expect(error("{\(base)}") == "test.json: the \"columns\" key is missing")
        #expect(error("{\(base), \"columns\": {\"colour\": [\"C\"]}}")?.contains("unknown field \"colour\"") == true)
        #expect(
            error("{\(base), \"columns\": {\"phone\": [\"SĐT\"], \"tax_code\": [\"SDT\"]}}")?.contains("means both")
                == true)
        #expect(
            error("{\(base), \"columns\": {\"status\": [\"S\"]}}")?.contains("no column identifies a merchant") == true)
        #expect(
            error("{\(base), \"columns\": {\"account\": [\"A\"]}}")?.contains("needs a bin column or a fixed") == true)
        #expect(
            error("{\(base), \"columns\": {\"phone\": [\"P\"], \"date\": [\"D\"]}, \"date_formats\": [\"dd/MM/yy\"]}")?
                .contains("date format") == true)
        #expect(
            error("{\(base), \"columns\": {\"phone\": [\"P\"], \"status\": [\"S\"]}}")?.contains("needs statuses")
                == true)
        #expect(
            error("{\(base), \"columns\": {\"phone\": [\"P\"]}, \"statuses\": {\"done\": [\"x\"]}}")?.contains(
                "unknown status \"done\"") == true)
        #expect(
            error(
                "{\(base), \"columns\": {\"phone\": [\"P\"]}, \"statuses\": {\"registered\": [\"Đã cấp\"], \"displayed\": [\"da cap\"]}}"
            )?.contains("means both") == true)
        #expect(
            error("{\(base), \"bank\": \"123456\", \"columns\": {\"phone\": [\"P\"]}}")?.contains("not a BIN") == true)
        #expect(
            error(#"{"name": "Bad Name", "description": "", "source": "s", "columns": {"phone": ["P"]}}"#)?.contains(
                "lower-case") == true)
        #expect(error("not json")?.hasPrefix("test.json: not a profile JSON file") == true)
        #expect((try? BankProfile.load(path: "/nonexistent/profile.json")) == nil)
    }

    @Test func datePatterns() {
        let dmy = DatePattern("dd/MM/yyyy")!
        #expect(dmy.day("05/10/2025") == CalendarDay("2025-10-05"))
        #expect(dmy.day("5/10/2025") == nil)
        #expect(dmy.day("31/02/2025") == nil)
        #expect(dmy.day("05/10/2025 ") == nil)
        let loose = DatePattern("d/M/yyyy")!
        #expect(loose.day("5/1/2025") == CalendarDay("2025-01-05"))
        #expect(loose.day("05/01/2025") == CalendarDay("2025-01-05"))
        #expect(DatePattern("yyyy-MM-dd")!.day("2025-10-05") == CalendarDay("2025-10-05"))
        #expect(DatePattern("dd-MM-yyyy")!.day("05-10-2025") == CalendarDay("2025-10-05"))
        let withTime = DatePattern("dd/MM/yyyy HH:mm:ss")!
        #expect(withTime.day("05/10/2025 14:30:00") == CalendarDay("2025-10-05"))
        #expect(withTime.day("05/10/2025 24:30:00") == nil)
        for bad in ["dd/MM", "yyyy-MM", "dd/MM/yy", "dd/MM/yyyy/yyyy", "dd.MM.yyyy x"] {
            #expect(DatePattern(bad) == nil, "\(bad)")
        }
    }
}
