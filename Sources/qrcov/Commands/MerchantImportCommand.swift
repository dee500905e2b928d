import ArgumentParser
import Domain
import FileOutput
import Foundation
import Store
import UseCases

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
    @Flag(
        help:
            "Import rows that look like duplicates of existing merchants, or whose status_at is outside their open days."
    )
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
        let rejectsPath = rejects ?? MerchantImportOptions.defaultRejectsPath(for: file)
        try database.checkOutputs([rejectsPath], inputs: [file])
        let registry = try database.openRegistry()
        let bar = ProgressBar(total: max(1, estimatedRows()), label: "Importing")
        let summary: MerchantImportSummary
        do {
            defer { bar.finish() }
            summary = try MerchantImport.run(
                file, into: registry,
                options: MerchantImportOptions(force: force, skipInvalid: skipInvalid, rejectsPath: rejectsPath),
                progress: { bar.update($0) })
        } catch let error as MerchantImportError {
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
        } catch let error as FileWriteError {
            throw CLIError(CLIError(error).code, "\(error); nothing imported")
        } catch {
            throw RegistryCLI.cliError(error)
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
