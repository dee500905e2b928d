/// Pure: the dark modules of a QR matrix as few rectangles, for compact vector output.
///
/// Each row's horizontal runs of dark modules are merged downwards with identical runs in
/// the rows below, so a PDF carries fewer path coordinates.
public enum QRBlocks {
    /// A rectangle of dark modules, in module units.
    public struct Block: Equatable, Sendable {
        public var x, y, width, height: Int
    }

    /// Rectangles that cover exactly the dark modules, without overlap.
    public static func rectangles(_ matrix: QRMatrix) -> [Block] {
        var blocks: [Block] = []
        // Runs still growing downwards, keyed by (start, end) column: index into `blocks`.
        var open: [Int: Int] = [:]
        matrix.modules.withUnsafeBufferPointer { modules in
            for y in 0..<matrix.size {
                var next: [Int: Int] = [:]
                var x = 0
                let row = y * matrix.size
                while x < matrix.size {
                    guard modules[row + x] else {
                        x += 1
                        continue
                    }
                    let start = x
                    while x < matrix.size, modules[row + x] { x += 1 }
                    let key = start << 8 | x
                    if let index = open[key] {
                        blocks[index].height += 1
                        next[key] = index
                    } else {
                        next[key] = blocks.count
                        blocks.append(Block(x: start, y: y, width: x - start, height: 1))
                    }
                }
                open = next
            }
        }
        return blocks
    }
}
