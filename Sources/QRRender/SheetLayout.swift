/// Pure geometry of an A4 print sheet of N-up stickers with cut marks, in millimetres.
///
/// The grid (columns × rows) is the one that holds `perPage` stickers at the largest scale,
/// never larger than the sticker's own size; the grid is centred on the page, with gaps
/// between cells for the cut marks.
public struct SheetLayout: Sendable, Equatable {
    /// The A4 page's width in millimetres.
    public static let pageWidth = 210.0
    /// The A4 page's height in millimetres.
    public static let pageHeight = 297.0
    /// Unprintable border kept clear on every side.
    public static let pageMargin = 8.0
    /// Space between cells, where the cut marks go.
    public static let gap = 6.0
    /// Cut mark length.
    public static let markLength = 3.0
    /// The cut marks' distance from the sticker's corner.
    public static let markOffset = 1.0

    /// Where one sticker goes: page, row and column from 1, and its top-left corner on the page.
    public struct Slot: Sendable, Equatable {
        public var page, row, column: Int
        public var x, y: Double
    }

    /// Stickers per page, 1…60.
    public let perPage: Int
    /// Cells across the page.
    public let columns: Int
    /// Cells down the page; the last one may be partly empty.
    public let rows: Int
    /// The layout of each sticker on the sheet (scaled to fit).
    public let sticker: StickerLayout
    private let originX: Double
    private let originY: Double

    /// The grid for `perPage` stickers designed `stickerWidth` mm wide.
    ///
    /// Throws ``QRRenderError/invalidOption(_:)`` when `perPage` is outside 1…60 or the
    /// stickers cannot fit on the page at any scale.
    public init(perPage: Int, stickerWidth: Double = StickerLayout.baseWidth) throws(QRRenderError) {
        guard (1...60).contains(perPage) else {
            throw .invalidOption("stickers per page must be 1…60, got \(perPage)")
        }
        let design = StickerLayout(width: stickerWidth)
        let usableWidth = Self.pageWidth - 2 * Self.pageMargin
        let usableHeight = Self.pageHeight - 2 * Self.pageMargin
        var best: (columns: Int, rows: Int, scale: Double)?
        for columns in 1...perPage {
            let rows = (perPage + columns - 1) / columns
            let fitWidth = (usableWidth - Double(columns - 1) * Self.gap) / (Double(columns) * design.width)
            let fitHeight = (usableHeight - Double(rows - 1) * Self.gap) / (Double(rows) * design.height)
            let scale = min(1, fitWidth, fitHeight)
            guard scale > 0 else { continue }
            if let current = best,
                scale < current.scale - 1e-9
                    || (abs(scale - current.scale) < 1e-9 && columns * rows >= current.columns * current.rows)
            {
                continue
            }
            best = (columns, rows, scale)
        }
        guard let best else { throw .invalidOption("\(perPage) stickers do not fit on an A4 page") }
        self.perPage = perPage
        self.columns = best.columns
        self.rows = best.rows
        self.sticker = StickerLayout(width: design.width * best.scale)
        let gridWidth = Double(columns) * sticker.width + Double(columns - 1) * Self.gap
        let gridHeight = Double(rows) * sticker.height + Double(rows - 1) * Self.gap
        self.originX = (Self.pageWidth - gridWidth) / 2
        self.originY = (Self.pageHeight - gridHeight) / 2
    }

    /// The place of the sticker numbered `index` from 0, filling rows left to right.
    public func slot(_ index: Int) -> Slot {
        let onPage = index % perPage
        let row = onPage / columns
        let column = onPage % columns
        return Slot(
            page: index / perPage + 1, row: row + 1, column: column + 1,
            x: originX + Double(column) * (sticker.width + Self.gap),
            y: originY + Double(row) * (sticker.height + Self.gap))
    }

    /// Cut mark segments (x1, y1, x2, y2) around a sticker at `slot`: two at each corner,
    /// pointing away from the sticker along its edges.
    public func cutMarks(for slot: Slot) -> [(Double, Double, Double, Double)] {
        let left = slot.x
        let right = slot.x + sticker.width
        let top = slot.y
        let bottom = slot.y + sticker.height
        let near = Self.markOffset
        let far = Self.markOffset + Self.markLength
        return [
            (left - far, top, left - near, top), (left, top - far, left, top - near),
            (right + near, top, right + far, top), (right, top - far, right, top - near),
            (left - far, bottom, left - near, bottom), (left, bottom + near, left, bottom + far),
            (right + near, bottom, right + far, bottom), (right, bottom + near, right, bottom + far),
        ]
    }
}
