import Testing

@testable import QRRender

@Suite("QR rasterization")
struct QRRasterTests {
    /// The pixel at (x, y) of a rasterized image, 0 black or 255 white.
    func pixel(_ bytes: [UInt8], x: Int, y: Int, stride: Int, depth: QRImageOptions.Depth) -> UInt8 {
        switch depth {
        case .eightBit: return bytes[y * stride + x]
        case .oneBit: return (bytes[y * stride + x / 8] >> (7 - UInt8(x % 8))) & 1 == 1 ? 255 : 0
        }
    }

    @Test("modules map to square pixel blocks inside a white quiet zone", arguments: QRImageOptions.Depth.allCases)
    func layout(depth: QRImageOptions.Depth) throws {
        let matrix = try QRMatrix(encoding: "HELLO", level: .M)
        let options = QRImageOptions(modulePixels: 3, margin: 4, depth: depth)
        let side = QRRaster.side(for: matrix, options: options)
        #expect(side == (21 + 8) * 3)
        let stride = QRRaster.stride(side: side, depth: depth)
        var bytes = [UInt8](repeating: 0x55, count: stride * side)
        bytes.withUnsafeMutableBytes { QRRaster.fill($0, matrix: matrix, options: options) }
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / 3 - 4
                let my = y / 3 - 4
                let dark = (0..<21).contains(mx) && (0..<21).contains(my) && matrix.isDark(x: mx, y: my)
                #expect(pixel(bytes, x: x, y: y, stride: stride, depth: depth) == (dark ? 0 : 255), "pixel \(x),\(y)")
            }
        }
        // The finder pattern's corner module is dark.
        #expect(matrix.isDark(x: 0, y: 0))
    }
}

@Suite("QR vector blocks")
struct QRBlocksTests {
    @Test("rectangles cover exactly the dark modules, each once, in fewer pieces than runs")
    func exactCover() throws {
        for payload in ["HELLO", String(repeating: "0123456789ABCDEF", count: 20)] {
            let matrix = try QRMatrix(encoding: payload, level: .Q)
            var covered = [Int](repeating: 0, count: matrix.size * matrix.size)
            let blocks = QRBlocks.rectangles(matrix)
            for block in blocks {
                for y in block.y..<(block.y + block.height) {
                    for x in block.x..<(block.x + block.width) { covered[y * matrix.size + x] += 1 }
                }
            }
            #expect(covered == matrix.modules.map { $0 ? 1 : 0 })
            // The finder patterns' 7-module bars merge vertically, so there are fewer blocks than runs.
            #expect(blocks.contains { $0.height > 1 })
        }
    }
}
