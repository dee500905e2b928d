import ArgumentParser

/// `qrcov merchant`: the register of shops, one commune at a time.
struct MerchantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Add, edit, show, list, close, import and export merchants.",
        subcommands: [
            MerchantAddCommand.self,
            MerchantEditCommand.self,
            MerchantShowCommand.self,
            MerchantListCommand.self,
            MerchantCloseCommand.self,
            MerchantImportCommand.self,
            MerchantExportCommand.self,
        ]
    )
}
