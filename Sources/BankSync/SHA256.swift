import CCrypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-256 (FIPS 180-4), streaming: feed bytes in pieces of any size with ``update(_:)``, then
/// read ``finish()``. The import ledger keys each bank file by the SHA-256 of its bytes.
///
/// A thin wrapper over OpenSSL's libcrypto (`EVP_sha256`), which uses the processor's SHA
/// instructions where it has them, so hashing a large file costs the second core little while
/// the registry loads.
public struct SHA256: Sendable {
    private var context: Context

    public init() {
        context = Context()
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        Self.check(EVP_DigestUpdate(context.handle, bytes.baseAddress, bytes.count), "EVP_DigestUpdate")
    }

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest of the bytes added so far. The hasher should not be used afterwards.
    public mutating func finish() -> [UInt8] {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        Self.check(EVP_DigestFinal_ex(context.handle, &digest, &length), "EVP_DigestFinal_ex")
        return Array(digest.prefix(Int(length)))
    }

    /// libcrypto fails these calls only when it cannot allocate memory or is misused.
    private static func check(_ result: Int32, _ call: String) {
        precondition(result == 1, "\(call) failed")
    }

    /// An `EVP_MD_CTX` set up for SHA-256, freed with its owner (copied before a change when shared).
    private final class Context: @unchecked Sendable {
        let handle: OpaquePointer

        init() {
            guard let handle = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
            self.handle = handle
            SHA256.check(EVP_DigestInit_ex(handle, EVP_sha256(), nil), "EVP_DigestInit_ex")
        }

        private init(copying other: Context) {
            guard let handle = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
            self.handle = handle
            SHA256.check(EVP_MD_CTX_copy_ex(handle, other.handle), "EVP_MD_CTX_copy_ex")
        }

        func copy() -> Context { Context(copying: self) }

        deinit { EVP_MD_CTX_free(handle) }
    }

    /// The digest of `bytes` as 64 lower-case hexadecimal digits.
    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hex(hasher.finish())
    }

    /// A digest as lower-case hexadecimal.
    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of a file's bytes as lower-case hexadecimal, read in 1 MiB pieces.
    /// Throws the `errno` description when the file cannot be opened or read.
    public static func hex(ofFileAt path: String) throws(SHA256FileError) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SHA256FileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var hasher = SHA256()
        let capacity = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, capacity)
            if count < 0 {
                if errno == EINTR { continue }
                throw SHA256FileError(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hex(hasher.finish())
    }
}

/// A file whose SHA-256 could not be computed: it could not be opened or read.
public struct SHA256FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot read: \(reason)" }
}
