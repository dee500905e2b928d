import Foundation
import GRDB
import Store

/// SQLite's errors as the ``RegistryFault`` each means for a registry file: the store throws
/// faults, never GRDB's `DatabaseError`, so no front end sees SQL unless it asks for the detail.
enum RegistryFaults {
    /// Runs `body`; a `DatabaseError` it throws becomes the registry's ``RegistryFault`` (other
    /// errors pass as they are).
    static func reporting<T>(path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw fault(error, path: path)
        }
    }

    /// The fault an SQLite error means for the registry at `path`. Permission errors are told
    /// apart by what the process may do with the file and its folder (the real user's rights,
    /// as `access(2)` checks them).
    static func fault(_ error: DatabaseError, path: String) -> RegistryFault {
        let kind: RegistryFault.Kind
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: kind = .busy
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: kind = .damaged
        case .SQLITE_FULL: kind = .diskFull
        case .SQLITE_IOERR: kind = .ioFailure
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
            kind = permissionFault(path) ?? .unexpected
        default: kind = .unexpected
        }
        return RegistryFault(kind, path: path, detail: detail(error))
    }

    /// SQLite's message, with its extended result code when that says more than the primary one.
    private static func detail(_ error: DatabaseError) -> String {
        let extended = error.extendedResultCode
        guard extended != error.resultCode else { return error.description }
        return "\(error.description) (extended code \(extended.rawValue))"
    }

    /// Why SQLite may not read or write the registry: the file unreadable, its folder not
    /// writable while a file SQLite needs there is missing (a new registry, its `-wal` or `-shm`
    /// file), or the file or a companion not writable; nil when nothing stands in the way (the
    /// error has another cause).
    private static func permissionFault(_ path: String) -> RegistryFault.Kind? {
        let folder = (path as NSString).deletingLastPathComponent
        let folderWritable = access(folder.isEmpty ? "." : folder, W_OK) == 0
        guard access(path, F_OK) == 0 else { return folderWritable ? nil : .readOnlyFolder }
        guard access(path, R_OK) == 0 else { return .unreadable }
        let companions = [path + "-wal", path + "-shm"]
        if !folderWritable, companions.contains(where: { access($0, F_OK) != 0 }) { return .readOnlyFolder }
        if let readOnly = ([path] + companions).first(where: { access($0, F_OK) == 0 && access($0, W_OK) != 0 }) {
            return .readOnlyFile(readOnly)
        }
        return folderWritable ? nil : .readOnlyFolder
    }
}
