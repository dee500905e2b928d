#if canImport(Glibc)
    import Glibc
#endif

/// A file that could not be written: its path and the system's reason.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a file so that readers see either the old file or the complete new one, never a
/// partial write: the bytes go to a temporary file beside the target, which is then renamed.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary sibling and `rename(2)`.
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileWriteError) {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileWriteError(path: path, reason: systemError()) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                let reason = systemError()
                close(fd)
                unlink(temporary)
                throw FileWriteError(path: path, reason: reason)
            }
            offset += written
        }
        guard close(fd) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
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

    /// A temporary name in the target's folder (so the rename stays on one file system),
    /// unique per process and call.
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// Creates an empty temporary file beside `path` (``temporaryPath(for:)``, mode 0666 less the
    /// umask, like any new file) for a writer that fills it by name, and returns its path; throws
    /// when the folder does not take it.
    public static func createTemporary(for path: String) throws(FileWriteError) -> String {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: systemError()) }
        close(descriptor)
        return temporary
    }

    /// Moves a finished temporary file into place, removing it if that fails.
    public static func commit(_ temporary: String, to path: String) throws(FileWriteError) {
        guard rename(temporary, path) == 0 else {
            let reason = systemError()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    /// Removes a temporary file left by a failed write.
    public static func discard(_ temporary: String) { unlink(temporary) }

    /// The text of the last system error (`errno`).
    public static func systemError() -> String { String(cString: strerror(errno)) }
}
