import ArgumentParser
import Domain
import Store

/// `qrcov merchant edit ID`: changes a merchant's fields (the QR status changes through `qrcov mark`).
struct MerchantEditCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a merchant's fields; an empty value (--phone \"\") clears one.",
        discussion: "The QR status is not a field: record changes with `qrcov mark`, which keeps the history."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The merchant's id.") var id: Int64
    @OptionGroup var fields: MerchantFieldOptions

    @Flag(help: "Save even if it then looks like a duplicate of another merchant.")
    var force = false

    func run() throws {
        let registry = try database.openRegistry()
        guard let current = try RegistryCLI.run({ try registry.merchant(id: id) }) else {
            throw CLIError(.dataError, "no merchant with id \(id)")
        }
        var draft = MerchantDraft(current.merchant)
        fields.apply(to: &draft)
        try RegistryCLI.run { try registry.updateMerchant(id: id, with: draft, force: force) }
        Terminal.standardError.write("Updated merchant \(id).\n")
    }
}
