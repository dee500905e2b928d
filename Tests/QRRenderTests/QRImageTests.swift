import Foundation
import Testing
import VietQR

@testable import QRRender

@Suite("Bare QR images")
struct QRImageTests {
    static let shopPayload: String = {
        // A real static payload for a shop account, built by the VietQR module.
        (try? VietQRPayload(bin: "970436", account: "0011004299999").encoded()) ?? ""
    }()

    /// Payloads from short to the longest each level holds.
    static func payloads(for level: ECLevel) -> [String] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let longest = String((0..<level.maximumBytes).map { alphabet[($0 * 7) % alphabet.count] })
        return ["A", shopPayload, String(longest.prefix(300)), longest]
    }

    @Test("every EC level and length decodes to exactly the payload", arguments: ECLevel.allCases)
    func decodesAtEveryLevel(level: ECLevel) throws {
        for payload in Self.payloads(for: level) {
            // Large symbols at 3 px per module keep the test images small; zbar still reads them.
            let pixels = payload.utf8.count > 1000 ? 3 : 10
            let renderer = try QRImageRenderer(options: QRImageOptions(modulePixels: pixels, level: level))
            let path = try Zbar.temporaryFile(try renderer.png(for: payload))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try Zbar.decode(path) == [payload], "level \(level), \(payload.utf8.count) bytes")
        }
    }

    @Test("UTF-8 text survives 8-bit mode", arguments: QRImageOptions.Depth.allCases)
    func vietnameseText(depth: QRImageOptions.Depth) throws {
        let text = "Tạp hóa Bà Hằng – QUÉT MÃ ĐỂ THANH TOÁN"
        let renderer = try QRImageRenderer(options: QRImageOptions(depth: depth))
        let path = try Zbar.temporaryFile(try renderer.png(for: text))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try Zbar.decode(path) == [text])
    }

    @Test("a payload over the level's capacity is refused with the limit")
    func tooLong() throws {
        let payload = String(repeating: "9", count: ECLevel.H.maximumBytes + 1)
        #expect(throws: QRRenderError.payloadTooLong(bytes: 1274, level: .H, maximum: 1273)) {
            try QRMatrix(encoding: payload, level: .H)
        }
        // The same text fits at L.
        let atL = try QRMatrix(encoding: payload, level: .L)
        #expect(atL.size == 4 * atL.version + 17)
    }

    @Test("the version grows with the payload and the level")
    func versions() throws {
        let short = try QRMatrix(encoding: "HELLO", level: .L)
        #expect(short.version == 1 && short.size == 21)
        let shop = try QRMatrix(encoding: Self.shopPayload, level: .M)
        let shopH = try QRMatrix(encoding: Self.shopPayload, level: .H)
        #expect(shopH.version > shop.version)
        let full = try QRMatrix(encoding: String(repeating: "x", count: ECLevel.M.maximumBytes), level: .M)
        #expect(full.version == 40 && full.size == 177)
    }

    @Test("PNG header: size, depth, and pHYs so it prints at the asked size")
    func header() throws {
        for depth in QRImageOptions.Depth.allCases {
            let options = QRImageOptions(modulePixels: 8, margin: 4, dpi: 600, depth: depth, level: .M)
            let matrix = try QRMatrix(encoding: Self.shopPayload, level: .M)
            let png = try QRImageRenderer(options: options).withPNG(for: matrix) { Array($0) }
            let ihdr = try #require(PNGChunks.chunk("IHDR", in: png))
            let side = UInt32((matrix.size + 8) * 8)
            #expect(PNGChunks.uint32(ihdr, at: 0) == side && PNGChunks.uint32(ihdr, at: 4) == side)
            #expect(Int(ihdr[8]) == depth.rawValue && ihdr[9] == 0)  // bit depth, colour type grey
            let phys = try #require(PNGChunks.chunk("pHYs", in: png))
            #expect(PNGChunks.uint32(phys, at: 0) == 23622 && PNGChunks.uint32(phys, at: 4) == 23622 && phys[8] == 1)
        }
    }

    @Test("a quiet zone under 4 modules needs force; bad sizes are refused")
    func options() throws {
        #expect(throws: QRRenderError.marginTooSmall(2)) { try QRImageRenderer(options: QRImageOptions(margin: 2)) }
        _ = try QRImageRenderer(options: QRImageOptions(margin: 2), allowingSmallMargin: true)
        #expect(throws: QRRenderError.self) { try QRImageRenderer(options: QRImageOptions(modulePixels: 0)) }
        #expect(throws: QRRenderError.self) { try QRImageRenderer(options: QRImageOptions(dpi: 0)) }
    }

    @Test("an unwritable path fails with the path and leaves no file")
    func unwritable() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let renderer = try QRImageRenderer(options: QRImageOptions())
        let target = folder + "/missing/qr.png"
        #expect(throws: QRRenderError.cannotWrite(path: target, reason: "No such file or directory")) {
            try renderer.writePNG(for: Self.shopPayload, to: target)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // A read-only folder: nothing, not even a temporary file, is left behind.
        let locked = folder + "/locked"
        try FileManager.default.createDirectory(
            atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        if getuid() != 0 {
            #expect(throws: QRRenderError.self) { try renderer.writePNG(for: Self.shopPayload, to: locked + "/qr.png") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: locked).isEmpty)
        }
    }

    @Test("a failed payload leaves the previous file intact")
    func atomicReplace() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let renderer = try QRImageRenderer(options: QRImageOptions(level: .H))
        let path = folder + "/qr.png"
        try renderer.writePNG(for: Self.shopPayload, to: path)
        #expect(throws: QRRenderError.self) {
            try renderer.writePNG(for: String(repeating: "x", count: 2000), to: path)
        }
        #expect(try Zbar.decode(path) == [Self.shopPayload])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["qr.png"])
    }

    @Test("the parallel batch writes every payload to its own file")
    func batch() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let payloads =
            try (0..<40).map { try VietQRPayload(bin: "970415", account: String(100_000_000 + $0 * 7919)).encoded() }
            + [String(repeating: "x", count: 2400)]
        let paths = payloads.indices.map { "\(folder)/\($0).png" }
        let failures = try QRImageBatch.render(payloads: payloads, to: paths, options: QRImageOptions(), workers: 2)
        #expect(failures.map(\.index) == [40])
        #expect(failures.first?.error == .payloadTooLong(bytes: 2400, level: .M, maximum: 2331))
        for index in [0, 13, 39] { #expect(try Zbar.decode(paths[index]) == [payloads[index]]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 40)
    }
}
