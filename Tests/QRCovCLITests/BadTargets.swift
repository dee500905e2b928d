import Foundation

/// Output targets a command must refuse or fail on cleanly, made in a test's folder: a folder
/// that refuses new files and a full disk. Tests may run as root, whom file modes do not stop and
/// who could replace the real `/dev/full`, so both have a root form.
enum BadTargets {
    /// Whether this process runs as root.
    static var isRoot: Bool { getuid() == 0 }

    /// Makes `folder` refuse new files and returns what undoes it (call it before removing the
    /// folder): mode 0555, or as root the immutable attribute (`chattr +i`, which ext4, xfs and
    /// btrfs keep). Nil when neither stops a new file there (root on tmpfs or overlayfs).
    static func makeReadOnly(_ folder: URL) -> (() -> Void)? {
        let undo: () -> Void
        if isRoot {
            guard tool("/usr/bin/chattr", ["+i", folder.path]) else { return nil }
            undo = { _ = tool("/usr/bin/chattr", ["-i", folder.path]) }
        } else {
            guard chmod(folder.path, 0o555) == 0 else { return nil }
            undo = { _ = chmod(folder.path, 0o755) }
        }
        let probe = folder.appendingPathComponent(".probe")
        guard !FileManager.default.createFile(atPath: probe.path, contents: nil) else {
            try? FileManager.default.removeItem(at: probe)
            undo()
            return nil
        }
        return undo
    }

    /// Makes `path` a device like `/dev/full` (every write fails with ENOSPC): as root a node of
    /// its own (`mknod c 1 7`), so that a writer that renamed over it would harm only the test's
    /// node; otherwise a symbolic link to `/dev/full`. False when neither can be made.
    static func makeDiskFull(at path: String) -> Bool {
        if isRoot { return tool("/usr/bin/mknod", ["-m", "666", path, "c", "1", "7"]) }
        return (try? FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/full")) != nil
    }

    /// Whether `path` is (or links to) a character device.
    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    /// The files under `folder` whose name is a writer's temporary file (`.NAME.tmp-…`).
    static func temporaryFiles(under folder: URL) -> [String] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return names.filter { ($0 as NSString).lastPathComponent.contains(".tmp-") }
    }

    /// Runs a system tool quietly; true when it exits 0.
    @discardableResult
    static func tool(_ path: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
