import ArgumentParser
import BankSync
import Domain
import Store
import Tabular
import VietQR

/// `qrcov sync profiles`: the bank file profiles built into qrcov.
struct SyncProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the bank file profiles `sync import --profile` accepts.",
        discussion: """
            Each profile maps a bank's column headers to the fields an import reads (headers are \
            compared ignoring case and diacritics), with its date formats and status words. \
            `--format json` shows every header and word. A profile of your own is a JSON file in \
            the same format (data/bank-profiles/README.md), given as --profile path/to/file.json.
            """
    )

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let profiles = BankProfile.builtIn
        if format == .json { return try JSONOutput.print(profiles.map(ProfileRow.init)) }
        var table = Table(columns: [
            .init("Profile"), .init("Bank"), .init("Source"), .init("Columns"), .init("Date formats"),
        ])
        for profile in profiles {
            let columns = SyncField.allCases.compactMap { field in profile.primaryHeader(field) }
            table.append([
                profile.name + (profile.isExample ? " (example)" : ""), Self.bankName(profile.bank), profile.source,
                columns.joined(separator: ", "), profile.dateFormats.map(\.description).joined(separator: ", "),
            ])
        }
        table.print(as: format)
    }

    static func bankName(_ bin: String?) -> String {
        guard let bin else { return "any" }
        return BankDirectory.shared.bank(bin: bin).map { "\($0.shortName) (\(bin))" } ?? bin
    }

    /// A profile as JSON: every header of every field, the ignored columns and the status words.
    struct ProfileRow: Encodable {
        let name, description, source: String
        let example: Bool
        let bank: String?
        let columns: [String: [String]]
        let ignored_columns: [String]
        let date_formats: [String]
        let statuses: [String: [String]]
        let no_status: [String]
        let account_digits: [Int]?

        init(_ profile: BankProfile) {
            name = profile.name
            description = profile.description
            source = profile.source
            example = profile.isExample
            bank = profile.bank
            columns = Dictionary(uniqueKeysWithValues: profile.columns.map { ($0.key.rawValue, $0.value) })
            ignored_columns = profile.ignoredColumns
            date_formats = profile.dateFormats.map(\.description)
            var statuses: [String: [String]] = [:]
            var none: [String] = []
            for (word, status) in profile.statusWords {
                if let status { statuses[status.rawValue, default: []].append(word) } else { none.append(word) }
            }
            self.statuses = statuses
            no_status = none
            account_digits = profile.accountDigits?.sorted()
        }
    }
}
