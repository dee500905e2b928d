import Coverage
import Domain
import Foundation
import QRRender
import SampleData
import Store

/// The demo: a seeded SAMPLE registry of Hưng Yên (the October–December 2025 campaign), its
/// coverage report, chart, and the first sticker sheet a volunteer team would print.
public enum Demo {
    /// The province of the sample: Hưng Yên.
    public static let province = "33"

    /// Fills an empty registry of ``province`` with the seeded sample; `progress` gets the
    /// merchants written so far. Returns the numbers of merchants and status events written.
    public static func fill(
        _ store: any RegistryStore, seed: UInt64, merchants count: Int, progress: @escaping (Int, Int) -> Void
    ) throws -> (merchants: Int, events: Int) {
        let communes = store.communes.communes.filter { $0.provinceCode == province }
        let sample = SampleCampaign(seed: seed, merchantCount: count).merchants(in: communes)
        var written = 0
        try store.bulkInsert(
            sample.lazy.map { merchant in
                written += 1
                if written % 1_000 == 0 || written == sample.count { progress(written, sample.count) }
                return merchant
            }, now: SampleCampaign.end.endTime)
        return (sample.count, sample.reduce(0) { $0 + $1.events.count })
    }

    /// The province's coverage by commune on the campaign's last day, labelled sample data.
    public static func report(_ store: any RegistryStore) throws -> CoverageReport {
        let name = store.communes.province(code: province)?.name ?? province
        return try CoverageReports.report(
            store, scope: ReportScope(level: .province, code: province, name: name), units: .commune,
            asOf: SampleCampaign.end, target: .campaign, isSample: true)
    }

    /// The commune furthest from the target (lowest covered/total, compared exactly; on a tie the
    /// lowest code), nil when every commune with merchants has reached it.
    public static func worstCommune(_ report: CoverageReport) -> CoverageUnit? {
        report.rows.map(\.unit).sorted { $0.code < $1.code }
            .filter { $0.total > 0 && $0.covered * 100 < report.target.percent * $0.total }
            .min { $0.covered * $1.total < $1.covered * $0.total }
    }

    /// Writes the A4 sticker sheet (4 to a page, cut marks) of the shops of `commune` that still
    /// need a QR, to `folder/sheet.pdf` with its manifest; returns the sheet's path and the
    /// number of stickers.
    public static func stickerSheet(
        _ store: any RegistryStore, commune: String, folder: String
    ) throws -> (path: String, count: Int) {
        let list = try StickerList(store: store, commune: commune, on: SampleCampaign.end)
        var options = StickerBatch.Options(outputDir: folder)
        options.writePNGs = false
        options.sheetPath = folder + "/sheet.pdf"
        options.force = true
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try StickerBatch(specs: list.specs, fonts: StickerFonts(), options: options).run()
        return (options.sheetPath!, list.specs.count)
    }
}
