import ArgumentParser
import Domain
import Store

/// `qrcov merchant add`: registers a shop and prints only its new id.
struct MerchantAddCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a merchant; prints only the new merchant's id.",
        discussion: """
            Refused (exit 65, with the existing id) when another merchant has the same phone in the \
            same commune, the same tax code, or the same bank account, unless --force.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var fields: MerchantFieldOptions

    @Flag(help: "Add even if it looks like a duplicate.")
    var force = false

    func validate() throws {
        guard fields.commune != nil else { throw ValidationError("--commune is required") }
        guard fields.name != nil else { throw ValidationError("--name is required") }
    }

    func run() throws {
        let registry = try database.openRegistry()
        var draft = MerchantDraft(commune: "", name: "")
        fields.apply(to: &draft)
        let id = try RegistryCLI.run { try registry.addMerchant(draft, force: force) }
        print(id)
    }
}
