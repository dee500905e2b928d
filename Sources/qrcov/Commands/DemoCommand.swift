import ArgumentParser
import Coverage
import Domain
import Foundation
import QRRender
import RegistryOpener
import Store
import UseCases

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
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.cantCreate, "cannot create \(dir): \(error.localizedDescription)")
        }
        let databasePath = path(Self.databaseName)
        let bar = ProgressBar(total: merchants, label: "demo")
        let counts = try RegistryCLI.run {
            try RegistryLocation(path: databasePath).build(provinces: [Demo.province]) { registry in
                try Demo.fill(registry, seed: seed, merchants: merchants) { done, _ in bar.update(done) }
            }
        }
        bar.finish()
        let registry = try RegistryCLI.run { try RegistryLocation(path: databasePath).open() }
        let report = try RegistryCLI.run { try Demo.report(registry) }
        let chartPath = path(Self.chartName)
        let reportPath = path(Self.reportName)
        try RegistryCLI.writeAtomically(CoverageChart(language: lang).svg(report), to: chartPath)
        try RegistryCLI.writeAtomically(CoverageReportRenderer(language: lang).markdown(report), to: reportPath)
        let stickers = try writeStickerSheet(registry, report: report)

        let out = Terminal.standardOutput
        out.write(CoverageReportRenderer(language: lang).terminal(report, useColor: out.allowsColor))
        out.write(
            """

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

    /// The sticker sheet of the commune furthest from the target (``Demo/worstCommune(_:)``), nil
    /// when every commune has reached it.
    private func writeStickerSheet(
        _ registry: any RegistryStore, report: CoverageReport
    ) throws -> (commune: String, count: Int, path: String)? {
        guard let worst = Demo.worstCommune(report) else { return nil }
        let folder = path("stickers-\(worst.code)")
        do {
            let sheet = try Demo.stickerSheet(registry, commune: worst.code, folder: folder)
            return (worst.name, sheet.count, sheet.path)
        } catch let error as QRRenderError {
            throw CLIError(error)
        } catch let error as CommuneLookupError {
            throw CLIError(.dataError, error.description)
        } catch {
            throw CLIError(.cantCreate, "cannot write the sticker sheet in \(folder): \(error.localizedDescription)")
        }
    }

    /// A file in the demo folder, written as the user gave the folder (so printed paths are theirs).
    private func path(_ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }
}
