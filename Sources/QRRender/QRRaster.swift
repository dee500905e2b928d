/// Pure rasterization of a ``QRMatrix`` into packed grayscale PNG rows.
///
/// Dark modules are black (0), light modules and the quiet zone white. Each module row is
/// rasterized once and the result copied to the other pixel rows of that module.
public enum QRRaster {
    /// Side of the square image in pixels.
    public static func side(for matrix: QRMatrix, options: QRImageOptions) -> Int {
        (matrix.size + 2 * options.margin) * options.modulePixels
    }

    /// Bytes per pixel row for the image side and depth.
    public static func stride(side: Int, depth: QRImageOptions.Depth) -> Int {
        depth == .oneBit ? (side + 7) / 8 : side
    }

    /// Fills `buffer` (at least `stride × side` bytes) with the image's rows.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer, matrix: QRMatrix, options: QRImageOptions) {
        let side = side(for: matrix, options: options)
        let stride = stride(side: side, depth: options.depth)
        let unit = options.modulePixels
        let quiet = options.margin * unit
        let bytes = buffer.bindMemory(to: UInt8.self)
        // Quiet zone rows above and below, and the white background of every row.
        let white: UInt8 = 0xFF
        bytes.baseAddress!.update(repeating: white, count: stride * side)
        matrix.modules.withUnsafeBufferPointer { modules in
            for moduleRow in 0..<matrix.size {
                let rowStart = (quiet + moduleRow * unit) * stride
                let row = bytes.baseAddress! + rowStart
                let rowModules = modules.baseAddress! + moduleRow * matrix.size
                switch options.depth {
                case .eightBit:
                    for column in 0..<matrix.size where rowModules[column] {
                        (row + quiet + column * unit).update(repeating: 0, count: unit)
                    }
                case .oneBit:
                    for column in 0..<matrix.size where rowModules[column] {
                        clearBits(row, from: quiet + column * unit, count: unit)
                    }
                }
                for copy in 1..<unit {
                    (row + copy * stride).update(from: row, count: stride)
                }
            }
        }
    }

    /// Sets `count` bits starting at bit `from` (MSB first) to 0, i.e. black pixels.
    private static func clearBits(_ row: UnsafeMutablePointer<UInt8>, from start: Int, count: Int) {
        var bit = start
        let end = start + count
        while bit < end {
            let byte = bit >> 3
            let offset = bit & 7
            if offset == 0 && end - bit >= 8 {
                row[byte] = 0
                bit += 8
                continue
            }
            let span = min(8 - offset, end - bit)
            let mask = UInt8(truncatingIfNeeded: ((1 << span) - 1) << (8 - offset - span))
            row[byte] &= ~mask
            bit += span
        }
    }
}
