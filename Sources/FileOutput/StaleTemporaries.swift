import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Temporary files that writers left behind when they were killed before their rename (`kill -9`,
/// a crash, a power cut): `.NAME.tmp-PID-RANDOM` (``AtomicFile/temporaryPath(for:)``) whose
/// process no longer runs (`kill(PID, 0)` fails with `ESRCH`). The next write to the same target
/// removes them.
///
/// Only regular files whose name has exactly that form for that target are removed; a file of a
/// running process (this one included), of another target, or of any other name is left alone.
/// A process in another PID namespace (a container sharing the folder) counts as gone.
///
/// Each folder is read once per process: a sticker run writes thousands of files into one
/// folder, and its temporary files are its own, never stale.
enum StaleTemporaries {
    /// The stale temporary files found so far, by folder, then by the name of their target.
    private static let found = Mutex<[String: [String: [String]]]>([:])

    /// Removes the stale temporary files of `path` (a target, not a temporary file).
    static func remove(besides path: String) {
        let (folder, name) = AtomicFile.split(path)
        let stale: [String] = found.withLock { found in
            if found[folder] == nil { found[folder] = scan(folder) }
            return found[folder]?.removeValue(forKey: name) ?? []
        }
        for temporary in stale { unlink(folder + temporary) }
    }

    /// The stale temporary files in `folder` (empty: the current folder), by target name.
    private static func scan(_ folder: String) -> [String: [String]] {
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return [:] }
        defer { closedir(directory) }
        var stale: [String: [String]] = [:]
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let (target, pid) = parse(name), !isRunning(pid) else { continue }
            var info = stat()
            guard lstat(folder + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            stale[target, default: []].append(name)
        }
        return stale
    }

    /// The target's name and the process id in a temporary file's name, `.NAME.tmp-PID-RANDOM`
    /// (PID decimal, RANDOM base-36 digits); nil for any other name.
    private static func parse(_ entry: String) -> (target: String, pid: pid_t)? {
        // PID and RANDOM hold no dot: the last dot starts `.tmp-PID-RANDOM`.
        guard entry.hasPrefix("."), let dot = entry.lastIndex(of: "."), dot > entry.index(after: entry.startIndex)
        else { return nil }
        let tail = entry[entry.index(after: dot)...]
        guard tail.hasPrefix("tmp-") else { return nil }
        let parts = tail.dropFirst(4).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].allSatisfy(\.isASCIIDigit), let pid = pid_t(parts[0]), pid > 0,
            !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) })
        else { return nil }
        return (String(entry[entry.index(after: entry.startIndex)..<dot]), pid)
    }

    /// Whether a process with that id runs (one of another user counts: `EPERM`).
    private static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
