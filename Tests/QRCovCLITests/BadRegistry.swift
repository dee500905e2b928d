import Foundation

/// The ways a registry file can be bad, each made from a real registry (``HostileFolder``), and
/// what every command must do with it (``expectation(for:)``).
enum BadRegistry: String, CaseIterable, Sendable {
    case empty, garbage, truncated, headerOnly, damagedPages, newerSchema
    case readOnlyFile, readOnlyFolder, unreadable, lockedByWriter, lockedExclusively, directory

    /// The exit status and a part of the message on stderr (empty: any message).
    struct Outcome: Equatable {
        let status: Int32
        let message: String
    }

    /// What `command` must do with this registry.
    func expectation(for command: RegistryCommandCase) -> Outcome {
        let isInit = command.arguments.first == "init"
        let notARegistry = Outcome(status: 66, message: "z.sqlite is not a qrcov registry: run qrcov init")
        let initRefuses = Outcome(status: 73, message: "z.sqlite is not a qrcov registry and not empty")
        let damaged = Outcome(status: 65, message: "z.sqlite is damaged: parts of the file are missing or overwritten")
        let works = Outcome(status: 0, message: "")
        switch self {
        case .empty: return isInit ? Outcome(status: 0, message: "") : notARegistry
        case .garbage, .directory: return isInit ? initRefuses : notARegistry
        case .truncated, .headerOnly: return damaged
        case .damagedPages: return command.readsMerchants ? damaged : works
        case .newerSchema: return Outcome(status: 1, message: "written by a newer qrcov (schema 9); upgrade")
        case .readOnlyFile:
            return command.writes ? Outcome(status: 73, message: "z.sqlite: the file is read-only") : works
        case .readOnlyFolder: return Outcome(status: 73, message: "z.sqlite: its folder is read-only")
        case .unreadable: return Outcome(status: 66, message: "cannot read the registry ../registry/z.sqlite")
        case .lockedByWriter:
            return command.writes ? Outcome(status: 75, message: "another qrcov is writing to it") : works
        case .lockedExclusively: return Outcome(status: 75, message: "another qrcov is writing to it")
        }
    }

    /// Whether qrcov must run without root's rights to meet it (permissions are the fault).
    var needsUnprivileged: Bool { [.readOnlyFile, .readOnlyFolder, .unreadable].contains(self) }

    /// Makes the registry in `folder` bad in this way; for the locked kinds, returns the lock,
    /// held until released.
    func make(_ folder: HostileFolder) throws -> RegistryLock? {
        let path = folder.registry
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        switch self {
        case .empty: try replace(folder, with: Data())
        case .garbage: try replace(folder, with: Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
        case .truncated: try replace(folder, with: main.prefix(main.count / 2))
        case .headerOnly: try replace(folder, with: main.prefix(100))
        case .damagedPages: try overwriteMerchantPages(path)
        case .newerSchema:
            // What a later qrcov might do: a new column, its migration, its schema version.
            _ = try ExternalTools.sqlite(
                path,
                """
                ALTER TABLE merchant ADD COLUMN loyalty_tier TEXT;
                INSERT INTO grdb_migrations VALUES ('merchant loyalty tier');
                PRAGMA user_version = 9;
                """, readOnly: false)
        case .readOnlyFile:
            try Unprivileged.give(folder.root)
            chmod(path, 0o444)
        case .readOnlyFolder:
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try Unprivileged.give(folder.root)
            chmod(folder.registryFolder.path, 0o555)
        case .unreadable:
            try Unprivileged.give(folder.root)
            chmod(path, 0o000)
        case .lockedByWriter: return try RegistryLock(path, exclusive: false)
        case .lockedExclusively: return try RegistryLock(path, exclusive: true)
        case .directory:
            try replace(folder, with: nil)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
        return nil
    }

    /// The registry file alone with `contents` (nil: nothing), its WAL and shared-memory files gone.
    private func replace(_ folder: HostileFolder, with contents: Data?) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: folder.registry + suffix) }
        if let contents { try contents.write(to: URL(fileURLWithPath: folder.registry)) }
    }

    /// Overwrites the first page of the merchant, state and history tables (not in the WAL file,
    /// which holds only the first page): SQLite finds the damage only when a command reads them.
    private func overwriteMerchantPages(_ path: String) throws {
        let query = "SELECT rootpage FROM sqlite_master WHERE name IN ('merchant', 'merchant_state', 'qr_status_event')"
        let pages = try ExternalTools.sqlite(path, query, readOnly: true).split(separator: "\n").compactMap { Int($0) }
        let pageSize = try Int(ExternalTools.sqlite(path, "PRAGMA page_size", readOnly: true)) ?? 4096
        guard pages.count == 3, !pages.contains(1) else { throw FixtureError(description: "root pages \(pages)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        for page in pages {
            try handle.seek(toOffset: UInt64((page - 1) * pageSize))
            try handle.write(contentsOf: Data((0..<pageSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ page) }))
        }
        // The sqlite3 shell's read-only looks leave the empty WAL and the shared-memory files it
        // created; between commands a registry has neither.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
