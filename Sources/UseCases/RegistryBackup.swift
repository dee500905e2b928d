import FileOutput
import Store

/// Backups of a registry as files: the copy is put in place atomically.
public enum RegistryBackup {
    /// Writes a consistent copy of `registry` (``Store/RegistryStore/backup(to:)``) into a
    /// temporary file beside `path` and renames it into place, and returns what it holds. A reader
    /// of `path` sees the earlier file or the whole copy, never a partial one; on an error the
    /// temporary file is removed and `path` is left as it was.
    public static func write(_ registry: any RegistryStore, to path: String) throws -> RegistryContents {
        let temporary = try AtomicFile.createTemporary(for: path)
        do {
            let contents = try registry.backup(to: temporary)
            try AtomicFile.commit(temporary, to: path)
            return contents
        } catch {
            AtomicFile.discard(temporary)
            throw error
        }
    }
}
