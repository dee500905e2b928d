import CCairo

/// Streams stickers onto A4 PDF pages, N-up with cut marks, QR modules as vectors.
///
/// Pages are written out as they fill, so memory stays flat however many stickers there are.
/// The PDF goes to a temporary file and is renamed into place by ``finish()``.
public final class SheetWriter {
    /// The grid the stickers are placed on.
    public let layout: SheetLayout
    private let fonts: StickerFonts
    private let document: PDFDocument
    private var count = 0

    /// Starts a PDF for `path` (written to a temporary file until ``finish()``) with `title` in its
    /// metadata; throws ``QRRenderError/cannotWrite(path:reason:)`` when the file cannot be made.
    public init(path: String, layout: SheetLayout, fonts: StickerFonts, title: String) throws(QRRenderError) {
        self.layout = layout
        self.fonts = fonts
        let points = 72 / 25.4
        self.document = try PDFDocument(
            path: path, width: SheetLayout.pageWidth * points, height: SheetLayout.pageHeight * points, title: title)
    }

    /// Places the sticker in the next cell and returns where it went.
    @discardableResult
    public func add(_ spec: StickerSpec, matrix: QRMatrix) -> SheetLayout.Slot {
        let slot = layout.slot(count)
        if count > 0, slot.row == 1, slot.column == 1 { document.showPage() }
        count += 1
        document.draw { cr in
            cairo_scale(cr, 72 / 25.4, 72 / 25.4)
            drawCutMarks(cr, slot)
            cairo_translate(cr, slot.x, slot.y)
            StickerPainter(fonts: fonts, layout: layout.sticker, inkAsAlpha: false)
                .paint(cr, spec: spec, matrix: matrix)
        }
        return slot
    }

    /// Pages used so far.
    public var pages: Int { count == 0 ? 0 : layout.slot(count - 1).page }

    /// Finishes the PDF and moves it into place; throws ``QRRenderError/writeFailed(path:reason:)``
    /// when its bytes cannot be written (a full disk), ``QRRenderError/cannotWrite(path:reason:)``
    /// when cairo or the file system fails otherwise, leaving whatever was at the path untouched.
    public func finish() throws(QRRenderError) {
        try document.finish()
    }

    private func drawCutMarks(_ cr: OpaquePointer, _ slot: SheetLayout.Slot) {
        for (x1, y1, x2, y2) in layout.cutMarks(for: slot) {
            cairo_move_to(cr, x1, y1)
            cairo_line_to(cr, x2, y2)
        }
        cairo_set_line_width(cr, 0.2)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_stroke(cr)
    }
}
