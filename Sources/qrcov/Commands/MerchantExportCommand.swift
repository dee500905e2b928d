import ArgumentParser
import Coverage
import Domain
import FileOutput
import Foundation
import Store
import Tabular

/// `qrcov merchant export`: every field of the selected merchants, in the CSV format `merchant import` reads.
struct MerchantExportCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export merchants (full data, closed ones included) in the CSV format `merchant import` reads."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var place: ReportScopeOptions
    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write to this file (default: stdout).", valueName: "file"))
    var output: String?
    @Flag(help: "For spreadsheets: neutralize formula-like cells and keep identifiers (phone, account) as text.")
    var spreadsheet = false

    func run() throws {
        try database.checkOutputs([output])
        let registry = try database.openRegistry()
        let scope = try place.resolve(in: registry.communes).coverageScope
        let identifierColumns = Set(
            MerchantCSV.columns.indices.filter { MerchantCSV.identifierColumns.contains(MerchantCSV.columns[$0]) })
        let writer = CSVWriter(spreadsheetSafe: spreadsheet, identifierColumns: identifierColumns)
        let names = Dictionary(uniqueKeysWithValues: registry.communes.communes.map { ($0.code, $0.name) })
        let sink = try RegistryCLI.run { try output.map { try AtomicOutput(path: $0) } }
        // A CLIError ends the process at once: the temporary file is removed here, not on release.
        defer { sink?.discard() }
        let out = Terminal.standardOutput
        var text = writer.record(MerchantCSV.columns, isHeader: true)
        func flush() throws {
            if let sink { try sink.write(text) } else { out.write(text) }
            text = ""
        }
        try RegistryCLI.run {
            try registry.forEachMerchant(matching: MerchantFilter(scope: scope, openOn: nil)) { item in
                text += writer.record(MerchantCSV.fields(item, communeName: names[item.merchant.communeCode] ?? ""))
                if text.utf8.count > 1 << 16 { try flush() }
            }
        }
        try RegistryCLI.run {
            try flush()
            try sink?.commit()
        }
    }
}
