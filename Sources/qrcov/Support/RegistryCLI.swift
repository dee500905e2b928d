import Domain
import FileOutput
import Foundation
import RegistryOpener
import Store
import UseCases

/// How registry errors reach the user: as ``CLIError``s with the right exit code.
enum RegistryCLI {
    /// Runs `body`, turning registry errors into CLI errors (``cliError(_:)``).
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw cliError(error)
        }
    }

    /// The CLI error for a registry error: invalid data exits 65, a file that is not a registry
    /// 66, a registry that cannot be read or written its fault's code (``CLIError/init(_:)-RegistryFault``),
    /// an output file 73 or 74, anything else 1.
    static func cliError(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: error
        case let error as RegistryError: CLIError(.dataError, error.description)
        case let error as CommuneLookupError: CLIError(.dataError, error.description)
        case let error as RegistryFileError: CLIError(error)
        case let error as RegistryFault: CLIError(error)
        case let error as RegistryBuildError: CLIError(.cantCreate, error.description)
        case let error as FileWriteError: CLIError(error)
        case let error as ReportDayError:
            CLIError(.usage, (error.bound.map { $0 == .asOf ? "--as-of: " : "--from: " } ?? "") + error.description)
        default: CLIError(.failure, "registry: \(error)")
        }
    }

    /// Parses a `--at` / `--opened` style date, or fails with a usage-style message.
    static func day(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else {
            throw CLIError(.usage, "\(option): \"\(text)\" is not a date (YYYY-MM-DD or dd/MM/yyyy)")
        }
        return day
    }

    /// Writes `contents` to `path` atomically (``FileOutput/AtomicFile``): readers never see a
    /// half-written file.
    static func writeAtomically(_ contents: String, to path: String) throws {
        do throws(FileWriteError) {
            try AtomicFile.write(Array(contents.utf8), to: path)
        } catch {
            throw CLIError(error)
        }
    }
}

extension QRStatus {
    /// The statuses of a comma-separated `--status` list, or a usage error naming the option.
    static func list(_ text: String, option: String = "--status") throws -> Set<QRStatus> {
        do {
            let statuses = try QRStatus.parseList(text)
            guard !statuses.isEmpty else {
                throw CLIError(.usage, "\(option) needs at least one of none, registered, displayed, verified")
            }
            return statuses
        } catch let error as QRStatusParseError {
            throw CLIError(.usage, "\(option): \(error)")
        }
    }
}
