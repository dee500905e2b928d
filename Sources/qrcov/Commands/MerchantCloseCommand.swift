import ArgumentParser
import Domain
import Store

/// `qrcov merchant close ID`: the shop closed; from that day on it leaves the commune's total.
struct MerchantCloseCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Record that a merchant closed (it leaves the totals from that day on)."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The merchant's id.") var id: Int64
    @Option(
        help: ArgumentHelp("Closing day (YYYY-MM-DD or dd/MM/yyyy); default today (Vietnam time).", valueName: "date"))
    var at: String?

    func run() throws {
        let day = try at.map { try RegistryCLI.day($0, option: "--at") } ?? CalendarDay.today()
        let registry = try database.openRegistry()
        try RegistryCLI.run { try registry.closeMerchant(id: id, on: day) }
        Terminal.standardError.write("Merchant \(id) closed on \(day).\n")
    }
}
