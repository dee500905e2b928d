import ArgumentParser
import Domain
import FileOutput
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

    /// Where the registry is.
    var location: RegistryLocation { RegistryLocation(path: path) }
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
