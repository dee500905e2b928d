import CCairo
import VietQR

/// Draws one sticker with cairo, in millimetres from the sticker's top-left corner, onto
/// whatever surface the context targets (a PDF page, a sheet cell, a raster image).
struct StickerPainter {
    let fonts: StickerFonts
    let layout: StickerLayout
    /// Raster targets are A8 "ink" masks: ink is alpha. Vector targets get gray levels.
    let inkAsAlpha: Bool

    /// Paints `spec` with its encoded `matrix`; the caller sets the transform to millimetres.
    func paint(_ cr: OpaquePointer, spec: StickerSpec, matrix: QRMatrix) {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)

        drawBorder(cr)
        drawText(cr, "QUÉT MÃ ĐỂ THANH TOÁN", style: layout.caption)
        drawQR(cr, matrix)
        drawText(cr, spec.shopName, style: layout.shopName)
        drawText(cr, "\(spec.bankName) · \(StickerText.groupedAccount(spec.account))", style: layout.bankAccount)
        if !spec.holder.isEmpty { drawText(cr, "Chủ TK: \(spec.holder)", style: layout.holder) }
        if !spec.commune.isEmpty { drawText(cr, spec.commune, style: layout.commune) }
        if !spec.merchantID.isEmpty { drawText(cr, "Mã: \(spec.merchantID)", style: layout.merchantID) }
    }

    private func setInk(_ cr: OpaquePointer, _ amount: Double) {
        if inkAsAlpha {
            cairo_set_source_rgba(cr, 0, 0, 0, amount)
        } else {
            cairo_set_source_rgb(cr, 1 - amount, 1 - amount, 1 - amount)
        }
    }

    private func drawBorder(_ cr: OpaquePointer) {
        let b = layout.border
        let r = layout.borderRadius
        cairo_new_sub_path(cr)
        cairo_arc(cr, b.x + b.width - r, b.y + r, r, -.pi / 2, 0)
        cairo_arc(cr, b.x + b.width - r, b.y + b.height - r, r, 0, .pi / 2)
        cairo_arc(cr, b.x + r, b.y + b.height - r, r, .pi / 2, .pi)
        cairo_arc(cr, b.x + r, b.y + r, r, .pi, 3 * .pi / 2)
        cairo_close_path(cr)
        cairo_set_line_width(cr, 0.25 * layout.scale)
        setInk(cr, 0.35)
        cairo_stroke(cr)
    }

    /// Dark modules as one path of rectangles: vector in PDF, pixel-exact in rasters.
    private func drawQR(_ cr: OpaquePointer, _ matrix: QRMatrix) {
        let m = layout.module(forSymbolOf: matrix.size)
        let x0 = layout.qrBox.x + 4 * m
        let y0 = layout.qrBox.y + 4 * m
        cairo_save(cr)
        if inkAsAlpha { cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE) }
        for block in QRBlocks.rectangles(matrix) {
            cairo_rectangle(
                cr, x0 + Double(block.x) * m, y0 + Double(block.y) * m,
                Double(block.width) * m, Double(block.height) * m)
        }
        setInk(cr, 1)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// Fits and draws text centred in its box.
    private func drawText(_ cr: OpaquePointer, _ text: String, style: StickerLayout.TextStyle) {
        let text = VietnameseText.normalized(text)
        cairo_set_font_face(cr, style.bold ? fonts.bold : fonts.regular)
        let fit = StickerText.fit(
            text, width: style.box.width, maxLines: style.maxLines, size: style.size, minimumSize: style.minimumSize,
            measure: { advance(cr, $0) })
        guard !fit.lines.isEmpty else { return }
        cairo_set_font_size(cr, fit.size)
        var extents = cairo_font_extents_t()
        cairo_font_extents(cr, &extents)
        let block = Double(fit.lines.count) * extents.height
        let top = style.box.y + max(0, (style.box.height - block) / 2)
        setInk(cr, style.ink)
        for (index, line) in fit.lines.enumerated() {
            let width = advance(cr, line) * fit.size
            cairo_move_to(
                cr, style.box.x + (style.box.width - width) / 2,
                top + Double(index) * extents.height + extents.ascent)
            cairo_show_text(cr, line)
        }
    }

    /// The advance width of `text` at font size 1 (measured at 10 for precision).
    private func advance(_ cr: OpaquePointer, _ text: String) -> Double {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_set_font_size(cr, 10)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, text, &extents)
        return extents.x_advance / 10
    }
}
