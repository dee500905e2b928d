import Foundation
import Testing

/// `qrcov coverage` and `qrcov trend` end to end: a real registry built through the CLI, the
/// exact rule at its boundaries, dates, closing, the JSON contract, the gate, the chart.
@Suite(.serialized) struct CoverageCommandTests {
    /// A registry of Hưng Yên with 10 merchants in Phố Hiến (9 displaying from 5 Oct 2025) and
    /// 9 in Tân Hưng (8 displaying from 6 Oct 2025, one of them first registered on 1 Oct).
    final class Fixture: Sendable {
        let directory: URL
        let environment: [String: String]

        /// One folder per test process, removed when the process exits (the fixture is shared by every test).
        static var folder: URL {
            FileManager.default.temporaryDirectory.appendingPathComponent("qrcov-coverage-tests-\(getpid())")
        }

        init() throws {
            directory = Self.folder
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            atexit { try? FileManager.default.removeItem(at: Fixture.folder) }
            environment = ["QRCOV_DB": directory.appendingPathComponent("test.sqlite").path]
            try run(["init", "--province", "33"])
            let phoHien = try (0..<10).map {
                try add("11953", "Tạp hóa Phố Hiến \($0)", hamlet: $0 < 5 ? "Tổ dân phố 1" : "TDP 2")
            }
            let tanHung = try (0..<9).map { try add("11977", "Quán Tân Hưng \($0)", hamlet: "Thôn Đông") }
            try run(["mark"] + Array(phoHien.prefix(9)) + ["displayed", "--at", "2025-10-05"])
            try run(["mark", tanHung[0], "registered", "--at", "2025-10-01"])
            try run(["mark"] + Array(tanHung.prefix(8)) + ["displayed", "--at", "06/10/2025"])
        }

        @discardableResult
        func run(_ arguments: [String], expect status: Int32 = 0) throws -> QRCovProcess.Result {
            let result = try QRCovProcess.run(arguments, environment: environment, in: directory)
            #expect(result.status == status, "qrcov \(arguments.joined(separator: " ")): \(result.stderr)")
            return result
        }

        private func add(_ commune: String, _ name: String, hamlet: String) throws -> String {
            let result = try run([
                "merchant", "add", "--commune", commune, "--name", name, "--hamlet", hamlet, "--opened", "2025-01-01",
            ])
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func json(_ arguments: [String]) throws -> [String: Any] {
            let result = try run(arguments + ["--format", "json"])
            return try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        }
    }

    static let fixture = Result { try Fixture() }

    private func fixture() throws -> Fixture { try Self.fixture.get() }

    private func row(_ object: [String: Any], _ code: String) throws -> [String: Any] {
        let rows = try #require(object["rows"] as? [[String: Any]])
        return try #require(rows.first { $0["code"] as? String == code })
    }

