import Foundation
import Testing

/// `qrcov merchant import` / `export`: all-or-nothing, file:line:field errors, --skip-invalid, round trip.
@Suite struct MerchantImportCommandTests {
    typealias Workspace = RegistryCommandTests.Workspace

    func write(_ text: String, _ name: String, in space: Workspace) throws -> String {
        let url = space.folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let header =
        "commune_code,commune_name,hamlet,name,owner_name,phone,tax_code,business_type,opened_on,bank_bin,account_number,account_name,status,status_at\n"

    @Test func anInvalidRowRejectsTheWholeFileWithFileLineAndField() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try write(
            Self.header + """
                11953,,TDP 1,Tạp hóa An,Nguyễn Văn An,0912000001,,tạp hóa,2024-01-05,VCB,0011000001,NGUYEN VAN AN,displayed,2025-10-05
                ,Xã Phương Nam,Thôn Đông,Quán Bình,,0912000002,,quán ăn,,,,,,
                11953,,TDP 1,Shop C,,12345,,,,,,,,
                99999,,,Shop D,,,,,31/02/2025,,,,,

                """, "merchants.csv", in: space)
        let result = try space.run(["merchant", "import", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("merchants.csv:4: phone"))
        #expect(result.stderr.contains("merchants.csv:5: commune"))
        #expect(result.stderr.contains("merchants.csv:5: opened_on"))
        #expect(try space.run(["merchant", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1)

        let skipped = try space.run(["merchant", "import", path, "--skip-invalid"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout.contains("Imported 2 merchants (1 status events)"))
        let rejects = try String(
            contentsOfFile: space.folder.appendingPathComponent("merchants.rejects.csv").path, encoding: .utf8)
        #expect(rejects.contains("4,phone,"))
        #expect(rejects.contains("5,commune,"))
        // The rejected row is kept whole, so it can be fixed and imported again.
        #expect(rejects.contains("11953,,TDP 1,Shop C,,12345,,,,,,,,"))
        let list = try space.run(["merchant", "list", "--format", "csv", "--unmask"])
        #expect(list.stdout.contains("11977 Tân Hưng"))  // the former commune Phương Nam
        #expect(list.stdout.contains("displayed"))
    }

    @Test func duplicatesWithinTheFileAndAgainstTheRegistryAreRejected() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.add(["--commune", "11953", "--name", "Existing", "--tax-code", "0101234567"])
        let path = try write(
            "commune_code,name,phone,tax_code\n11953,A,0912000001,\n11953,B,0912000001,\n11977,C,,0101234567\n",
            "dups.csv", in: space)
        let result = try space.run(["merchant", "import", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("dups.csv:3: phone: duplicate of line 2 of this file"))
        #expect(result.stderr.contains("dups.csv:4: tax_code: duplicate of merchant 1"))
        #expect(try space.run(["merchant", "import", path, "--force"]).status == 0)
    }

    @Test func badHeadersAndMissingFilesAreReported() throws {
        let space = try Workspace()
        defer { space.remove() }
        let path = try write("commune_code,name,colour\n11953,A,red\n", "odd.csv", in: space)
        let header = try space.run(["merchant", "import", path])
        #expect(header.status == 65 && header.stderr.contains("odd.csv:1: unknown column \"colour\""))
        let missing = try space.run(["merchant", "import", "nowhere.csv"])
        #expect(missing.status == 66)
    }

    @Test func filesAsExcelSavesThemAreRead() throws {
        let space = try Workspace()
        defer { space.remove() }
        // "CSV UTF-8" with Vietnamese regional settings: a byte-order mark, a sep= line, semicolons, CRLF.
        let excel =
            "\u{FEFF}sep=;\r\ncommune_code;name;hamlet;phone\r\n11953;Tạp hóa An;TDP 1;0912000001\r\n11953;\"Quán Bình; cơm\";Thôn Đông;0912000002\r\n"
        let excelPath = try write(excel, "excel.csv", in: space)
        let excelResult = try space.run(["merchant", "import", excelPath])
        #expect(excelResult.status == 0, "\(excelResult.stderr)")
        // A file saved in Windows-1258 (one byte a letter or mark): converted, diacritics intact.
        let legacy = try ExternalTools.iconv(
            "commune_code,name,owner_name\n11977,Cửa hàng Đức Hạnh,Nguyễn Thị Thủy\n", to: "WINDOWS-1258")
        let legacyURL = space.folder.appendingPathComponent("cp1258.csv")
        try legacy.write(to: legacyURL)
        let legacyResult = try space.run(["merchant", "import", legacyURL.path])
        #expect(legacyResult.status == 0, "\(legacyResult.stderr)")
        let list = try space.run(["merchant", "list", "--format", "csv"]).stdout
        for name in ["Tạp hóa An", "Quán Bình; cơm", "Cửa hàng Đức Hạnh"] { #expect(list.contains(name), "\(list)") }
        // Blank lines around the rows are skipped.
        let blank = try space.run([
            "merchant", "import", try write("\n\ncommune_code,name\n\n11953,Sửa xe Cường\n\n", "blank.csv", in: space),
        ])
        #expect(blank.status == 0 && blank.stdout.contains("Imported 1 merchants"), "\(blank.stderr)")
        // An empty file says so.
        let empty = try space.run(["merchant", "import", try write("", "empty.csv", in: space)])
        #expect(empty.status == 65 && empty.stderr.contains("empty.csv: the file is empty"), "\(empty.stderr)")
    }

    @Test func exportThenImportReproducesTheRegistry() throws {
        let space = try Workspace()
        defer { space.remove() }
        let source = try write(
            Self.header + #"""
                11953,,TDP 1,"Tạp hóa ""An""",Nguyễn Văn An,0912000001,0101234567-001,tạp hóa,2024-01-05,VCB,0011000001,NGUYEN VAN AN,verified,2025-10-05 09:00
                11977,,Thôn Đông,=SUM(A1),,,,,,,,,registered,2025-10-06

                """#, "in.csv", in: space)
        #expect(try space.run(["merchant", "import", source]).status == 0)
        let exported = try space.run(["merchant", "export", "-o", "out.csv"])
        #expect(exported.status == 0)
        let out = space.folder.appendingPathComponent("out.csv").path
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("0011000001") && text.contains("\"Tạp hóa \"\"An\"\"\""))

        let copy = try Workspace()
        defer { copy.remove() }
        #expect(try copy.run(["merchant", "import", out]).status == 0)
        let again = try copy.run(["merchant", "export"])
        #expect(again.stdout == text)

        let sheet = try space.run(["merchant", "export", "--spreadsheet"])
        #expect(sheet.stdout.contains("\"=\"\"0011000001\"\"\""))  // kept as text, leading zeros intact
        #expect(sheet.stdout.contains("'=SUM(A1)"))  // formula neutralized
    }
}
