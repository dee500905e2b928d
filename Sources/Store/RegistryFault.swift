/// A registry that could not be read or written when a command ran: read-only, held by another
/// writer, damaged, on a full or failing disk. A store raises it in place of its database's own
/// error; the transaction it interrupted is rolled back, so the registry holds nothing of it.
///
/// ``description`` is for the people who keep the registry (it names the file and says what to
/// do, without the database's words); ``detail`` is the database's own message, for whoever
/// diagnoses the fault (`qrcov --verbose`).
public struct RegistryFault: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The registry, or its `-wal` or `-shm` file (`file`), cannot be written: reading may
        /// work, saving cannot.
        case readOnlyFile(String)
        /// The registry's folder cannot be written, and a file must be created there: a new
        /// registry, or its `-wal` or `-shm` file (without which SQLite cannot even read it).
        case readOnlyFolder
        /// The registry's file cannot be read (permissions).
        case unreadable
        /// Another process held the registry's write lock longer than the store waits for it.
        case busy
        /// The file starts as a database but parts of it are missing or overwritten.
        case damaged
        /// The disk (or the database's size limit) is full.
        case diskFull
        /// The operating system reported an error reading or writing the file.
        case ioFailure
        /// Any other error of the database: a fault of this program or of its database library.
        case unexpected
    }

    public let kind: Kind
    /// The registry's path, as the user gave it.
    public let path: String
    /// The database's own message (may hold SQL): for diagnosis only, never for the user's eyes by default.
    public let detail: String

    public init(_ kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .readOnlyFile(let file):
            "cannot save to the registry \(path): \(file == path ? "the file" : file) is read-only. Nothing was "
                + "changed; make it writable (or ask whoever manages this computer), then try again"
        case .readOnlyFolder:
            "cannot use the registry \(path): its folder is read-only, and qrcov needs to create files there "
                + "(such as \(Self.fileName(path))-shm). Nothing was changed; make the folder writable, or copy the "
                + "registry to a folder you can write to"
        case .unreadable:
            "cannot read the registry \(path): permission denied. Ask whoever manages this computer for access to it"
        case .busy:
            "the registry \(path) is busy: another qrcov is writing to it. Nothing was changed; try again in a minute"
        case .damaged:
            "the registry \(path) is damaged: parts of the file are missing or overwritten. Keep the file as it is "
                + "and restore the last backup with `qrcov restore FILE`"
        case .diskFull:
            "the disk holding the registry \(path) is full. Nothing was saved; free some space, then try again"
        case .ioFailure:
            "the registry \(path) could not be read or written: the disk reported an error. "
                + "Check the disk (or copy the registry to another one), then try again"
        case .unexpected:
            "the registry \(path) reported an unexpected error"
        }
    }

    /// The last component of a path: what the folder holds.
    private static func fileName(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}
