import ArgumentParser
import DelimitedText
import Domain
import Foundation
import QRRender
import Store
import Tabular
import UseCases
import VietQR

/// `qrcov stickers`: stickers for every shop of a commune (or a prepared list), as PNGs, an
/// A4 print sheet with cut marks, and a manifest saying where each one is.
struct StickersCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "stickers",
        abstract: "Make stickers for a commune's shops: PNGs, an A4 print sheet, a manifest.",
        discussion: """
            Takes the open merchants of --commune (code or name) whose current QR status is in \
            --status (default none,registered: those who still need a sticker), or the rows of \
            --from FILE.csv (header: merchant_id,shop_name,holder,bin,account,commune). Writes \
            DIR/<merchant id>.png (file names from the id only), DIR/manifest.csv (merchant id, \
            name, file, page, row, column) and, with --sheet, an A4 PDF of --per-page stickers a \
            page with cut marks. Merchants without a bank account are skipped and listed. A \
            re-run redraws only what changed; --force redraws everything. Uses all cores.
            """
    )

    @Option(help: "The commune, by 5-digit code or name.")
    var commune: String?

    @Option(help: "Statuses to include, comma-separated (none, registered, displayed, verified).")
    var status: String = "none,registered"

    @Option(help: "A CSV of stickers to make instead of the registry (see above).")
    var from: String?

    @Option(help: "Folder for the PNGs and the manifest (created if missing).")
    var outputDir: String

    @Option(help: "Also write an A4 PDF print sheet here.")
    var sheet: String?

    @Option(help: "Stickers per A4 page (scaled to fit; the QR stays at least 40 mm).")
    var perPage: Int = 4

    @Flag(help: "Do not write per-merchant PNGs (sheet and manifest only).")
    var noPng = false

    @Flag(help: "Redraw everything, even what has not changed since the last run.")
    var force = false

    @Option(help: "Worker threads (default: all cores).")
    var workers: Int?

    @OptionGroup var look: StickerLookOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if (commune == nil) == (from == nil) { throw ValidationError("Give exactly one of --commune or --from.") }
        if noPng, sheet == nil { throw ValidationError("--no-png needs --sheet, or there is nothing to make.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
        if let sheet, !sheet.lowercased().hasSuffix(".pdf") { throw ValidationError("--sheet must name a .pdf file.") }
    }

    func run() throws {
        try database.checkOutputs([sheet, outputDir + "/manifest.csv"], inputs: [from] + look.fontFiles)
        let specs = try from.map(Self.readSpecs) ?? registrySpecs()
        let fonts: StickerFonts
        do { fonts = try look.fonts() } catch { throw CLIError(error) }
        do {
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.cantCreate, "cannot create folder \(outputDir): \(error.localizedDescription)")
        }
        var options = StickerBatch.Options(outputDir: outputDir)
        options.writePNGs = !noPng
        options.sheetPath = sheet
        options.perPage = perPage
        options.force = force
        if let workers { options.workers = workers }
        options.dpi = look.dpi
        options.level = look.ec
        do { options.layout = try look.layout() } catch { throw CLIError(error) }

        let progress = ProgressBar(total: specs.count, label: "Stickers")
        let started = Date()
        let report: StickerBatch.Report
        do {
            report = try StickerBatch(specs: specs, fonts: fonts, options: options).run(
                progress: progress.update(_:of:))
        } catch {
            progress.finish()
            throw CLIError(error)
        }
        progress.finish()
        for failure in report.failures {
            Terminal.standardError.write("qrcov: merchant \(failure.merchantID): no sticker: \(failure.error)\n")
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        var parts = ["\(report.placements.count) stickers"]
        if !noPng { parts.append("\(report.pngsWritten) PNGs written, \(report.pngsUnchanged) unchanged") }
        if let sheet {
            parts.append(
                report.sheetWritten ? "sheet \(sheet) (\(report.sheetPages) pages)" : "sheet \(sheet) unchanged")
        }
        if !report.failures.isEmpty { parts.append("\(report.failures.count) failed") }
        Terminal.standardError.write(
            "qrcov: \(parts.joined(separator: ", ")); manifest \(report.manifestPath); \(seconds) s\n")
        if !report.failures.isEmpty { throw ExitCode(CLIError.Code.dataError.rawValue) }
    }

    /// The merchants of the commune with the chosen statuses and a bank account; those
    /// without an account are listed on stderr and skipped.
    private func registrySpecs() throws -> [StickerSpec] {
        let statuses = try QRStatus.list(status)
        let registry = try database.openRegistry()
        let list = try RegistryCLI.run { try StickerList(store: registry, commune: commune ?? "", statuses: statuses) }
        if !list.skipped.isEmpty {
            Terminal.standardError.write("qrcov: skipped \(list.skipped.count) merchant(s) without a bank account:\n")
            for merchant in list.skipped { Terminal.standardError.write("  \(merchant.id)  \(merchant.name)\n") }
        }
        return list.specs
    }

    /// The stickers of a prepared list (``StickerCSV``).
    static func readSpecs(_ path: String) throws -> [StickerSpec] {
        do {
            return try StickerCSV.read(path)
        } catch .unreadable(let error) {
            throw CLIError(error)
        } catch {
            throw CLIError(.dataError, error.description)
        }
    }
}
