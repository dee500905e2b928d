import Foundation
import Testing

@testable import BankSync

/// SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "Example Values", SHA256.pdf and SHA2_Additional).
@Suite struct SHA256Tests {
    @Test func nistOneBlockMessage() {
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func nistTwoBlockMessageOf448Bits() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(message.utf8.count * 8 == 448)
        #expect(
            SHA256.hex(of: Array(message.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func nistOneMillionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256.hex(hasher.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func emptyMessage() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func piecesOfAnySizeGiveTheSameDigest() {
        var generator = SystemRandomNumberGenerator()
        let message = (0..<5000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let whole = SHA256.hex(of: message)
        for pieceSize in [1, 3, 55, 56, 63, 64, 65, 127, 1000] {
            var hasher = SHA256()
            var offset = 0
            while offset < message.count {
                hasher.update(message[offset..<min(offset + pieceSize, message.count)])
                offset += pieceSize
            }
            #expect(SHA256.hex(hasher.finish()) == whole, "pieces of \(pieceSize)")
        }
    }

    @Test func aFileIsHashedAsItsBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        // > 1 MiB: several reads
        let bytes = Array(String(repeating: "merchant_id,status\n1,displayed\n", count: 70_000).utf8)
        try Data(bytes).write(to: url)
        #expect(try SHA256.hex(ofFileAt: url.path) == SHA256.hex(of: bytes))
        #expect(throws: SHA256FileError.self) { try SHA256.hex(ofFileAt: url.path + ".missing") }
    }
}
