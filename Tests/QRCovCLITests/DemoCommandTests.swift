import Foundation
import Testing

/// `qrcov demo` end to end, on a smaller sample than the default 100,000 merchants.
@Suite struct DemoCommandTests {
    @Test func demoBuildsTheSampleAndReportsIt() throws {
        let directory = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("demo").path
        let first = try QRCovProcess.run(["demo", "--dir", folder, "--merchants", "5000"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Tỷ lệ cửa hàng có mã QR thanh toán — Hưng Yên (33) — đến ngày 31/12/2025 — mục tiêu 90%\nDỮ LIỆU MẪU"))
        #expect(first.stdout.contains("5.000 cửa hàng"))
        for name in ["qrcov-demo.sqlite", "coverage-hung-yen.svg", "coverage-hung-yen.md"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name) missing")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/qrcov-demo.sqlite.partial"))
        let svg = try String(contentsOfFile: folder + "/coverage-hung-yen.svg", encoding: .utf8)
        #expect(svg.contains("DỮ LIỆU MẪU"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 104)

        // The sample registry works with every other command.
        let environment = ["QRCOV_DB": folder + "/qrcov-demo.sqlite"]
        let coverage = try QRCovProcess.run(["coverage", "--province", "33", "--as-of", "2025-12-31", "--format", "json"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: coverage.stdoutData) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 104)
        let met = rows.filter { $0["met"] as? Bool == true }.count
        #expect(met > 0 && met < 104, "some communes pass 90% and others lag")
        let total = try #require(object["total"] as? [String: Any])
        let open = try #require(total["total"] as? Int)
        #expect(open > 4_800 && open <= 5_000)

        // Same seed, same sample: a second run prints the same report.
        let second = try QRCovProcess.run(["demo", "--dir", folder, "--merchants", "5000"])
        #expect(second.status == 0)
        #expect(second.stdout == first.stdout)
    }

    @Test func demoRefusesAnUnwritableFolder() throws {
        let directory = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let result = try QRCovProcess.run(["demo", "--dir", file.path, "--merchants", "10"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("cannot create"))
    }
}
