/// Why a file could not be opened as a registry. Raised before anything is written: the file
/// is left byte for byte as it was.
public enum RegistryFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file there (when only an existing registry will do).
    case missing(path: String)
    /// Not a registry: a directory, an empty file (outside `qrcov init`), a file that is not an
    /// SQLite database, or an SQLite database without the registry's schema.
    case notARegistry(path: String)
    /// A registry whose schema is newer than this build's: it applied migrations this build does
    /// not know, or states a higher schema version. `version` is the schema version it states.
    case newerSchema(path: String, version: Int)
    /// A registry whose pages SQLite finds damaged (`PRAGMA quick_check`); `problem` is the
    /// first problem it reports.
    case damaged(path: String, problem: String)

    public var path: String {
        switch self {
        case .missing(let path), .notARegistry(let path), .newerSchema(let path, _), .damaged(let path, _): path
        }
    }

    public var description: String {
        switch self {
        case .missing(let path): "no registry at \(path): run qrcov init"
        case .notARegistry(let path): "\(path) is not a qrcov registry: run qrcov init"
        case .newerSchema(let path, let version):
            "\(path): this registry was written by a newer qrcov (schema \(version)); upgrade"
        case .damaged(let path, let problem): "\(path) is damaged (SQLite's quick_check: \(problem))"
        }
    }
}
