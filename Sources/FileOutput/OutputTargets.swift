#if canImport(Glibc)
    import Glibc
#endif

/// An output path that would overwrite something the command must not touch.
public enum OutputTargetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The output is the registry, or its `-wal` / `-shm` file.
    case registry(output: String, registry: String)
    /// The output is one of the command's input files.
    case input(output: String, input: String)
    /// Two outputs of the command are the same file.
    case twice(output: String, other: String)

    public var description: String {
        switch self {
        case .registry(let output, let registry):
            "refusing to write \(output): it is the registry \(registry) (or its journal); choose another file"
        case .input(let output, let input):
            "refusing to write \(output): it is the input \(input); choose another file"
        case .twice(let output, let other):
            "refusing to write \(output) and \(other): they are the same file; choose two files"
        }
    }
}

/// Checks a command's output paths before anything is written: none may be the registry (or its
/// `-wal` / `-shm` file, present or not), an input of the command, or another of its outputs. Files are compared
/// by device and inode, so a second name (`./r.sqlite`, a hard or symbolic link) is caught too; a
/// file that does not exist yet is compared by its folder's device and inode and its name.
public struct OutputTargets: Sendable {
    private let registry: String?
    private let inputs: [String]

    /// The files to protect: the registry the command opens (nil: none) and its inputs.
    public init(registry: String?, inputs: [String]) {
        self.registry = registry
        self.inputs = inputs
    }

    /// Throws ``OutputTargetError`` for the first output that would overwrite a protected file
    /// or another output; nil outputs are skipped.
    public func check(_ outputs: [String?]) throws(OutputTargetError) {
        let outputs = outputs.compactMap { $0 }
        var seen: [(FileIdentity, String)] = []
        for output in outputs {
            guard let target = FileIdentity(path: output) else { continue }
            // The journal files count whether they exist or not: they exist only while the
            // registry is open, and one created by an output would be taken for the registry's.
            if let registry {
                for path in [registry, registry + "-wal", registry + "-shm"] where FileIdentity(path: path) == target {
                    throw .registry(output: output, registry: registry)
                }
            }
            for input in inputs where FileIdentity(existing: input) == target {
                throw .input(output: output, input: input)
            }
            if let other = seen.first(where: { $0.0 == target }) { throw .twice(output: output, other: other.1) }
            seen.append((target, output))
        }
    }
}

/// What names a file on disk: its device and inode when it exists (symbolic links followed), else
/// its folder's device and inode and its name.
struct FileIdentity: Equatable {
    private let device: UInt64
    private let inode: UInt64
    private let name: String?

    /// The identity of a file that exists; nil otherwise.
    init?(existing path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        (device, inode, name) = (UInt64(info.st_dev), UInt64(info.st_ino), nil)
    }

    /// Nil when neither the file nor its folder can be examined (the write fails later, clearly).
    init?(path: String) {
        if let existing = FileIdentity(existing: path) {
            self = existing
            return
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        guard let inFolder = FileIdentity(existing: folder) else { return nil }
        (device, inode) = (inFolder.device, inFolder.inode)
        name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    }
}
