import FileOutput

/// ``FileOutput/AtomicFile`` as the render engine uses it: its errors as
/// ``QRRenderError/cannotWrite(path:reason:)`` or ``QRRenderError/writeFailed(path:reason:)`` (the
/// engine's functions throw one error type).
enum RenderedFile {
    /// Writes bytes atomically (``FileOutput/AtomicFile/write(_:to:)-(UnsafeRawBufferPointer,_)``).
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(QRRenderError) {
        do throws(FileWriteError) { try AtomicFile.write(bytes, to: path) } catch {
            throw QRRenderError(error)
        }
    }

    /// Writes a byte array atomically.
    static func write(_ bytes: [UInt8], to path: String) throws(QRRenderError) {
        do throws(FileWriteError) { try AtomicFile.write(bytes, to: path) } catch {
            throw QRRenderError(error)
        }
    }

    /// Moves a finished temporary file into place (``FileOutput/AtomicFile/commit(_:to:)``).
    static func commit(_ temporary: String, to path: String) throws(QRRenderError) {
        do throws(FileWriteError) { try AtomicFile.commit(temporary, to: path) } catch {
            throw QRRenderError(error)
        }
    }

    /// Creates the file cairo fills by name for `path` (``FileOutput/AtomicFile/createTemporary(for:)``):
    /// a temporary file beside it, or a device such as `/dev/full` itself.
    static func createTemporary(for path: String) throws(QRRenderError) -> String {
        do throws(FileWriteError) { return try AtomicFile.createTemporary(for: path) } catch {
            throw QRRenderError(error)
        }
    }

    /// Removes a temporary file left by a failed write.
    static func discard(_ temporary: String) { AtomicFile.discard(temporary) }
}

extension QRRenderError {
    /// A failed write as the render engine reports it.
    init(_ error: FileWriteError) {
        switch error.stage {
        case .create: self = .cannotWrite(path: error.path, reason: error.reason)
        case .write: self = .writeFailed(path: error.path, reason: error.reason)
        }
    }
}
