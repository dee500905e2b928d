import ArgumentParser

/// `qrcov sync`: the CSV exchange with bank branches.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Import bank branch files (matched, planned, applied once) and export outreach lists.",
        subcommands: [
            SyncExportCommand.self,
            SyncImportCommand.self, SyncProfilesCommand.self,
        ]
    )
}
