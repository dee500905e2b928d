import Foundation
import SQLiteStore
import Store

/// Where a registry lives, as a user names it (`--db`, `QRCOV_DB`): a SQLite file today. The one
/// place that knows the store implementations; front ends open registries through it and then
/// speak only ``RegistryStore``.
public struct RegistryLocation: Sendable, Equatable {
    /// The SQLite file's path.
    public let path: String
    /// How long a command waits for another process's write before it gives up
    /// (``Store/RegistryFault/Kind/busy``), in seconds.
    public let busyTimeout: TimeInterval

    /// The registry at `path`; `busyTimeout` nil is the store's default (60 s).
    public init(path: String, busyTimeout: TimeInterval? = nil) {
        self.path = path
        self.busyTimeout = busyTimeout ?? SQLiteRegistry.defaultBusyTimeout
    }

    /// Whether a file (or anything else) exists there.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Whether a file with something in it is there: not nothing, and not a 0-byte file.
    public var hasContents: Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) > 0
    }

    /// Opens the registry there, bringing an older registry's schema up to date. Creates
    /// nothing: no file, a 0-byte file, a directory, a file that is not a registry (throws
    /// ``RegistryFileError/missing(path:)`` or ``RegistryFileError/notARegistry(path:)``) and a
    /// registry of a newer build (``RegistryFileError/newerSchema(path:version:)``) are refused
    /// before anything is written. A registry that cannot be read or written (read-only, busy,
    /// damaged, …) throws a ``RegistryFault``, then or at any later call of the store.
    public func open() throws -> any RegistryStore {
        try SQLiteRegistry(path: path, busyTimeout: busyTimeout)
    }

    /// Opens the registry there, or creates it with the official communes of `provinces` (nil:
    /// all provinces) when there is no file or a 0-byte one. Any other file that is not a
    /// registry, or a newer registry, is refused as ``open()`` refuses it, and left as it was.
    public func openOrCreate(provinces: Set<String>?) throws -> any RegistryStore {
        try SQLiteRegistry(path: path, provinces: provinces, busyTimeout: busyTimeout)
    }

    /// Replaces the registry there with the registry in the file `source` (a
    /// ``RegistryStore/backup(to:)``), or creates it from `source` when there is no file or a
    /// 0-byte one, and returns what the restored registry holds.
    ///
    /// Nothing is touched unless `source` is a registry of this build or an older one that passes
    /// SQLite's `PRAGMA quick_check` (else ``RegistryFileError``: `missing`, `notARegistry`,
    /// or `newerSchema`, naming `source`, or a damaged ``RegistryFault``), and the location holds a registry or nothing
    /// (``RegistryFileError`` naming the location). The pages are replaced under the registry's
    /// write lock, through SQLite, so processes that have it open stay coherent and no WAL or
    /// shared-memory file keeps anything of the old registry (``SQLiteRegistry/restore(from:into:)``).
    /// An older schema is then migrated, as ``open()`` does.
    public func restore(from source: String) throws -> RegistryContents {
        let contents = try SQLiteRegistry.restore(from: source, into: path, busyTimeout: busyTimeout)
        _ = try open()
        return contents
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
        // Checkpointed and closed: no WAL file holds anything, the file alone is the registry.
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
