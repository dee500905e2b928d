import ArgumentParser
import BankSync
import Concurrency
import DelimitedText
import Domain
import FileOutput
import Foundation
import Store
import Tabular
import UseCases

/// `qrcov sync import FILE --profile NAME|PATH`: matches a bank branch's file against the
/// registry, plans the changes, and applies them in one transaction (or only plans, `--dry-run`).
struct SyncImportCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a bank branch file: match rows to merchants, plan the changes, apply them once.",
        discussion: """
            Each row is matched by merchant id, tax code, phone, then BIN + account; exactly one \
            merchant is a match, several or conflicting keys go to review (never applied), none is \
            unmatched (created with --create-missing, which needs a commune column). A match adds \
            a status event (status, day, the profile's source) unless the same event is recorded \
            or the merchant's status on that day already is that status (statuses are decided \
            merchant by merchant in date order; of several on one day the file's last counts), \
            and account details the merchant lacks (existing ones are never overwritten). The \
            plan is written to --plan (one line per change: line, merchant_id, match_key, action, \
            field, before, after, reason; the status lines come last; created with the first row, \
            before anything is applied; --rejects only when a row is invalid) and applied in one \
            transaction with a ledger row keyed by the file's SHA-256: the same file imported \
            again does nothing. An invalid row rejects the whole file \
            (exit 65) unless --skip-invalid; either way --rejects lists file, line, column, value \
            and reason. Exit codes: 0 imported (rows to review or unmatched are reported, not \
            errors), 64 usage, 65 invalid rows or a header that does not fit the profile, 66 the \
            file is missing, unreadable or in a refused encoding, 73/74 output files.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The bank file (CSV: comma, semicolon or tab; UTF-8, UTF-16 or Windows-1258).")
    var file: String
    @Option(
        help: ArgumentHelp(
            "A built-in profile (see `qrcov sync profiles`) or a profile JSON file.", valueName: "name|path"))
    var profile: String
    @Flag(help: "Plan only: write the plan and print the summary, change nothing.")
    var dryRun = false
    @Flag(help: "Apply the valid rows even when some are invalid (they are still written to --rejects).")
    var skipInvalid = false
    @Flag(help: "Create a merchant for each unmatched row (the file needs a commune column).")
    var createMissing = false
    @Option(help: ArgumentHelp("Where to write the plan (default: FILE's name with .plan.csv).", valueName: "file"))
    var plan: String?
    @Option(
        help: ArgumentHelp("Where to write invalid rows (default: FILE's name with .rejects.csv).", valueName: "file"))
    var rejects: String?
    @Option(help: "Summary format: table, csv or json.")
    var format: OutputFormat = .table
    @Option(
        help: ArgumentHelp(
            "Read the file in this encoding instead of detecting it: utf-8, utf-16le, utf-16be, "
                + "windows-1258, tcvn3 or vni-windows (the last two are converted to Unicode).",
            valueName: "encoding"))
    var encoding: TextEncoding?

    /// How many invalid cells are shown on stderr (all are in the rejects file).
    private static let shownRejections = 10

    func run() throws {
        try database.checkOutputs(
            [
                plan ?? SyncCSVFile.defaultPath(besides: file, suffix: "plan"),
                rejects ?? SyncCSVFile.defaultPath(besides: file, suffix: "rejects"),
            ], inputs: [file, profile])
        let profile = try resolveProfile()
        var bankFile: BankFile
        do {
            bankFile = try BankFile(path: file, profile: profile, options: DelimitedTextOptions(encoding: encoding))
        } catch {
            throw Self.cliError(error)
        }
        defer { bankFile.close() }
        if createMissing, !bankFile.layout.has(.commune) {
            let column =
                profile.primaryHeader(.commune).map { "a \"\($0)\" column" }
                ?? "a commune column (profile \(profile.name) has none)"
            throw CLIError(.usage, "--create-missing needs \(column) to place new merchants; \(file) has none")
        }
        let registry = try database.openRegistry()
        let files = BankImportFiles(
            input: file, planPath: plan, rejectsPath: rejects, keptRejections: Self.shownRejections)
        let bar = ProgressBar(total: max(1, bankFile.totalBytes), label: "Importing")
        let result: SyncImportResult
        do {
            result = try SyncImport.run(
                &bankFile, into: registry,
                options: SyncImportOptions(dryRun: dryRun, skipInvalid: skipInvalid, createMissing: createMissing),
                sink: files.sink(progress: { bar.update($0) }))
            bar.finish()
        } catch let error as FileWriteError {
            // The plan and rejects are written whole before the import commits (``BankImportFiles``).
            bar.finish()
            files.discard()
            throw CLIError(CLIError(error).code, "\(error); nothing was changed")
        } catch {
            bar.finish()
            files.discard()
            throw Self.cliError(error)
        }
        do {
            try files.commit(for: result)
        } catch {
            throw Self.cliError(error)
        }
        let (planFile, rejectsFile, shown) = (files.plan, files.rejects, files.firstRejections)
        let stderr = Terminal.standardError
        switch result {
        case .alreadyImported(let record):
            stderr.write(
                "\(file) was already imported on \(Timestamp.format(record.importedAt)) (as \(record.fileName), profile "
                    + "\(record.profile): \(record.counts.events) status events, \(record.counts.accounts) account details, "
                    + "\(record.counts.created) merchants created); nothing to do.\n")
        case .rejected(let counts):
            try printSummary(counts, bankFile: bankFile, applied: false)
            throw invalidRows(counts, rejectsFile: rejectsFile, shown: shown)
        case .planned(let counts):
            try printSummary(counts, bankFile: bankFile, applied: false)
            stderr.write(
                "Dry run: nothing was changed. Plan: \(planFile.path)"
                    + (counts.rejected > 0 ? "; invalid rows: \(rejectsFile.path)" : "") + "\n")
            reportUnapplied(counts, planPath: planFile.path)
            if counts.rejected > 0 && !skipInvalid { throw invalidRows(counts, rejectsFile: rejectsFile, shown: shown) }
        case .applied(let record):
            try printSummary(record.counts, bankFile: bankFile, applied: true)
            stderr.write(
                "Applied in one transaction and recorded in the import ledger (SHA-256 \(record.sha256.prefix(12))…). "
                    + "Plan: \(planFile.path)"
                    + (record.counts.rejected > 0 ? "; invalid rows skipped: \(rejectsFile.path)" : "") + "\n")
            reportUnapplied(record.counts, planPath: planFile.path)
        case .noRows:
            stderr.write("\(file) has a header but no data rows: nothing to import, nothing was changed.\n")
        }
    }

    /// The error for invalid rows without --skip-invalid: the count, the rejects file, the first reasons.
    private func invalidRows(_ counts: ImportCounts, rejectsFile: SyncCSVFile, shown: [String]) -> CLIError {
        let more =
            rejectsFile.count > shown.count ? "\n… \(rejectsFile.count - shown.count) more in \(rejectsFile.path)" : ""
        return CLIError(
            .dataError,
            "\(counts.rejected) invalid row\(counts.rejected == 1 ? "" : "s") in \(file), nothing applied "
                + "(fix them, or --skip-invalid to apply the valid rows); rejects written to \(rejectsFile.path):\n"
                + shown.joined(separator: "\n") + more)
    }

    /// The profile named by --profile: a built-in name, else a JSON file.
    private func resolveProfile() throws -> BankProfile {
        if let builtIn = BankProfile.builtIn(named: profile) { return builtIn }
        guard profile.contains("/") || profile.hasSuffix(".json") || FileManager.default.fileExists(atPath: profile)
        else {
            let names = BankProfile.builtIn.map(\.name).joined(separator: ", ")
            throw CLIError(
                .usage,
                "--profile: no built-in profile \"\(profile)\" (built-in: \(names)); or give a profile JSON file")
        }
        do {
            return try BankProfile.load(path: profile)
        } catch {
            throw CLIError(error.isUnreadable ? .noInput : .dataError, "--profile \(error)")
        }
    }

    private func reportUnapplied(_ counts: ImportCounts, planPath: String) {
        var parts: [String] = []
        if counts.review > 0 { parts.append("\(counts.review) to review (ambiguous or conflicting)") }
        if counts.unmatched > 0 { parts.append("\(counts.unmatched) unmatched") }
        guard !parts.isEmpty else { return }
        Terminal.standardError.write(
            "Not applied: \(parts.joined(separator: ", ")) — their reasons are in \(planPath) "
                + "(action review / unmatched).\n")
    }

    private func printSummary(_ counts: ImportCounts, bankFile: BankFile, applied: Bool) throws {
        let rows: [(key: String, label: String, value: Int)] = [
            ("rows", "rows read", counts.rows),
            ("events", "new status events", counts.events),
            ("accounts", "account details added", counts.accounts),
            ("created", "merchants created", counts.created),
            ("unchanged", "unchanged", counts.unchanged),
            ("review", "to review (not applied)", counts.review),
            ("unmatched", "unmatched (not applied)", counts.unmatched),
            ("rejected", "invalid (rejected)", counts.rejected),
        ]
        if format == .json {
            return try JSONOutput.print(
                Summary(
                    file: file, profile: bankFile.layout.profile.name, encoding: bankFile.encoding.displayName,
                    delimiter: String(UnicodeScalar(bankFile.delimiter)), dry_run: dryRun, applied: applied,
                    counts: Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0.value) })))
        }
        var table = Table(columns: [
            .init(applied ? "Applied" : dryRun ? "Planned (dry run)" : "Planned (not applied)"),
            .init("Rows", alignment: .right),
        ])
        for row in rows { table.append([row.label, String(row.value)]) }
        table.print(as: format)
    }

    /// The summary as JSON.
    struct Summary: Encodable {
        let file, profile, encoding, delimiter: String
        let dry_run, applied: Bool
        let counts: [String: Int]
    }

    /// The exit code and message for an error of the import.
    static func cliError(_ error: any Error) -> CLIError {
        switch error {
        case let error as BankFileError:
            switch error {
            case .header: return CLIError(.dataError, error.description)
            case .unreadable(let reading): return CLIError(reading)
            }
        case let error as SHA256FileError: return CLIError(.noInput, error.description)
        case let error as FileWriteError: return CLIError(error)
        default: return RegistryCLI.cliError(error)
        }
    }
}

extension TextEncoding: ExpressibleByArgument {
    /// The names `--encoding` accepts, in any case: `utf-8`, `utf-16le`, `utf-16be`, `windows-1258`
    /// (or `cp1258`), `tcvn3` (or `abc`), `vni-windows` (or `vni`).
    public init?(argument: String) {
        switch argument.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1258", "cp1258": self = .windows1258
        case "tcvn3", "abc": self = .tcvn3
        case "vni-windows", "vni": self = .vniWindows
        default: return nil
        }
    }

    public static var allValueStrings: [String] {
        ["utf-8", "utf-16le", "utf-16be", "windows-1258", "tcvn3", "vni-windows"]
    }
}
