import ArgumentParser
import Tabular
import VietQR

/// `qrcov banks`: the bank directory (BIN, code, names).
struct BanksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks",
        abstract: "List the banks and wallets a VietQR payload can name, by BIN."
    )

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Argument(help: "Only banks whose BIN, code or short name matches (case and diacritics ignored).")
    var query: String?

    func run() throws {
        var banks = BankDirectory.shared.banks
        if let query {
            let key = VietnameseText.searchKey(query)
            banks = banks.filter { bank in
                bank.bin.hasPrefix(query)
                    || [bank.code, bank.shortName, bank.name].contains {
                        VietnameseText.searchKey($0).contains(key)
                    }
            }
        }
        if format == .json { return try JSONOutput.print(banks.map(BankRow.init)) }
        var table = Table(columns: [.init("BIN"), .init("Code"), .init("Short name"), .init("Name"), .init("SWIFT")])
        for bank in banks { table.append([bank.bin, bank.code, bank.shortName, bank.name, bank.swift]) }
        table.print(as: format)
    }

    /// A bank as JSON, with snake_case keys like the CSV header.
    struct BankRow: Encodable {
        let bin, code, short_name, name, swift: String
        init(_ bank: Bank) {
            (bin, code, short_name, name, swift) = (bank.bin, bank.code, bank.shortName, bank.name, bank.swift)
        }
    }
}
