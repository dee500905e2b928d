import ArgumentParser
import Domain
import Foundation
import Store
import Tabular

/// `qrcov merchant show ID`: every field of one merchant and its QR status history.
struct MerchantShowCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one merchant (all fields, unmasked) and its QR status history."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The merchant's id.") var id: Int64
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let registry = try database.openRegistry()
        guard let item = try RegistryCLI.run({ try registry.merchant(id: id) }) else {
            throw CLIError(.dataError, "no merchant with id \(id)")
        }
        let history = try RegistryCLI.run { try registry.statusHistory(merchantId: id) }
        let commune = registry.communes.commune(code: item.merchant.communeCode)
        let fields = MerchantCSV.fields(item, communeName: commune?.name ?? "")
        if format == .json {
            var object: [String: String] = [:]
            for (column, value) in zip(MerchantCSV.columns, fields) where !value.isEmpty { object[column] = value }
            return try JSONOutput.print(ShowJSON(merchant: object, history: history.map(EventJSON.init)))
        }
        var details = Table(columns: [.init("Field"), .init("Value")])
        for (column, value) in zip(MerchantCSV.columns, fields) { details.append([column, value]) }
        var events = Table(columns: [.init("At"), .init("Status"), .init("Source"), .init("By"), .init("Note")])
        for event in history {
            events.append([
                Timestamp.format(event.at), event.status.rawValue, event.source, event.actor ?? "", event.note ?? "",
            ])
        }
        details.print(as: format)
        if format == .table { print("") }
        events.print(as: format)
    }

    struct ShowJSON: Encodable {
        let merchant: [String: String]
        let history: [EventJSON]
    }

    struct EventJSON: Encodable {
        let at, status, source: String
        let by, note: String?
        init(_ event: QRStatusEvent) {
            at = Timestamp.format(event.at)
            status = event.status.rawValue
            source = event.source
            by = event.actor
            note = event.note
        }
    }
}
