import ArgumentParser
import Domain
import Foundation
import RegistryOpener
import Store

/// `--db FILE`: the registry database, else `$QRCOV_DB`, else `./qrcov.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp("The registry database file (default: $QRCOV_DB, else ./qrcov.sqlite).", valueName: "file"))
    var databasePath: String?

    /// The path the options resolve to.
    var path: String {
        if let databasePath { return databasePath }
        if let fromEnvironment = ProcessInfo.processInfo.environment["QRCOV_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "qrcov.sqlite"
    }

    /// Opens the registry; a missing file is an error (exit 66) telling to run `qrcov init`.
    func openRegistry() throws -> any RegistryStore {
        guard location.exists else {
            throw CLIError(
                .noInput, "no registry at \(path); create it with `qrcov init` (or pass --db FILE / set QRCOV_DB)")
        }
        return try RegistryCLI.run { try location.open() }
    }

    /// Where the registry is.
    var location: RegistryLocation { RegistryLocation(path: path) }
}
