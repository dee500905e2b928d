import ArgumentParser
import Domain
import Foundation
import Store
import Tabular

/// `qrcov merchant import FILE.csv`: all-or-nothing import of the project's merchant CSV.
struct MerchantImportCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import merchants from the project's CSV format (see README); all rows or none.",
        discussion: """
            Any invalid row rejects the whole file (exit 65) with file:line:field reasons. With \
            --skip-invalid the valid rows are imported and the rejected ones written, with their \
            reasons, to the --rejects file.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The merchant CSV file.") var file: String
    @Flag(help: "Import rows that look like duplicates of existing merchants.")
    var force = false
    @Flag(help: "Import the valid rows and write the invalid ones to the rejects file.")
    var skipInvalid = false
    @Option(
        help: ArgumentHelp("Where --skip-invalid writes rejected rows (default: FILE.rejects.csv).", valueName: "file"))
    var rejects: String?

    func run() throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CLIError(.noInput, "\(file): no such file or not readable")
        }
        let rejectsPath = rejects ?? (file.hasSuffix(".csv") ? String(file.dropLast(4)) : file) + ".rejects.csv"
        try database.checkOutputs([rejectsPath], inputs: [file])
        let registry = try database.openRegistry()
        let writer = CSVWriter()
        var rejectedText = writer.record(["line", "field", "reason", "row"], isHeader: true)
        let bar = ProgressBar(total: max(1, estimatedRows()), label: "Importing")
        let summary: MerchantImportSummary
        do {
            summary = try registry.importMerchants(
                from: file, force: force, skipInvalid: skipInvalid, now: Date(),
                onReject: { rejection in
                    // The record without its line ending ("\r\n" is one Character in Swift).
                    var row = writer.record(rejection.fields)
                    while row.last?.isNewline == true { row.removeLast() }
                    for error in rejection.errors {
                        rejectedText += writer.record([String(rejection.line), error.field, error.message, row])
                    }
                },
                progress: { bar.update($0) })
            bar.finish()
        } catch let error as MerchantImportError {
            bar.finish()
            switch error {
            case .badHeader(let message): throw CLIError(.dataError, "\(file):1: \(message)")
            case .unreadable(let readError): throw CLIError(readError)
            case .invalidRows(let rejections, let total):
                let lines = rejections.prefix(20).flatMap { rejection in
                    rejection.errors.map { "\(file):\(rejection.line): \($0.field): \($0.message)" }
                }
                let more = total > 20 ? "\n… \(total - 20) more invalid rows" : ""
                throw CLIError(
                    .dataError,
                    "\(total) invalid row\(total == 1 ? "" : "s"), nothing imported (--skip-invalid imports the valid ones):\n"
                        + lines.joined(separator: "\n") + more)
            }
        } catch {
            bar.finish()
            throw RegistryCLI.cliError(error)
        }
        if summary.rejected > 0 {
            try RegistryCLI.writeAtomically(rejectedText, to: rejectsPath)
        }
        print(
            "Imported \(summary.imported) merchants (\(summary.statusEvents) status events)"
                + (summary.rejected > 0 ? "; \(summary.rejected) invalid rows skipped, written to \(rejectsPath)" : "")
                + ".")
    }

    /// The file size over a typical row size, for the progress bar only.
    private func estimatedRows() -> Int {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return size / 110
    }
}
