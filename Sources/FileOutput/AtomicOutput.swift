#if canImport(Glibc)
    import Glibc
#endif

/// An output file written piece by piece into a temporary file beside it and renamed into place
/// by ``commit()`` (``AtomicFile``), so a reader never sees half a file; without `commit()` the
/// temporary file is removed when the output is released. A device or pipe (`/dev/null`) is
/// written in place (``AtomicFile/openTemporary(for:mode:)``).
public final class AtomicOutput {
    /// The file this output becomes.
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Creates the temporary file; throws when `path` is a folder (which ``commit()``'s rename
    /// would refuse, too late) or the folder does not take it.
    public init(path: String) throws(FileWriteError) {
        self.path = path
        (temporaryPath, descriptor) = try AtomicFile.openTemporary(for: path, mode: 0o644)
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
        try AtomicFile.writeAll(bytes, to: descriptor, path: path)
    }

    /// Closes the temporary file, so that every byte is written and an error the file system
    /// reports only at close is thrown here; ``commit()`` then only renames. A caller that must not
    /// commit something else (a transaction) unless this file is complete calls it first.
    public func finishWriting() throws(FileWriteError) {
        guard descriptor >= 0 else { return }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            throw FileWriteError(path: path, reason: AtomicFile.systemError(), stage: .write)
        }
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
