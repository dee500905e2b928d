import Foundation
import Testing

/// `qrcov sync import` with each kind of profile, and `qrcov sync profiles`: a profile of one's own
/// (a JSON file), every shipped profile on a realistic file, encodings (UTF-16, Windows-1258,
/// `--encoding`), and the round trip through `qrcov sync export` with `qrcov-outreach`. The
/// workspace and file helpers are those of the suite, in SyncImportTests.swift.
extension SyncImportCommandTests {
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
            // The id is written as text for Excel: "=""2""".
            guard let index = lines.firstIndex(where: { $0.hasPrefix("\"=\"\"\(id)\"\"\";") }) else {
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
