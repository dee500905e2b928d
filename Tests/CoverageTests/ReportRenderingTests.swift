import Coverage
import Domain
import Foundation
import Tabular
import Testing

/// What people and scripts read: labels, number forms, the JSON contract, CSV for machines.
@Suite struct ReportRenderingTests {
    static let report = CoverageReportTests.report([
        CoverageReportTests.unit("11953", "Phố Hiến", 1_100, 1_234),
        CoverageReportTests.unit("11977", "Tân Hưng", 9, 10),
        CoverageReportTests.unit("11980", "Hồng Châu", 8, 9),
        CoverageReportTests.unit("11983", "Sơn Nam", 0, 0),
    ])

    @Test func jsonHasTheContractedShape() throws {
        let text = CoverageReportRenderer().json(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["target", "as_of", "rows", "total"])
        #expect(object["target"] as? Int == 90)
        #expect(object["as_of"] as? String == "2025-12-31")
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows { #expect(Set(row.keys) == Set(CoverageReportRenderer.machineKeys)) }
        #expect(rows.map { $0["code"] as? String } == ["11980", "11953", "11977", "11983"])
        #expect(rows[0]["name"] as? String == "Hồng Châu")
        #expect(rows[0]["met"] as? Bool == false)
        #expect(rows[0]["shortfall"] as? Int == 1)
        #expect(rows[3]["percent"] is NSNull)
        // A unit with no merchants has no data: neither met nor not met.
        #expect(rows[3]["met"] is NSNull)
        let total = try #require(object["total"] as? [String: Any])
        #expect(total["code"] as? String == "33")
        #expect(total["total"] as? Int == 1_253)
        #expect(total["covered"] as? Int == 1_117)
        // Percents are written with exactly one decimal, 90.0 included.
        #expect(text.contains("\"percent\": 90.0,"))
        #expect(text.contains("\"percent\": 88.9,"))
        #expect(text.contains("\"percent\": null,"))
    }

    @Test func countryJSONTotalHasANullCode() throws {
        let report = CoverageReport(
            scope: .country, unitKind: .province,
            units: [CoverageReportTests.unit("33", "Hưng Yên", 1, 2)],
            target: .campaign, asOf: CoverageReportTests.day)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(CoverageReportRenderer(language: .en).json(report).utf8))
                as? [String: Any])
        let total = try #require(object["total"] as? [String: Any])
        #expect(total["code"] is NSNull)
        #expect(total["name"] as? String == "Whole country")
    }

    @Test func csvIsForMachines() {
        let csv = CoverageReportRenderer().csv(Self.report)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "code,name,total,covered,percent,met,shortfall")
        #expect(lines[1] == "11980,Hồng Châu,9,8,88.9,false,1")
        #expect(lines[4] == "11983,Sơn Nam,0,0,,,0")
        #expect(lines.count == 6 && lines[5].isEmpty)
    }

    @Test func vietnameseTableForOfficials() {
        let text = CoverageReportRenderer(language: .vi).terminal(Self.report)
        #expect(
            text.contains("Tỷ lệ cửa hàng có mã QR thanh toán — Hưng Yên (33) — đến ngày 31/12/2025 — mục tiêu 90%"))
        #expect(text.contains("Xã/phường"))
        #expect(text.contains("88,9%"))
        #expect(text.contains("1.234"))
        #expect(text.contains("chưa đạt"))
        #expect(text.contains("chưa có cửa hàng"))
        #expect(text.contains("Tổng cộng"))
        #expect(text.contains("1/3 xã/phường đạt mục tiêu 90%"))
        #expect(!text.contains("DỮ LIỆU MẪU"))
    }

    @Test func englishTableOnRequest() {
        let text = CoverageReportRenderer(language: .en).terminal(Self.report)
        #expect(text.contains("Commune"))
        #expect(text.contains("88.9%"))
        #expect(text.contains("1,234"))
        #expect(text.contains("no merchants"))
        #expect(text.contains("1 of 3 communes meet the 90% target"))
    }

    @Test func tableRowsFollowTheReportAndTheFooterIsTheRollUp() {
        let table = CoverageReportRenderer(language: .en).table(Self.report)
        #expect(table.rows.map { $0[0] } == ["11980", "11953", "11977", "11983"])
        #expect(table.footer == [["", "Total", "1,253", "1,117", "89.1%", "no", "11"]])
    }

    @Test func hamletTablesHaveNoCodeColumnAndNameUnnamedHamlets() {
        let report = CoverageReport(
            scope: ReportScope(level: .commune, code: "11953", name: "Phường Phố Hiến"), unitKind: .hamlet,
            units: [CoverageReportTests.unit("to dan pho 3", "TDP 3", 1, 2), CoverageReportTests.unit("", "", 3, 3)],
            target: .campaign, asOf: CoverageReportTests.day)
        let table = CoverageReportRenderer().table(report)
        #expect(
            table.columns.map(\.header) == ["Thôn/tổ dân phố", "Số cửa hàng", "Có QR", "Tỷ lệ", "Đạt 90%", "Còn thiếu"])
        #expect(table.rows.map { $0[0] } == ["TDP 3", "(không ghi thôn/tổ dân phố)"])
        #expect(table.footer == [["Tổng cộng", "5", "4", "80,0%", "chưa đạt", "1"]])
        // Machines still get the grouping key and the name as stored.
        #expect(CoverageReportRenderer().csv(report).contains("\r\nto dan pho 3,TDP 3,2,1,50.0,false,1\r\n"))
    }

    /// Hamlets and business types are typed by people: a cell a spreadsheet would run as a
    /// formula gets the same apostrophe as the other spreadsheet outputs (``CSVWriter``).
    @Test func csvNeutralizesFormulaLikeNames() {
        let names = ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@x", "\tTab", "\rCR", "\u{FF1D}1", "Thôn =1"]
        let report = CoverageReport(
            scope: ReportScope(level: .commune, code: "11953", name: "Phường Phố Hiến"), unitKind: .hamlet,
            units: names.map { CoverageReportTests.unit($0, $0, 1, 2) }, target: .campaign,
            asOf: CoverageReportTests.day)
        let lines = CoverageReportRenderer().csv(report).components(separatedBy: "\r\n")
        #expect(
            lines.contains(
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2,1,50.0,false,1"
            ))
        #expect(lines.contains("'+1,'+1,2,1,50.0,false,1"))
        #expect(lines.contains("'-1,'-1,2,1,50.0,false,1"))
        #expect(lines.contains("'@x,'@x,2,1,50.0,false,1"))
        #expect(lines.contains("'\tTab,'\tTab,2,1,50.0,false,1"))
        #expect(lines.contains("'\u{FF1D}1,'\u{FF1D}1,2,1,50.0,false,1"))
        #expect(CoverageReportRenderer().csv(report).contains("\"'\rCR\",\"'\rCR\",2,1,50.0,false,1"))
        // Text that only contains a sign further on is no formula and stays as it is.
        #expect(lines.contains("Thôn =1,Thôn =1,2,1,50.0,false,1"))
    }

    @Test func markdownHasHeadingTableAndSampleNotice() {
        let sample = CoverageReport(
            scope: Self.report.scope, unitKind: .commune,
            units: Self.report.rows.map(\.unit), target: .campaign,
            asOf: CoverageReportTests.day, isSample: true)
        let md = CoverageReportRenderer().markdown(sample)
        #expect(md.hasPrefix("# Tỷ lệ cửa hàng có mã QR thanh toán"))
        #expect(md.contains("**DỮ LIỆU MẪU"))
        #expect(md.contains("| Mã | Xã/phường | Số cửa hàng | Có QR | Tỷ lệ | Đạt 90% | Còn thiếu |"))
        #expect(md.contains("| 11980 | Hồng Châu | 9 | 8 | 88,9% | chưa đạt | 1 |"))
    }

    @Test func jsonEscapesNames() throws {
        let report = CoverageReportTests.report([CoverageReportTests.unit("1", "Tổ \"Đông\"\\\n", 1, 1)])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(CoverageReportRenderer().json(report).utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows[0]["name"] as? String == "Tổ \"Đông\"\\\n")
    }

    @Test func trendRenderings() throws {
        let report = TrendReport(
            scope: ReportScope(level: .commune, code: "11953", name: "Phố Hiến"), target: .campaign, step: .weekly,
            points: [TrendTests.point(0, 50, 100), TrendTests.point(7, 60, 100), TrendTests.point(14, 70, 100)],
            paceStart: TrendTests.point(0, 50, 100))
        let vi = TrendRenderer(language: .vi).terminal(report)
        #expect(vi.contains("Tiến độ phủ QR thanh toán theo tuần — Phố Hiến (11953)"))
        #expect(vi.contains("+10"))
        #expect(vi.contains("Dự kiến đạt mục tiêu 90% vào ngày 29/10/2025"))
        #expect(vi.contains("+10,0 cửa hàng có QR mỗi tuần"))
        let en = TrendRenderer(language: .en).terminal(report)
        #expect(en.contains("At this pace the 90% target is reached on 2025-10-29."))
        let csv = TrendRenderer().csv(report)
        #expect(csv.hasPrefix("date,total,covered,percent,met,shortfall\r\n2025-10-01,100,50,50.0,false,40\r\n"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(TrendRenderer().json(report).utf8)) as? [String: Any])
        let projection = try #require(json["projection"] as? [String: Any])
        #expect(projection["status"] as? String == "reaches")
        #expect(projection["date"] as? String == "2025-10-29")
        #expect((json["points"] as? [Any])?.count == 3)
        let pace = try #require(json["pace"] as? [String: Any])
        #expect(pace["covered_gain"] as? Int == 20)
    }

    @Test func flatTrendSaysNotAtThisPace() {
        let report = TrendReport(
            scope: ReportScope(level: .province, code: "33", name: "Hưng Yên"), target: .campaign, step: .daily,
            points: [TrendTests.point(0, 50, 100), TrendTests.point(1, 50, 100)],
            paceStart: TrendTests.point(0, 50, 100))
        #expect(TrendRenderer(language: .en).terminal(report).contains("not reached at this pace"))
        #expect(TrendRenderer().json(report).contains("\"status\": \"not_at_this_pace\""))
    }
}
