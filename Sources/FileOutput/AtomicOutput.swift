#if canImport(Glibc)
    import Glibc
#endif

/// An output file written piece by piece into a temporary file beside it and renamed into place
/// by ``commit()`` (``AtomicFile``), so a reader never sees half a file; without `commit()` the
/// temporary file is removed when the output is released.
public final class AtomicOutput {
    /// The file this output becomes.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Creates the temporary file; throws when the folder does not take it, or when `path` is a
    /// folder (which ``commit()``'s rename would refuse, too late).
    public init(path: String) throws(FileWriteError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw FileWriteError(path: path, reason: "it is a folder")
        }
        temporaryPath = AtomicFile.temporaryPath(for: path)
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: AtomicFile.systemError()) }
    }

    /// Appends the text's UTF-8 bytes.
    public func write(_ text: String) throws(FileWriteError) {
        var text = text
        let result: Result<Void, FileWriteError> = text.withUTF8 { bytes in
            Result { () throws(FileWriteError) in try write(UnsafeRawBufferPointer(bytes)) }
        }
        try result.get()
    }

    /// Appends bytes as they are.
    public func write(bytes: [UInt8]) throws(FileWriteError) {
        let result: Result<Void, FileWriteError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(FileWriteError) in try write(buffer) }
        }
        try result.get()
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws(FileWriteError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, reason: AtomicFile.systemError())
            }
            offset += written
        }
    }

    /// Closes the temporary file, so that every byte is written and an error the file system
    /// reports only at close is thrown here; ``commit()`` then only renames. A caller that must not
    /// commit something else (a transaction) unless this file is complete calls it first.
    public func finishWriting() throws(FileWriteError) {
        guard descriptor >= 0 else { return }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw FileWriteError(path: path, reason: AtomicFile.systemError()) }
    }

    /// Closes the temporary file (``finishWriting()``) and renames it into place.
    public func commit() throws(FileWriteError) {
        try finishWriting()
        try AtomicFile.commit(temporaryPath, to: path)
        committed = true
    }

    /// Closes and removes the temporary file unless it was committed; idempotent. Release does
    /// the same, but a process that exits at once (or a thread still holding the output) may
    /// never get there: callers that end without committing say so.
    public func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if !committed { AtomicFile.discard(temporaryPath) }
        committed = true
    }

    deinit { discard() }
}