    @Test func boundariesOfTheExactRule() throws {
        let report = try fixture().json(["coverage", "--province", "33", "--as-of", "2025-10-10"])
        #expect(report["target"] as? Int == 90)
        #expect(report["as_of"] as? String == "2025-10-10")
        let phoHien = try row(report, "11953")
        #expect(phoHien["total"] as? Int == 10 && phoHien["covered"] as? Int == 9)
        #expect(phoHien["percent"] as? Double == 90.0)
        #expect(phoHien["met"] as? Bool == true && phoHien["shortfall"] as? Int == 0)
        let tanHung = try row(report, "11977")
        #expect(tanHung["percent"] as? Double == 88.9)
        #expect(tanHung["met"] as? Bool == false && tanHung["shortfall"] as? Int == 1)
        let empty = try row(report, "11980")
        #expect(empty["total"] as? Int == 0 && empty["percent"] is NSNull)
        // All 104 communes, worst first, empty ones last; the total sums the rows.
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.count == 104)
        #expect(rows.prefix(2).map { $0["code"] as? String } == ["11977", "11953"])
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["code"] as? String == "33")
        #expect(total["total"] as? Int == rows.reduce(0) { $0 + ($1["total"] as? Int ?? 0) })
        #expect(total["covered"] as? Int == 17)
        #expect(total["percent"] as? Double == 89.5)
    }

    @Test func eventsAfterTheAsOfDayDoNotCount() throws {
        let report = try fixture().json(["coverage", "--province", "33", "--as-of", "2025-10-05"])
        #expect(try row(report, "11953")["covered"] as? Int == 9)  // marked on the 5th: counts at its end
        #expect(try row(report, "11977")["covered"] as? Int == 0)  // marked on the 6th
        let before = try fixture().json(["coverage", "--commune", "11953", "--as-of", "04/10/2025"])
        #expect(try row(before, "11953")["covered"] as? Int == 0)
    }

    @Test func countryRowsAreProvinces() throws {
        let report = try fixture().json(["coverage", "--as-of", "2025-10-10"])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.map { $0["code"] as? String } == ["33"])
        #expect(rows[0]["name"] as? String == "Hưng Yên")
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["code"] is NSNull)
    }

    @Test func hamletsOfACommune() throws {
        let report = try fixture().json([
            "coverage", "--commune", "Phố Hiến", "--by", "hamlet", "--as-of", "2025-10-10",
        ])
        let rows = try #require(report["rows"] as? [[String: Any]])
        // "TDP 2" and "Tổ dân phố 1" are grouped by their spelled-out keys.
        #expect(rows.map { $0["total"] as? Int } == [5, 5])
        #expect(rows.map { $0["covered"] as? Int } == [4, 5])
        let total = try #require(report["total"] as? [String: Any])
        #expect(total["code"] as? String == "11953" && total["covered"] as? Int == 9)
    }

    @Test func vietnameseTableByDefaultEnglishOnRequest() throws {
        let vi = try fixture().run(["coverage", "--province", "33", "--as-of", "2025-10-10"]).stdout
        #expect(vi.contains("Tỷ lệ cửa hàng có mã QR thanh toán — Hưng Yên (33) — đến ngày 10/10/2025 — mục tiêu 90%"))
        #expect(vi.contains("88,9%") && vi.contains("chưa có cửa hàng"))
        let en = try fixture().run(["coverage", "--province", "33", "--as-of", "2025-10-10", "--lang", "en"]).stdout
        #expect(en.contains("as of 2025-10-10") && en.contains("88.9%") && en.contains("no data"))
        let csv = try fixture().run(["coverage", "--province", "33", "--as-of", "2025-10-10", "--format", "csv"]).stdout
        #expect(csv.hasPrefix("code,name,total,covered,percent,met,shortfall\r\n11977,Tân Hưng,9,8,88.9,false,1\r\n"))
        let md = try fixture().run(["coverage", "--commune", "11953", "--as-of", "2025-10-10", "--format", "md"]).stdout
        #expect(md.contains("| 11953 | Phố Hiến | 10 | 9 | 90,0% | đạt | 0 |"))
    }

    @Test func failBelowGatesScripts() throws {
        let failing = try fixture().run(
            ["coverage", "--province", "33", "--as-of", "2025-10-10", "--fail-below"], expect: 3)
        // Communes without merchants have no data and fail the gate too.
        #expect(failing.stderr.contains("103 of 104 units below 90% (102 without data): 11977 Tân Hưng"))
        #expect(failing.stdout.contains("Tân Hưng"))  // the report is still printed
        try fixture().run(["coverage", "--commune", "11953", "--as-of", "2025-10-10", "--fail-below"])
        try fixture().run(["coverage", "--commune", "11977", "--as-of", "2025-10-10", "--fail-below", "--target", "85"])
    }

    @Test func chartFile() throws {
        let fixture = try fixture()
        let chart = fixture.directory.appendingPathComponent("chart.svg")
        try fixture.run([
            "coverage", "--province", "33", "--as-of", "2025-10-10", "--chart", chart.path, "--format", "csv",
        ])
        let svg = try String(contentsOf: chart, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 2)
        #expect(svg.contains("Tân Hưng") && svg.contains("Mục tiêu 90%"))
    }

    @Test func badInvocationsFailClearly() throws {
        let fixture = try fixture()
        let both = try fixture.run(["coverage", "--province", "33", "--commune", "11953"], expect: 64)
        #expect(both.stderr.contains("not both"))
        try fixture.run(["coverage", "--target", "0"], expect: 64)
        let date = try fixture.run(["coverage", "--as-of", "2025-13-01"], expect: 64)
        #expect(date.stderr.contains("2025-13-01"))
        let province = try fixture.run(["coverage", "--province", "01"], expect: 64)
        #expect(province.stderr.contains("no province \"01\""))
        try fixture.run(["coverage", "--commune", "Không Có Xã Này"], expect: 65)
        let missing = try QRCovProcess.run([
            "coverage", "--db", fixture.directory.appendingPathComponent("none.sqlite").path,
        ])
        #expect(missing.status == 66)
        try fixture.run(["trend", "--weekly"], expect: 64)
        let hamlets = try fixture.run(["coverage", "--province", "33", "--by", "hamlet"], expect: 64)
        #expect(hamlets.stderr.contains("--by hamlet needs --commune"))
    }

    @Test func closedMerchantsLeaveTheTotalFromTheirClosingDay() throws {
        let directory = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["QRCOV_DB": directory.appendingPathComponent("closing.sqlite").path]
        #expect(try QRCovProcess.run(["init", "--province", "33"], environment: environment).status == 0)
        var ids: [String] = []
        for index in 0..<3 {
            let added = try QRCovProcess.run(
                ["merchant", "add", "--commune", "11953", "--name", "Shop \(index)", "--opened", "2025-01-01"],
                environment: environment)
            ids.append(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(
            try QRCovProcess.run(["merchant", "close", ids[0], "--at", "2025-10-08"], environment: environment).status
                == 0)
        func total(_ day: String) throws -> Int? {
            let result = try QRCovProcess.run(
                ["coverage", "--commune", "11953", "--as-of", day, "--format", "json"], environment: environment)
            let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
            return (object?["total"] as? [String: Any])?["total"] as? Int
        }
        #expect(try total("2025-10-07") == 3)
        #expect(try total("2025-10-08") == 2)
    }

    @Test func weeklyTrendWithProjection() throws {
        let trend = try fixture().json(["trend", "--province", "33", "--weekly", "--as-of", "2025-10-15"])
        let points = try #require(trend["points"] as? [[String: Any]])
        #expect(points.map { $0["date"] as? String } == ["2025-10-01", "2025-10-08", "2025-10-15"])
        #expect(points.map { $0["covered"] as? Int } == [0, 17, 17])
        let projection = try #require(trend["projection"] as? [String: Any])
        // 17 of 19 now, 0 two weeks ago: 90% of 19 is 17.1, so one more is needed; at 17 per 14 days that is one more day.
        #expect(projection["status"] as? String == "reaches")
        #expect(projection["date"] as? String == "2025-10-16")
        let flat = try fixture().json(["trend", "--commune", "11953", "--as-of", "2025-12-31"])
        #expect((flat["points"] as? [Any])?.count == 88)  // daily from 5 Oct to 31 Dec
        #expect((flat["projection"] as? [String: Any])?["status"] as? String == "met")
        let table = try fixture().run([
            "trend", "--commune", "11977", "--as-of", "2025-12-31", "--weekly", "--lang", "en",
        ]).stdout
        #expect(table.contains("The 90% target is not reached at this pace."))
    }

    /// Hamlets and business types are typed by people; the CSV report gets the spreadsheet
    /// outputs' formula guard (a leading apostrophe), the JSON report keeps the text as stored.
    @Test func csvReportsNeutralizeFormulaLikeHamletsAndBusinessTypes() throws {
        let space = try RegistryCommandTests.Workspace()
        defer { space.remove() }
        let texts = ["=HYPERLINK(\"http://x.example\",\"xem\")", "+1", "-1", "@x"]
        for (index, text) in texts.enumerated() {
            _ = try space.add([
                // `--hamlet=-1`: a value that starts with a dash is an option otherwise.
                "--commune", "11953", "--name", "Shop \(index)", "--hamlet=\(text)", "--type=\(text)",
                "--opened", "2025-01-01",
            ])
        }
        for unit in ["hamlet", "business-type"] {
            let csv = try space.run([
                "coverage", "--commune", "11953", "--by", unit, "--as-of", "2025-10-10", "--format", "csv",
            ])
            #expect(csv.status == 0, "\(csv.stderr)")
            let names = csv.stdout.components(separatedBy: "\r\n").dropFirst().compactMap { line in
                line.isEmpty ? nil : line
            }
            #expect(names.count == texts.count)
            #expect(
                names.contains { $0.contains("'=HYPERLINK(\"\"http://x.example\"\",\"\"xem\"\")\",1,0,0.0,false,1") })
            for sign in ["'+1,1,0", "'-1,1,0", "'@x,1,0"] {
                #expect(names.contains { $0.contains(sign) }, "\(unit): \(sign)")
            }
            for line in names { #expect(line.first == "'" || line.first == "\"", "\(unit): \(line)") }
            let json = try space.run(["coverage", "--commune", "11953", "--by", unit, "--format", "json"])
            #expect(json.stdout.contains("\"name\": \"+1\""))
        }
    }
}
