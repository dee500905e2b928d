#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open file descriptor, closed when the last owner lets go of it.
final class FileDescriptor {
    private(set) var value: Int32?

    init(_ value: Int32) { self.value = value }

    func close() {
        if let value { _ = Glibc.close(value) }
        value = nil
    }

    deinit { close() }
}

/// The raw bytes of a file (or of an array), handed out in chunks. The first bytes can be peeked
/// once, for encoding and dialect detection, and are then handed out again like the rest.
struct ByteSource {
    private let path: String
    private let descriptor: FileDescriptor?
    private let memory: [UInt8]
    private var memoryOffset = 0
    private var replay: [UInt8] = []
    private var replayOffset = 0
    private var endOfInput = false
    /// The file's size in bytes (0 for a pipe).
    let totalBytes: Int
    /// Bytes handed out (or discarded) so far.
    private(set) var bytesRead = 0

    init(path: String) throws(DelimitedTextError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = Glibc.close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            _ = Glibc.close(fd)
            throw .cannotOpen(path: path, reason: "it is a folder")
        }
        self.path = path
        descriptor = FileDescriptor(fd)
        memory = []
        totalBytes = Int(status.st_size)
    }

    /// Standard input, through a descriptor of its own (closing the source leaves fd 0 open).
    init(standardInputNamed name: String) {
        path = name
        descriptor = FileDescriptor(dup(0))
        memory = []
        totalBytes = 0
    }

    init(bytes: [UInt8], name: String) {
        path = name
        descriptor = nil
        memory = bytes
        totalBytes = bytes.count
    }

    /// Up to `count` bytes from the start, kept to be handed out again by ``next(upTo:into:)``.
    /// Call once, before anything else. Fewer than `count` bytes means the whole input.
    mutating func peek(upTo count: Int) throws(DelimitedTextError) -> [UInt8] {
        var sample: [UInt8] = []
        var chunk: [UInt8] = []
        while sample.count < count, try readMore(upTo: count - sample.count, into: &chunk) {
            sample.append(contentsOf: chunk)
        }
        replay = sample
        return sample
    }

    /// Drops the first `count` bytes of the peeked sample (a byte-order mark).
    mutating func discard(_ count: Int) {
        replayOffset += min(count, replay.count - replayOffset)
        bytesRead += count
    }

    /// Replaces `buffer` with the next bytes (at most `count`); false at the end of the input.
    mutating func next(upTo count: Int, into buffer: inout [UInt8]) throws(DelimitedTextError) -> Bool {
        if replayOffset < replay.count {
            let end = min(replay.count, replayOffset + count)
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: replay[replayOffset..<end])
            bytesRead += end - replayOffset
            replayOffset = end
            if replayOffset == replay.count {
                replay = []
                replayOffset = 0
            }
            return true
        }
        guard try readMore(upTo: count, into: &buffer) else { return false }
        bytesRead += buffer.count
        return true
    }

    /// Closes the file; afterwards the source is at its end.
    mutating func close() {
        descriptor?.close()
        endOfInput = true
        replay = []
        replayOffset = 0
    }

    private mutating func readMore(upTo count: Int, into buffer: inout [UInt8]) throws(DelimitedTextError) -> Bool {
        guard !endOfInput else { return false }
        guard let descriptor else {
            let end = min(memory.count, memoryOffset + count)
            guard end > memoryOffset else {
                endOfInput = true
                return false
            }
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: memory[memoryOffset..<end])
            memoryOffset = end
            return true
        }
        guard let fd = descriptor.value else {
            endOfInput = true
            return false
        }
        var result = 0
        var failure: Int32 = 0
        buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            while true {
                let n = read(fd, raw.baseAddress, count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failure = errno }
                result = n
                initialized = max(n, 0)
                return
            }
        }
        if result < 0 { throw .readFailed(path: path, reason: String(cString: strerror(failure))) }
        if result == 0 {
            endOfInput = true
            return false
        }
        return true
    }
}
