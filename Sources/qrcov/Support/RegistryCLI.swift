import Foundation
import Domain
import RegistryOpener
import Store

/// How registry errors reach the user: as ``CLIError``s with the right exit code.
enum RegistryCLI {
    /// Runs `body`, turning registry errors into CLI errors (invalid data exit 65, others 1).
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw cliError(error)
        }
    }

    /// The CLI error for a registry error: invalid data exits 65, anything else 1.
    static func cliError(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: error
        case let error as RegistryError: CLIError(.dataError, error.description)
        case let error as CommuneLookupError: CLIError(.dataError, error.description)
        case let error as RegistryBuildError: CLIError(.cantCreate, error.description)
        default: CLIError(.failure, "registry: \(error)")
        }
    }

    /// Parses a `--at` / `--opened` style date, or fails with a usage-style message.
    static func day(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(text) else { throw CLIError(.usage, "\(option): \"\(text)\" is not a date (YYYY-MM-DD or dd/MM/yyyy)") }
        return day
    }

    /// Writes `contents` to `path` through a temporary file in the same folder and a rename,
    /// so readers never see a half-written file.
    static func writeAtomically(_ contents: String, to path: String) throws {
        do {
            try Data(contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError(.cantCreate, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// An output file written through a temporary file in the same folder and renamed into place
/// by ``commit()``, so a reader never sees half a file; without `commit()` the temporary file is removed.
final class AtomicOutput {
    private let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var committed = false

    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw CLIError(.cantCreate, "cannot create \(path)")
        }
        self.handle = handle
    }

    func write(_ text: String) throws {
        try write(bytes: Array(text.utf8))
    }

    /// Writes bytes as they are (text already encoded, with no second copy through a String).
    func write(bytes: [UInt8]) throws {
        do { try handle.write(contentsOf: bytes) } catch {
            throw CLIError(.ioError, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    func commit() throws {
        do {
            try handle.close()
        } catch {
            throw CLIError(.ioError, "cannot write \(path): \(error.localizedDescription)")
        }
        guard rename(temporaryPath, path) == 0 else {
            throw CLIError(.cantCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
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
