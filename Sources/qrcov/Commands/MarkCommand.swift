import ArgumentParser
import DelimitedText
import Domain
import Foundation
import Store
import UseCases

/// `qrcov mark ID… STATUS`: records a QR status change in merchants' histories.
struct MarkCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Record a QR status (none, registered, displayed, verified) for merchants.",
        discussion: """
            Examples: `qrcov mark 42 displayed --by "Nguyễn Văn An"`; \
            `qrcov mark --from visited.txt displayed --at 2025-10-31` (one id per line, # comments). \
            All ids are recorded in one transaction: an unknown id records none, and so does a \
            date before a merchant's opening day or after its closing day (exit 65) unless --force.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("Merchant ids, then the status.", valueName: "id… status"))
    var arguments: [String] = []
    @Option(help: ArgumentHelp("A file of merchant ids, one per line.", valueName: "file"))
    var from: String?
    @Flag(
        help:
            "With --from: record the valid ids and list the invalid lines (by default any invalid line refuses the file)."
    )
    var skipInvalid = false
    @Option(
        help: ArgumentHelp(
            "When (YYYY-MM-DD[ HH:MM[:SS]] or dd/MM/yyyy, Vietnam time); default now.", valueName: "date"))
    var at: String?
    @Option(help: "Who recorded it (volunteer, officer).")
    var by: String?
    @Option(help: "A note kept with the event.")
    var note: String?
    @Flag(help: "Record the event even when its date is before a merchant opened or after it closed.")
    var force = false

    func run() throws {
        guard let statusName = arguments.last else {
            throw CLIError(.usage, "give the status: none, registered, displayed or verified")
        }
        let status: QRStatus
        do { status = try QRStatus(parsing: statusName) } catch { throw CLIError(.usage, error.description) }
        var ids = try arguments.dropLast().map { text in
            guard let id = Int64(text), id > 0 else { throw CLIError(.usage, "\"\(text)\" is not a merchant id") }
            return id
        }
        if let from { ids += try readIds(from) }
        guard !ids.isEmpty else { throw CLIError(.usage, "give merchant ids or --from FILE") }
        let now = Date()
        var when = now
        if let at {
            guard let parsed = Timestamp.parse(at) else {
                throw CLIError(.usage, "--at: \"\(at)\" is not a date or time (YYYY-MM-DD[ HH:MM[:SS]] or dd/MM/yyyy)")
            }
            guard parsed < CalendarDay.today(now: now).endTime else {
                throw CLIError(.usage, "--at: \(at) is in the future")
            }
            when = parsed
        }
        let registry = try database.openRegistry()
        let count = try RegistryCLI.run {
            try registry.mark(
                ids,
                StatusChange(
                    status, at: when, source: "cli", actor: by.flatMap(MerchantNormalization.text),
                    note: note.flatMap(MerchantNormalization.text)), force: force)
        }
        Terminal.standardError.write("Marked \(count) merchant\(count == 1 ? "" : "s") \(status.rawValue).\n")
    }

    /// Merchant ids from a file (``MerchantIDList``): any invalid line refuses the file (exit 65,
    /// nothing recorded) unless `--skip-invalid`, which lists them and goes on with the rest.
    func readIds(_ path: String) throws -> [Int64] {
        let list: MerchantIDList
        do { list = try MerchantIDList(path: path) } catch { throw CLIError(error) }
        let lines = list.invalid.prefix(20).map { "\(path):\($0.line): \"\($0.field)\" is not a merchant id" }
        let more = list.invalid.count > 20 ? "\n… \(list.invalid.count - 20) more" : ""
        guard list.invalid.isEmpty || skipInvalid else {
            let count = list.invalid.count
            throw CLIError(
                .dataError,
                "\(count) invalid line\(count == 1 ? "" : "s") in \(path), nothing recorded "
                    + "(fix them, or --skip-invalid to record the valid ids):\n" + lines.joined(separator: "\n") + more)
        }
        for line in lines { Terminal.standardError.write("qrcov: skipped \(line)\n") }
        return list.ids
    }
}
