#if canImport(Glibc)
    import Glibc
#endif

/// A file that could not be written: its path, the system's reason, and whether the file could
/// not be made (``Stage/create``) or its bytes could not be written (``Stage/write``).
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where writing failed.
    public enum Stage: Sendable, Equatable {
        /// The file (or its temporary sibling) could not be created or moved into place: a
        /// missing or read-only folder, a folder in the way (sysexits' "cannot create", 73).
        case create
        /// Writing its bytes failed: a full disk, an I/O error (sysexits' "I/O error", 74).
        case write
    }

    public let path: String
    public let reason: String
    public let stage: Stage

    public init(path: String, reason: String, stage: Stage = .create) {
        self.path = path
        self.reason = reason
        self.stage = stage
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a file so that readers see either the old file or the complete new one, never a
/// partial write: the bytes go to a temporary file beside the target, which is then renamed.
///
/// A target that is a character device or a named pipe (`/dev/null`, `/dev/full`, `/dev/stdout`
/// on a pipe) takes the bytes in place instead: renaming over it would put a regular file where
/// the device was. A folder, a block device or a socket is refused before anything is written.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary sibling and `rename(2)`.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileWriteError) {
        let (temporary, descriptor) = try openTemporary(for: path, mode: 0o644)
        do throws(FileWriteError) {
            try writeAll(bytes, to: descriptor, path: path)
        } catch {
            close(descriptor)
            discard(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = systemError()
            discard(temporary)
            throw FileWriteError(path: path, reason: reason, stage: .write)
        }
        try commit(temporary, to: path)
    }

    /// Writes a byte array atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileWriteError) {
        let result: Result<Void, FileWriteError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(FileWriteError) in try write(buffer, to: path) }
        }
        try result.get()
    }

    /// Opens the file a writer fills for `path`, write-only, and returns its path and descriptor:
    /// `path` itself when it is a character device or a named pipe, else a new temporary file
    /// beside it (``temporaryPath(for:)``, created with `mode` less the umask), after the
    /// temporary files that processes no longer running left for `path` are removed
    /// (``StaleTemporaries``). ``commit(_:to:)`` puts the file in place, ``discard(_:)`` removes it.
    ///
    /// Throws, before anything is created, when `path` is a folder, a block device or a socket,
    /// and when the folder does not take the temporary file.
    static func openTemporary(for path: String, mode: mode_t) throws(FileWriteError) -> (String, Int32) {
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFCHR, S_IFIFO:
                let descriptor = open(path, O_WRONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw FileWriteError(path: path, reason: systemError()) }
                return (path, descriptor)
            case S_IFDIR: throw FileWriteError(path: path, reason: "it is a folder")
            default: throw FileWriteError(path: path, reason: "it is not a regular file")
            }
        }
        StaleTemporaries.remove(besides: path)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: systemError()) }
        return (temporary, descriptor)
    }

    /// Creates the file for a writer that fills it by name (cairo, libxlsxwriter), as
    /// ``openTemporary(for:mode:)`` does (mode 0666 less the umask, like any new file), and
    /// returns its path.
    public static func createTemporary(for path: String) throws(FileWriteError) -> String {
        let (temporary, descriptor) = try openTemporary(for: path, mode: 0o666)
        close(descriptor)
        return temporary
    }

    /// A temporary name in the target's folder (so the rename stays on one file system),
    /// `.NAME.tmp-PID-RANDOM`: unique per process and call, and telling which process made it.
    static func temporaryPath(for path: String) -> String {
        let (folder, name) = split(path)
        return "\(folder).\(name).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// A path's folder (with its trailing `/`, empty for the current folder) and file name.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// Moves a finished temporary file into place, removing it if that fails; a device or pipe
    /// written in place stays where it is.
    public static func commit(_ temporary: String, to path: String) throws(FileWriteError) {
        guard temporary != path else { return }
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            discard(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// Removes a temporary file left by a failed write. Only a regular file is removed: a device
    /// or pipe written in place is never unlinked.
    public static func discard(_ temporary: String) {
        var info = stat()
        guard lstat(temporary, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        unlink(temporary)
    }

    /// Writes all of `bytes` to `descriptor`; a failure is a ``FileWriteError/Stage/write`` error of `path`.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, reason: systemError(), stage: .write)
            }
            offset += written
        }
    }

    /// The text of the last system error (`errno`).
    public static func systemError() -> String { String(cString: strerror(errno)) }
}
