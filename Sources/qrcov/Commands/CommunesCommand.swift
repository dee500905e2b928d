import ArgumentParser
import Domain
import Foundation
import ReferenceData
import Store
import Tabular
import VietQR

/// `qrcov communes`: the communes the registry tracks (or the official list when there is no registry yet).
struct CommunesCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes",
        abstract: "List communes (2025 codes), with the former communes merged into each.",
        discussion: "Without a registry database the official 2025 list is shown."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Only this province (2-digit code).", valueName: "code"))
    var province: String?

    @Option(
        help: ArgumentHelp(
            "Only communes whose current or former name or code matches (case and diacritics ignored).",
            valueName: "text"))
    var search: String?

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let directory = database.location.exists ? try database.openRegistry().communes : CommuneDirectory.official
        var communes = directory.communes
        if let province {
            guard let found = directory.province(code: province) else {
                throw CLIError(.usage, "--province: no province with code \(province) here")
            }
            communes = communes.filter { $0.provinceCode == found.code }
        }
        if let search { communes = directory.search(search, in: communes) }
        let provinceNames = Dictionary(uniqueKeysWithValues: directory.provinces.map { ($0.code, $0.name) })
        let rows = communes.map { commune in
            CommuneRow(
                code: commune.code, name: commune.name, type: commune.type, province_code: commune.provinceCode,
                province_name: provinceNames[commune.provinceCode] ?? "",
                former: directory.formerCommunes(of: commune.code).map { $0.name + ($0.isPartial ? " (một phần)" : "") }
            )
        }
        if format == .json { return try JSONOutput.print(rows) }
        var table = Table(columns: [
            .init("Code"), .init("Name"), .init("Type"), .init("Province"), .init("Former communes"),
        ])
        for row in rows {
            table.append([
                row.code, row.name, row.type, "\(row.province_code) \(row.province_name)",
                row.former.joined(separator: "; "),
            ])
        }
        table.print(as: format)
    }

    /// A commune as JSON.
    struct CommuneRow: Encodable {
        let code, name, type, province_code, province_name: String
        let former: [String]
    }
}
