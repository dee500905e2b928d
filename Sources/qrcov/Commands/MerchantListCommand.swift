import ArgumentParser
import Coverage
import Domain
import Store
import Tabular

/// `qrcov merchant list`: merchants of a commune or province with their current QR status,
/// phone and account masked (this listing circulates; `merchant export` has the full data).
struct MerchantListCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List merchants with their current QR status (phone and account masked unless --unmask).",
        discussion:
            "Phone numbers show as 0912***678 and accounts as ******6789 in every format; `merchant export` writes full values."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var place: ReportScopeOptions
    @Option(
        help: ArgumentHelp(
            "Only these current statuses, comma-separated (none,registered,displayed,verified).", valueName: "list"))
    var status: String?
    @Option(help: "Only this hamlet (thôn / tổ dân phố; spelling variants match).")
    var hamlet: String?
    @Flag(help: "Include merchants that have closed.")
    var includeClosed = false
    @Flag(help: "Show phone numbers and account numbers in full.")
    var unmask = false
    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let registry = try database.openRegistry()
        let scope = try place.resolve(in: registry.communes).coverageScope
        let statuses = try status.map { try QRStatus.list($0) }
        let filter = MerchantFilter(
            scope: scope, statuses: statuses, hamlet: hamlet, openOn: includeClosed ? nil : CalendarDay.today())
        let items = try RegistryCLI.run { try registry.merchants(matching: filter) }
        let rows = items.map { item in
            let m = item.merchant
            return ListRow(
                id: m.id, commune_code: m.communeCode,
                commune_name: registry.communes.commune(code: m.communeCode)?.name ?? "",
                hamlet: m.hamlet, name: m.name, owner_name: m.ownerName,
                phone: unmask ? m.phone : m.phone.map { ContactMasking.phone($0) },
                business_type: m.businessType, bank_bin: m.bankBIN,
                account_number: unmask ? m.accountNumber : m.accountNumber.map { ContactMasking.account($0) },
                status: item.status.rawValue, status_at: item.statusAt.map(Timestamp.format),
                closed_on: m.closedOn?.description)
        }
        if format == .json { return try JSONOutput.print(rows) }
        var table = Table(columns: [
            .init("ID", alignment: .right), .init("Commune"), .init("Hamlet"), .init("Name"), .init("Owner"),
            .init("Phone"), .init("Type"), .init("Bank"), .init("Account"), .init("Status"), .init("Since"),
            .init("Closed"),
        ])
        for row in rows {
            table.append([
                String(row.id), "\(row.commune_code) \(row.commune_name)", row.hamlet ?? "", row.name,
                row.owner_name ?? "",
                row.phone ?? "", row.business_type ?? "", row.bank_bin ?? "", row.account_number ?? "", row.status,
                row.status_at.map { String($0.prefix(10)) } ?? "", row.closed_on ?? "",
            ])
        }
        table.print(as: format)
    }

    /// A merchant as one JSON object (CSV header names).
    struct ListRow: Encodable {
        let id: Int64
        let commune_code, commune_name: String
        let hamlet: String?
        let name: String
        let owner_name, phone, business_type, bank_bin, account_number: String?
        let status: String
        let status_at, closed_on: String?
    }
}
