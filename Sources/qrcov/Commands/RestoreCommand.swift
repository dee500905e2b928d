import ArgumentParser
import Coverage
import RegistryOpener
import Store

/// `qrcov restore FILE`: the registry replaced by a backup, after the backup is checked.
struct RestoreCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the registry with a backup made by `qrcov backup`.",
        discussion: """
            FILE is checked first, and nothing is touched when it fails: it must be a qrcov \
            registry (exit 66) that SQLite's quick_check finds sound (exit 65). The registry's \
            pages are then replaced through SQLite under its write lock: commands that write \
            meanwhile wait, readers see the old registry or the restored one, and no -wal or -shm \
            file keeps anything of the replaced registry. Without a registry (or with an empty \
            file) the backup becomes it.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup file to restore.", valueName: "file"))
    var file: String
    @Option(help: "Language of the summary: vi or en.")
    var lang: ReportLanguage = .vi

    func run() throws {
        let registryPath = database.path
        try OutputCheck.check([registryPath], registry: nil, inputs: [file])
        let contents: RegistryContents
        do {
            contents = try database.location.restore(from: file)
        } catch let error as RegistryFileError {
            throw cliError(error, registry: registryPath)
        } catch let fault as RegistryFault where fault.kind == .damaged && fault.path == file {
            throw CLIError(
                .dataError,
                "the backup \(file) is damaged: parts of the file are missing or overwritten; nothing restored "
                    + "(choose another backup)", detail: fault.detail)
        } catch {
            throw RegistryCLI.cliError(error)
        }
        print(
            lang == .vi
                ? "Đã khôi phục \(registryPath) từ \(file): \(contents.summary(lang))."
                : "Restored \(registryPath) from \(file): \(contents.summary(lang)).")
    }

    /// A refused backup is missing input (66) (a damaged one, a ``RegistryFault``, is invalid
    /// data, 65); a registry location holding something else than a registry cannot be written (73).
    private func cliError(_ error: RegistryFileError, registry: String) -> CLIError {
        switch error {
        case .missing(let path) where path == file: CLIError(.noInput, "\(path): no such file; nothing restored")
        case .notARegistry(let path) where path == file:
            CLIError(.noInput, "\(path) is not a qrcov registry (make backups with `qrcov backup`); nothing restored")
        case .newerSchema(let path, let version) where path == file:
            CLIError(.failure, "\(path): this backup was written by a newer qrcov (schema \(version)); upgrade")
        case .notARegistry(let path):
            CLIError(
                .cantCreate,
                "\(path) is not a qrcov registry and not empty; restore leaves it as it is: move it away or choose another --db"
            )
        default: CLIError(error)
        }
    }
}
