import ArgumentParser
import Coverage
import Store
import UseCases

/// `qrcov backup FILE`: the registry copied into one consistent file, while others may write.
struct BackupCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the registry into one file, consistent even while others write; `qrcov restore` puts it back.",
        discussion: """
            The copy is the registry as it stood when the copy began, in a single file (no -wal or \
            -shm file belongs to it), written beside FILE and renamed into place. FILE may not be \
            the registry or its -wal/-shm file (exit 73). Example: `qrcov backup backups/2025-12-31.sqlite`.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup file to write (replaced if it exists).", valueName: "file"))
    var file: String
    @Option(help: "Language of the summary: vi or en.")
    var lang: ReportLanguage = .vi

    func run() throws {
        guard file != "-" else { throw CLIError(.usage, "a backup is a file, not stdout: give its name") }
        try database.checkOutputs([file])
        let registry = try database.openRegistry()
        let contents = try RegistryCLI.run { try RegistryBackup.write(registry, to: file) }
        let registryPath = database.path
        print(
            lang == .vi
                ? "Đã sao lưu \(registryPath) vào \(file): \(contents.summary(lang))."
                : "Backed up \(registryPath) to \(file): \(contents.summary(lang)).")
    }
}

extension RegistryContents {
    /// "100.000 cửa hàng, 230.656 sự kiện trạng thái QR" / "100,000 merchants, 230,656 QR status events".
    func summary(_ lang: ReportLanguage) -> String {
        lang == .vi
            ? "\(lang.number(merchants)) cửa hàng, \(lang.number(statusEvents)) sự kiện trạng thái QR"
            : "\(lang.number(merchants)) merchant\(merchants == 1 ? "" : "s"), "
                + "\(lang.number(statusEvents)) QR status event\(statusEvents == 1 ? "" : "s")"
    }
}
