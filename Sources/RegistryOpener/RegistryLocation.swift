import Foundation
import SQLiteStore
import Store

/// Where a registry lives, as a user names it (`--db`, `QRCOV_DB`): a SQLite file today. The one
/// place that knows the store implementations; front ends open registries through it and then
/// speak only ``RegistryStore``.
public struct RegistryLocation: Sendable, Equatable {
    /// The SQLite file's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Whether a registry exists there.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Opens the registry there, bringing its schema up to date.
    public func open() throws -> any RegistryStore {
        try SQLiteRegistry(path: path)
    }

    /// Opens the registry there, or creates it with the official communes of `provinces` (nil:
    /// all provinces) when there is none.
    public func openOrCreate(provinces: Set<String>?) throws -> any RegistryStore {
        try SQLiteRegistry(path: path, provinces: provinces)
    }
}

/// Why a new registry could not be put in place.
public struct RegistryBuildError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension RegistryLocation {
    /// Builds a new registry with the communes of `provinces` in a temporary file beside the
    /// location, fills it with `fill`, and renames it into place, replacing any registry there:
    /// an interrupted build never leaves a half-filled registry behind.
    public func build<T>(provinces: Set<String>?, _ fill: (any RegistryStore) throws -> T) throws -> T {
        let partial = path + ".partial"
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: partial + suffix) }
        let result: T
        do {
            let registry = try SQLiteRegistry(path: partial, provinces: provinces)
            result = try fill(registry)
            try registry.checkpoint()
        }
        // Checkpointed and closed: the WAL file the registry keeps is empty, the file alone is the registry.
        let walSize = (try? files.attributesOfItem(atPath: partial + "-wal")[.size] as? Int) ?? 0
        guard walSize == 0 else {
            throw RegistryBuildError(description: "the new registry \(partial) was not closed cleanly; try again")
        }
        for suffix in ["-wal", "-shm"] {
            try? files.removeItem(atPath: partial + suffix)
            try? files.removeItem(atPath: path + suffix)
        }
        guard rename(partial, path) == 0 else {
            throw RegistryBuildError(
                description: "cannot move the new registry into \(path): \(String(cString: strerror(errno)))")
        }
        return result
    }
}
