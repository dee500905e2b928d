import ArgumentParser
import Coverage
import Domain
import Foundation
import Store
import UseCases

/// `qrcov sync export`: the outreach list of a commune, for a bank branch or volunteers, as a
/// CSV for Excel or an XLSX workbook, in the columns the `qrcov-outreach` import profile reads.
struct SyncExportCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a commune's outreach list (shops still without a QR on display) as CSV or XLSX.",
        discussion: """
            Lists the merchants of --commune (code or name) that are open today and whose current \
            QR status is in --status (default none,registered), optionally only those with an \
            account at --bank, sorted by hamlet then name. Columns: merchant id, name, owner, \
            hamlet, address, phone, tax code, BIN, bank, account, account holder, status, date \
            of the status; headers in Vietnamese, or English field names with --lang en. Contact \
            fields are written in full (this list is for calling on the shops). CSV is UTF-8 \
            with a BOM for Excel, ';' by default, formula-like text neutralized and identifiers \
            written ="0912345678" so Excel keeps their leading zeros; XLSX stores identifiers \
            as text cells and dates as dates, with a frozen header row. The file is written \
            whole or not at all. `qrcov sync import FILE --profile qrcov-outreach` reads the \
            list back after edits to the status and date columns.
            """
    )

    /// The file type written.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, xlsx
    }

    @Option(help: ArgumentHelp("The commune (5-digit code or name).", valueName: "commune"))
    var commune: String

    @Option(
        help: ArgumentHelp("Only merchants with an account at this bank (BIN, code or short name).", valueName: "bank"))
    var bank: String?

    @Option(
        help: ArgumentHelp(
            "Current statuses to list, comma-separated (none, registered, displayed, verified).", valueName: "list"))
    var status = "none,registered"

    @Option(help: "csv or xlsx (default: from the output file's extension).")
    var format: Format?

    @Option(help: ArgumentHelp("CSV field separator: ';' (Excel in Vietnamese settings) or ','.", valueName: "char"))
    var delimiter: String?

    @Option(help: "Header and status language: vi (Vietnamese) or en (field names and status keys).")
    var lang: ReportLanguage = .vi

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("The file to write (.csv or .xlsx).", valueName: "file"))
    var output: String

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard let format = resolvedFormat else {
            throw ValidationError(
                "--output \(output): say --format csv or xlsx, or name a file ending in .csv or .xlsx")
        }
        if let delimiter {
            guard format == .csv else { throw ValidationError("--delimiter applies to CSV output only") }
            guard delimiter == ";" || delimiter == "," else {
                throw ValidationError("--delimiter must be ';' or ',', got \"\(delimiter)\"")
            }
        }
    }

    func run() throws {
        try database.checkOutputs([output])
        let statuses = try statuses()
        let registry = try database.openRegistry()
        let bin = try bank.map { try BankOptions.resolveBIN(bin: nil, bank: $0) }
        let merchants = try RegistryCLI.run {
            let code = try registry.communes.resolve(commune).code
            return try OutreachSheet.merchants(
                in: registry, communeCode: code, statuses: statuses, bankBIN: bin, on: CalendarDay.today())
        }
        let sheet = OutreachSheet.table(merchants, language: lang)
        switch resolvedFormat ?? .csv {
        case .csv:
            let separator: Character = delimiter == "," ? "," : ";"
            try RegistryCLI.writeAtomically(OutreachSheet.csv(sheet, delimiter: separator, language: lang), to: output)
        case .xlsx:
            try XLSXOutput.write([sheet], to: output)
        }
        Terminal.standardError.write(
            "qrcov: \(merchants.count) merchant\(merchants.count == 1 ? "" : "s") written to \(output)\n")
    }

    /// `--format`, else the output file's extension.
    private var resolvedFormat: Format? {
        format ?? Format(rawValue: URL(fileURLWithPath: output).pathExtension.lowercased())
    }

    /// The statuses `--status` names.
    private func statuses() throws -> Set<QRStatus> { try QRStatus.list(status) }
}
