import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// The `qrcov` root command: a thin shell over the QR Coverage libraries.
@main
struct QRCov: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qrcov",
        abstract: "VietQR payloads, QR stickers and coverage tracking for the 90% commune target.",
        discussion: """
            Exit codes: 0 ok, 1 unexpected failure, 3 coverage gate not met, 64 usage, \
            65 invalid data (a damaged registry), 66 input missing or unreadable, 73 cannot create output \
            (a read-only registry), 74 I/O error, 75 registry busy: try again.
            """,
        version: "0.1.0",
        subcommands: [
            PayloadCommand.self,
            DecodeCommand.self,
            BanksCommand.self,
            QRCommand.self,
            StickerCommand.self,
            StickersCommand.self,
            InitCommand.self, CommunesCommand.self, MerchantCommand.self, MarkCommand.self,
            BackupCommand.self, RestoreCommand.self,
            CoverageCommand.self, TrendCommand.self, SyncCommand.self, DemoCommand.self,
        ]
    )

    /// Parses and runs a subcommand; a ``CLIError`` becomes `qrcov: message` on stderr (and,
    /// with `--verbose`, `qrcov: detail: …`) and its exit code, everything else is handled by
    /// ArgumentParser (usage errors exit 64).
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as CLIError {
            Terminal.standardError.write("qrcov: \(error.message)\n")
            if let detail = error.detail, (command as? any RegistryCommand)?.database.verbose == true {
                Terminal.standardError.write("qrcov: detail: \(detail)\n")
            }
            Glibc.exit(error.code.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
