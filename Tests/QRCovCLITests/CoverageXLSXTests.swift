import Foundation
import Testing

/// `qrcov coverage --format xlsx --output FILE`: the officials' workbook, read back by openpyxl,
/// on the registry of ``CoverageCommandTests``.
@Suite struct CoverageXLSXTests {
    private func fixture() throws -> CoverageCommandTests.Fixture { try CoverageCommandTests.fixture.get() }

    private func workbook(_ name: String, _ arguments: [String]) throws -> Workbooks.Sheet {
        let f = try fixture()
        let url = f.directory.appendingPathComponent(name)
        let result = try f.run(["coverage"] + arguments + ["--format", "xlsx", "--output", url.path])
        #expect(result.stdout.isEmpty)
        return try #require(try Workbooks.read(url).first)
    }

    @Test("Vietnamese headers, typed cells, the same rows and roll-up as the table")
    func vietnamese() throws {
        let sheet = try workbook("tinh-33.xlsx", ["--province", "33", "--as-of", "2025-10-10"])
        #expect(sheet.name == "Tỷ lệ có QR")
        #expect(sheet.freeze == "A2" && sheet.filter == "A1:G105")
        #expect(
            sheet.rows[0].map(\.value) == ["Mã", "Xã/phường", "Số cửa hàng", "Có QR", "Tỷ lệ", "Đạt 90%", "Còn thiếu"])
        // Worst first: Tân Hưng 8/9, then Phố Hiến 9/10.
        #expect(
            sheet.rows[1] == [
                .text("11977", format: "@"), .text("Tân Hưng"), .number(9, format: "#,##0"),
                .number(8, format: "#,##0"),
                .number(0.889, format: "0.0%"), .text("chưa đạt"), .number(1, format: "#,##0"),
            ])
        #expect(sheet.rows[2][0] == .text("11953", format: "@") && sheet.rows[2][4] == .number(0.9, format: "0.0%"))
        #expect(sheet.rows[2][5] == .text("đạt"))
        // A commune without merchants: no percent, "no merchants" in words.
        let empty = sheet.rows[3]
        #expect(
            empty[2] == .number(0, format: "#,##0") && empty[4].kind == "empty" && empty[5] == .text("chưa có dữ liệu")
        )
        // The roll-up after the 104 communes, then the title and summary below a blank row.
        let total = sheet.rows[105]
        #expect(total[1] == .text("Tổng cộng") && total[2].number == 19 && total[3].number == 17)
        #expect(total[4] == .number(0.895, format: "0.0%") && total[5] == .text("chưa đạt") && total[6].number == 1)
        #expect(
            sheet.rows[107][0].value.hasPrefix(
                "Tỷ lệ cửa hàng có mã QR thanh toán — Hưng Yên (33) — đến ngày 10/10/2025"))
        #expect(sheet.rows[108][0].value.hasPrefix("1/2 xã/phường đạt mục tiêu 90%"))
    }

    @Test("--lang en: English headers and words; hamlets have no code column")
    func english() throws {
        let sheet = try workbook(
            "hamlets.xlsx", ["--commune", "11953", "--by", "hamlet", "--as-of", "2025-10-10", "--lang", "en"])
        #expect(sheet.name == "QR coverage")
        #expect(sheet.rows[0].map(\.value) == ["Hamlet", "Merchants", "With QR", "Percent", "Met 90%", "Shortfall"])
        // Tổ dân phố 2 (first spelt "TDP 2") 4 of 5, Tổ dân phố 1 5 of 5, then the roll-up.
        #expect(sheet.rows.dropFirst().prefix(3).map { $0[0].value } == ["TDP 2", "Tổ dân phố 1", "Total"])
        #expect(sheet.rows[1][3] == .number(0.8, format: "0.0%") && sheet.rows[1][4] == .text("no"))
        #expect(sheet.rows[2][3] == .number(1, format: "0.0%") && sheet.rows[2][4] == .text("yes"))
        #expect(sheet.rows[3][3] == .number(0.9, format: "0.0%") && sheet.rows[3][4] == .text("yes"))
    }

    @Test("xlsx without --output is a usage error; --output also takes the text formats")
    func output() throws {
        let f = try fixture()
        let refused = try f.run(["coverage", "--format", "xlsx"], expect: 64)
        #expect(refused.stdout.isEmpty && refused.stderr.contains("--output"))
        let url = f.directory.appendingPathComponent("report.md")
        let written = try f.run([
            "coverage", "--province", "33", "--as-of", "2025-10-10", "--format", "md", "--output", url.path,
        ])
        #expect(written.stdout.isEmpty)
        let markdown = try String(contentsOf: url, encoding: .utf8)
        let printed = try f.run(["coverage", "--province", "33", "--as-of", "2025-10-10", "--format", "md"]).stdout
        #expect(markdown == printed)
        let failed = try f.run(
            ["coverage", "--format", "xlsx", "--output", f.directory.appendingPathComponent("nope/r.xlsx").path],
            expect: 73)
        #expect(failed.stderr.hasPrefix("qrcov: cannot create "))
    }
}
