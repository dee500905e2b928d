import ArgumentParser
import Domain
import FileOutput
import Foundation
import RegistryOpener
import Store

/// `--db FILE`: the registry database, else `$QRCOV_DB`, else `./qrcov.sqlite`; `--verbose`;
/// `$QRCOV_BUSY_TIMEOUT`, how long a write waits for another's.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp("The registry database file (default: $QRCOV_DB, else ./qrcov.sqlite).", valueName: "file"))
    var databasePath: String?

    @Flag(help: "When the registry fails, also print the database's own message (for whoever diagnoses it).")
    var verbose = false

    /// The environment variable that overrides how long a write waits for another process's
    /// write (seconds, e.g. `5` or `0.5`; default 60).
    static let busyTimeoutVariable = "QRCOV_BUSY_TIMEOUT"

    func validate() throws {
        _ = try Self.busyTimeout()
    }

    /// `$QRCOV_BUSY_TIMEOUT` in seconds, nil when unset; a usage error when it is not a number of seconds.
    private static func busyTimeout() throws -> TimeInterval? {
        guard let text = ProcessInfo.processInfo.environment[busyTimeoutVariable], !text.isEmpty else { return nil }
        guard let seconds = TimeInterval(text), seconds.isFinite, (0...86_400).contains(seconds) else {
            throw ValidationError("\(busyTimeoutVariable) must be a number of seconds (0 to 86400), got \"\(text)\"")
        }
        return seconds
    }

    /// The path the options resolve to.
    var path: String { databasePath ?? Self.defaultPath }

    /// The registry without `--db`: `$QRCOV_DB`, else `./qrcov.sqlite`. Commands without a
    /// registry (`qr`, `sticker`) keep their outputs off it too.
    static var defaultPath: String {
        if let fromEnvironment = ProcessInfo.processInfo.environment["QRCOV_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "qrcov.sqlite"
    }

    /// Opens the registry; a missing file or one that is not a registry is an error (exit 66)
    /// telling to run `qrcov init` (``CLIError/init(_:)-RegistryFileError``).
    func openRegistry() throws -> any RegistryStore {
        try RegistryCLI.run { try location.open() }
    }

    /// Where the registry is, and how long its writes wait (``validate()`` checked the variable).
    var location: RegistryLocation { RegistryLocation(path: path, busyTimeout: try? Self.busyTimeout()) }
}

/// A command that works on the registry (``DatabaseOptions``): with `--verbose`, the details of
/// its failure (``CLIError/detail``) are printed too.
protocol RegistryCommand: ParsableCommand {
    var database: DatabaseOptions { get }
}

extension DatabaseOptions {
    /// Refuses (exit 73, before anything is written) outputs that are the registry, its journal,
    /// one of `inputs`, or each other (``FileOutput/OutputTargets``); `-` (stdout) is no file.
    func checkOutputs(_ outputs: [String?], inputs: [String?] = []) throws {
        try OutputCheck.check(outputs, registry: path, inputs: inputs)
    }
}

/// The CLI's use of ``FileOutput/OutputTargets``.
enum OutputCheck {
    /// Refuses (exit 73) outputs that are the registry (when the command has one), an input, or
    /// each other; `-` (stdout) is no file.
    static func check(_ outputs: [String?], registry: String?, inputs: [String?]) throws {
        let targets = OutputTargets(registry: registry, inputs: inputs.compactMap { $0 }.filter { $0 != "-" })
        do throws(OutputTargetError) {
            try targets.check(outputs.map { $0 == "-" ? nil : $0 })
        } catch {
            throw CLIError(.cantCreate, error.description)
        }
    }
}
