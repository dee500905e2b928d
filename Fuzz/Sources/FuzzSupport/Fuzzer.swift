import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#endif

/// Runs libFuzzer over one target. Each fuzz target's `main.swift` calls ``run(_:)`` with its test
/// of one input: the target must not crash, trap or leak, and it traps (`fatalError`) when an
/// invariant it checks is broken, which libFuzzer then reports and saves as a crash.
public enum Fuzzer {
    /// The target's test, called by libFuzzer on its one thread.
    nonisolated(unsafe) private static var test: ((UnsafeBufferPointer<UInt8>) -> Void)?

    /// Hands the process's arguments (libFuzzer's flags and corpus folders) to libFuzzer and runs
    /// `test` on every input it makes; exits with libFuzzer's status.
    public static func run(_ test: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
        Self.test = test
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            Fuzzer.test?(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
    }
}

/// Reads an input from the front: option bytes first (0 when the input is too short), then the rest.
public struct FuzzInput {
    private var bytes: UnsafeBufferPointer<UInt8>.SubSequence

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes[...] }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard let first = bytes.first else { return 0 }
        bytes = bytes.dropFirst()
        return first
    }

    /// The bytes not read yet.
    public var rest: [UInt8] { Array(bytes) }
}

/// A file in memory (`memfd_create`), for entry points that take a path: its contents are
/// replaced for each input, and every open of ``path`` reads them from the start.
public final class MemoryFile {
    /// A path that opens the file (`/proc/self/fd/N`).
    public let path: String
    private let descriptor: Int32

    public init(name: String) {
        descriptor = qrcov_memfd_create(name)
        guard descriptor >= 0 else { fatalError("memfd_create failed: \(String(cString: strerror(errno)))") }
        path = "/proc/self/fd/\(descriptor)"
    }

    /// Makes `bytes` the whole file.
    public func replaceContents(with bytes: [UInt8]) {
        guard ftruncate(descriptor, 0) == 0 else { fatalError("ftruncate failed: \(String(cString: strerror(errno)))") }
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = pwrite(descriptor, raw.baseAddress! + written, raw.count - written, off_t(written))
                guard n > 0 else { fatalError("pwrite failed: \(String(cString: strerror(errno)))") }
                written += n
            }
        }
    }

    deinit { close(descriptor) }
}
