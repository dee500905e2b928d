import ArgumentParser
import DelimitedText
import FileOutput
import Store

/// A failure the user can act on: a message for stderr and a sysexits-style exit code.
///
/// Commands throw it; ``QRCov/main()`` prints the message as `qrcov: <message>` on stderr
/// and exits with ``code``. Library errors are mapped to it where the command knows the context
/// (file, line) the user needs.
struct CLIError: Error, CustomStringConvertible {
    /// Exit codes from sysexits(3), as DESIGN.md fixes them.
    enum Code: Int32 {
        case failure = 1
        case gateNotMet = 3
        case usage = 64
        case dataError = 65
        case noInput = 66
        case cantCreate = 73
        case ioError = 74
        case tempFail = 75
    }

    var code: Code
    var message: String
    /// What the library underneath said (e.g. SQLite's message and statement): printed only with
    /// `--verbose` (``RegistryCommand``), for whoever diagnoses the failure.
    var detail: String?

    init(_ code: Code, _ message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    var description: String { message }
}

extension CLIError {
    /// A delimited text file that could not be read: missing, unreadable or in a refused encoding
    /// is missing input (66); anything wrong inside it is invalid data (65). The message names the file.
    init(_ error: DelimitedTextError) {
        switch error {
        case .cannotOpen, .readFailed, .legacyEncodingRefused: self.init(.noInput, error.description)
        default: self.init(.dataError, error.description)
        }
    }
}

extension CLIError {
    /// A file that is not a registry of this build: none, or not a registry, is missing input
    /// (66), telling to run `qrcov init`; a newer registry fails (1), telling to upgrade.
    init(_ error: RegistryFileError) {
        switch error {
        case .missing(let path):
            self.init(
                .noInput, "no registry at \(path); create it with `qrcov init` (or pass --db FILE / set QRCOV_DB)")
        case .notARegistry: self.init(.noInput, error.description)
        case .newerSchema: self.init(.failure, error.description)
        }
    }
}

extension CLIError {
    /// A registry that could not be read or written: read-only (or its folder) 73, busy 75,
    /// damaged 65, unreadable 66, a full or failing disk 74, anything else 1. The message names
    /// the registry and says what to do; SQLite's own words are the ``detail``.
    init(_ fault: RegistryFault) {
        let code: Code
        var message = fault.description
        switch fault.kind {
        case .readOnlyFile, .readOnlyFolder: code = .cantCreate
        case .unreadable: code = .noInput
        case .busy: code = .tempFail
        case .damaged: code = .dataError
        case .diskFull, .ioFailure: code = .ioError
        case .unexpected:
            code = .failure
            message += "; run the command again with --verbose to see the details"
        }
        self.init(code, message, detail: fault.detail)
    }
}

extension CLIError {
    /// A file that could not be written: one that could not be made or put in place exits 73
    /// ("cannot create"), one whose bytes could not be written (a full disk) 74 ("I/O error").
    init(_ error: FileWriteError) {
        self.init(error.stage == .write ? .ioError : .cantCreate, error.description)
    }
}
