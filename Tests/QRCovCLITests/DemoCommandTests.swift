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
        #expect(
            first.stdout.hasPrefix(
                "Tỷ lệ cửa hàng có mã QR thanh toán — Hưng Yên (33) — đến ngày 31/12/2025 — mục tiêu 90%\nDỮ LIỆU MẪU"))
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
        let coverage = try QRCovProcess.run(
            ["coverage", "--province", "33", "--as-of", "2025-12-31", "--format", "json"], environment: environment)
        let object = try #require(try JSONSerialization.jsonObject(with: coverage.stdoutData) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 104)
        let met = rows.filter { $0["met"] as? Bool == true }.count
        #expect(met > 0 && met < 104, "some communes pass 90% and others lag")
        let total = try #require(object["total"] as? [String: Any])
        let open = try #require(total["total"] as? Int)
        #expect(open > 4_800 && open <= 5_000)

        // The sticker sheet of the commune furthest from the target: its first row is the worst
        // commune in the table, every manifest row is one of its shops still without a QR on
        // display, and the stickers on the first page scan to payloads for those accounts.
        let worst = try #require(
            rows.filter { ($0["total"] as? Int ?? 0) > 0 }.min {
                ($0["covered"] as! Int) * ($1["total"] as! Int) < ($1["covered"] as! Int) * ($0["total"] as! Int)
            })
        let code = try #require(worst["code"] as? String)
        let sheet = folder + "/stickers-\(code)/sheet.pdf"
        #expect(first.stdout.contains(sheet))
        let manifest = try String(contentsOfFile: folder + "/stickers-\(code)/manifest.csv", encoding: .utf8)
        let ids = manifest.split(whereSeparator: \.isNewline).dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(!ids.isEmpty)
        for id in ids.prefix(5) {
            let shown = try QRCovProcess.run(["merchant", "show", id, "--format", "json"], environment: environment)
            let object = try #require(try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any])
            let merchant = try #require(object["merchant"] as? [String: Any])
            #expect(merchant["commune_code"] as? String == code)
            #expect(["none", "registered"].contains(merchant["status"] as? String))
        }
        let pages = try QRDecoding.pages(sheet, in: directory)
        let decoded = try QRDecoding.zbar(try #require(pages.first))
        #expect(decoded.count == min(4, ids.count))
        #expect(decoded.allSatisfy { $0.hasPrefix("000201010211") })

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
