import ArgumentParser
import Coverage
import Foundation
import QRRender
import Domain
import SQLiteStore
import Store
import SampleData

/// `qrcov demo`: builds the seeded sample registry of Hưng Yên (104 communes, 100,000 merchants,
/// the October–December 2025 campaign), then prints the province's coverage table and writes
/// its chart and Markdown report. Everything it makes is labelled sample data.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a seeded SAMPLE registry of Hưng Yên's 104 communes and report its coverage.",
        discussion: """
            Writes DIR/qrcov-demo.sqlite (replacing an earlier demo there), DIR/coverage-hung-yen.svg, \
            DIR/coverage-hung-yen.md and, for the commune furthest from the target, the A4 sticker \
            sheet of its shops that still need a QR (DIR/stickers-CODE/sheet.pdf, with a manifest), and prints the coverage table as of the campaign's last day \
            (31/12/2025). The same seed gives the same sample on every run. Then try, for example: \
            QRCOV_DB=DIR/qrcov-demo.sqlite qrcov trend --province 33 --weekly --as-of 2025-12-31
            """
    )

    /// The province of the sample: Hưng Yên.
    static let province = "33"
    static let databaseName = "qrcov-demo.sqlite"
    static let chartName = "coverage-hung-yen.svg"
    static let reportName = "coverage-hung-yen.md"

    @Option(help: ArgumentHelp("Folder for the sample database, chart and report.", valueName: "dir"))
    var dir: String = "qrcov-demo"

    @Option(help: "Seed of the sample generator.")
    var seed: UInt64 = 2025

    @Option(help: "Merchants in the sample.")
    var merchants: Int = 100_000

    @Option(help: "Label language of the table, chart and report: vi or en.")
    var lang: ReportLanguage = .vi

    func validate() throws {
        guard (0...1_000_000).contains(merchants) else {
            throw ValidationError("--merchants must be from 0 to 1,000,000, got \(merchants)")
        }
    }

    func run() throws {
        let started = Date()
        let folder = URL(fileURLWithPath: dir, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.cantCreate, "cannot create \(dir): \(error.localizedDescription)")
        }
        let databasePath = path(Self.databaseName)
        let counts = try buildDatabase(at: databasePath)
        let registry = try RegistryCLI.run { try Registry(path: databasePath) }
        let rows = try RegistryCLI.run {
            try registry.coverageCounts(scope: .province(Self.province), groupBy: .commune, asOf: SampleCampaign.end)
        }
        let name = registry.communes.province(code: Self.province)?.name ?? Self.province
        let report = CoverageReport(
            scope: ReportScope(level: .province, code: Self.province, name: name), unitKind: .commune,
            units: rows.map(CoverageUnit.init), target: .campaign, asOf: SampleCampaign.end, isSample: true)
        let chartPath = path(Self.chartName)
        let reportPath = path(Self.reportName)
        try RegistryCLI.writeAtomically(CoverageChart(language: lang).svg(report), to: chartPath)
        try RegistryCLI.writeAtomically(CoverageReportRenderer(language: lang).markdown(report), to: reportPath)

        let stickers = try writeStickerSheet(registry, rows: rows)

        let out = Terminal.standardOutput
        out.write(CoverageReportRenderer(language: lang).terminal(report, useColor: out.allowsColor))
        out.write("""

            \(lang == .vi ? "Cơ sở dữ liệu mẫu" : "Sample database"): \(databasePath) \
            (\(lang.number(counts.merchants)) \(lang == .vi ? "cửa hàng" : "merchants"), \
            \(lang.number(counts.events)) \(lang == .vi ? "sự kiện trạng thái QR" : "QR status events"))
            \(lang == .vi ? "Biểu đồ" : "Chart"): \(chartPath)
            \(lang == .vi ? "Báo cáo" : "Report"): \(reportPath)
            \(stickers.map { sheet in
                lang == .vi
                    ? "Tờ in mã QR cho \(sheet.count) cửa hàng đã có tài khoản, chưa treo mã (\(sheet.commune)): \(sheet.path)"
                    : "Sticker sheet for \(sheet.count) shops with an account but no QR on display (\(sheet.commune)): \(sheet.path)"
            } ?? "")

            """)
        let seconds = Date().timeIntervalSince(started)
        Terminal.standardError.write("qrcov demo: done in \((seconds * 10).rounded() / 10) s\n")
    }

    /// The sticker sheet a volunteer team would print first: the shops of the commune furthest
    /// from the target whose QR is not yet on display (status none or registered), 4 to an A4
    /// page with cut marks, and its manifest. Nil when every commune has reached the target.
    private func writeStickerSheet(
        _ registry: Registry, rows: [CoverageCountRow]
    ) throws -> (commune: String, count: Int, path: String)? {
        // Lowest covered/total, compared exactly: a.covered × b.total < b.covered × a.total.
        let worst = rows.filter { $0.total > 0 && $0.covered * 100 < CoverageTarget.campaign.percent * $0.total }
            .min { $0.covered * $1.total < $1.covered * $0.total }
        guard let worst else { return nil }
        let (specs, _) = try StickersCommand.registrySpecs(registry, commune: worst.code, statuses: [.none, .registered])
        let folder = path("stickers-\(worst.code)")
        var options = StickerBatch.Options(outputDir: folder)
        options.writePNGs = false
        options.sheetPath = folder + "/sheet.pdf"
        options.force = true
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            _ = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        } catch let error as QRRenderError {
            throw CLIError(error)
        } catch {
            throw CLIError(.cantCreate, "cannot write the sticker sheet in \(folder): \(error.localizedDescription)")
        }
        return (worst.name, specs.count, options.sheetPath!)
    }

    /// A file in the demo folder, written as the user gave the folder (so printed paths are theirs).
    private func path(_ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    /// Generates the sample into a temporary file beside `path` and renames it into place, so an
    /// interrupted demo never leaves a half-filled database behind.
    private func buildDatabase(at path: String) throws -> (merchants: Int, events: Int) {
        let partial = path + ".partial"
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: partial + suffix) }
        var counts = (merchants: 0, events: 0)
        try RegistryCLI.run {
            let registry = try Registry(path: partial, provinces: [Self.province])
            let communes = registry.communes.communes.filter { $0.provinceCode == Self.province }
            let sample = SampleCampaign(seed: seed, merchantCount: merchants).merchants(in: communes)
            counts = (sample.count, sample.reduce(0) { $0 + $1.events.count })
            let bar = ProgressBar(total: sample.count, label: "demo")
            var inserted = 0
            try registry.bulkInsert(sample.lazy.map { merchant in
                inserted += 1
                if inserted % 1_000 == 0 || inserted == sample.count { bar.update(inserted) }
                return merchant
            }, now: SampleCampaign.end.endTime)
            bar.finish()
            try registry.checkpoint()
        }
        // Checkpointed and closed: the WAL file the registry keeps is empty, the file alone is the database.
        let walSize = (try? files.attributesOfItem(atPath: partial + "-wal")[.size] as? Int) ?? 0
        guard walSize == 0 else {
            throw CLIError(.ioError, "the sample database \(partial) was not closed cleanly; run the demo again")
        }
        for suffix in ["-wal", "-shm"] {
            try? files.removeItem(atPath: partial + suffix)
            try? files.removeItem(atPath: path + suffix)
        }
        guard rename(partial, path) == 0 else {
            throw CLIError(.cantCreate, "cannot move the sample database into \(path): \(String(cString: strerror(errno)))")
        }
        return counts
    }
}
