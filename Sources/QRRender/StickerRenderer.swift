import CCairo

/// Renders single stickers to PNG (a grayscale raster at a print resolution) or PDF (vector).
///
/// Keeps its raster surface, pixel buffer and PNG encoder between stickers; not thread-safe,
/// so give each thread its own renderer.
public final class StickerRenderer {
    public let fonts: StickerFonts
    /// The sticker's geometry, which sets the raster's size with ``dpi``.
    public let layout: StickerLayout
    /// Raster resolution for PNG output.
    public let dpi: Int
    /// Error-correction level of the QR code.
    public let level: ECLevel
    /// zlib level 3: sticker rasters are large and made in batches, so a fast level pays more
    /// than the bytes a higher one would save.
    private let encoder: PNGEncoder = {
        let encoder = PNGEncoder()
        encoder.compressionLevel = 3
        return encoder
    }()
    private var surface: OpaquePointer?
    private var gray: [UInt8] = []

    /// A renderer for stickers of `layout` at `dpi`; throws ``QRRenderError/invalidOption(_:)``
    /// when `dpi` is outside 72…1200.
    public init(
        fonts: StickerFonts, layout: StickerLayout = StickerLayout(), dpi: Int = 300, level: ECLevel = .M
    ) throws(QRRenderError) {
        guard (72...1200).contains(dpi) else {
            throw .invalidOption("sticker dpi must be 72…1200, got \(dpi)")
        }
        self.fonts = fonts
        self.layout = layout
        self.dpi = dpi
        self.level = level
    }

    deinit { if let surface { cairo_surface_destroy(surface) } }

    /// The sticker's QR matrix, checked to print at least 40 mm wide.
    ///
    /// Throws ``QRRenderError/invalidPayload(_:)`` naming the merchant when the BIN or account
    /// makes no VietQR payload, what ``QRMatrix`` throws, or what
    /// ``StickerLayout/checkSymbolWidth(modules:)`` throws when the code would print too small.
    public func matrix(for spec: StickerSpec) throws(QRRenderError) -> QRMatrix {
        let payload: String
        do {
            payload = try spec.payload()
        } catch {
            throw .invalidPayload("merchant \(spec.merchantID): \(error)")
        }
        let matrix = try QRMatrix(encoding: payload, level: level)
        try layout.checkSymbolWidth(modules: matrix.size)
        return matrix
    }

    /// Pixel size of the raster: the layout's millimetres at ``dpi``, rounded.
    public var pixelSize: (width: Int, height: Int) {
        (Int((layout.width * Double(dpi) / 25.4).rounded()), Int((layout.height * Double(dpi) / 25.4).rounded()))
    }

    /// Rasterizes the sticker and passes the PNG bytes to `body` (valid only during the call).
    ///
    /// Returns what `body` returns. Throws as ``matrix(for:)`` does,
    /// ``QRRenderError/cairoFailed(_:)`` or ``QRRenderError/pngFailed(_:)`` when drawing or
    /// encoding fails, or what `body` throws.
    public func withPNG<Result>(
        for spec: StickerSpec, _ body: (UnsafeRawBufferPointer) throws(QRRenderError) -> Result
    ) throws(QRRenderError) -> Result {
        let matrix = try matrix(for: spec)
        let (width, height) = pixelSize
        if surface == nil {
            surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(width), Int32(height))
            gray = [UInt8](repeating: 0, count: width * height)
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw .cairoFailed("cannot create a \(width)×\(height) raster")
        }
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR)
        cairo_paint(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER)
        cairo_scale(cr, Double(dpi) / 25.4, Double(dpi) / 25.4)
        StickerPainter(fonts: fonts, layout: layout, inkAsAlpha: true).paint(cr, spec: spec, matrix: matrix)
        cairo_surface_flush(surface)
        guard cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            throw .cairoFailed(String(cString: cairo_status_to_string(cairo_status(cr))))
        }
        // Ink (alpha) becomes 4-bit gray, two pixels a byte: no ink is white paper. Sixteen
        // levels keep antialiased text smooth at half the bytes zlib must compress.
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let packedStride = (width + 1) / 2
        gray.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let source = data + y * stride
                let target = out.baseAddress! + y * packedStride
                for x in 0..<width / 2 {
                    target[x] = (~source[2 * x] & 0xF0) | (~source[2 * x + 1] >> 4)
                }
                if width % 2 == 1 { target[width / 2] = ~source[width - 1] & 0xF0 }
            }
        }
        let ppm = UInt32((Double(dpi) / 0.0254).rounded())
        let encoded: Swift.Result<Result, QRRenderError> = gray.withUnsafeBytes { pixels in
            Swift.Result { () throws(QRRenderError) in
                try encoder.encodeGray(
                    pixels: pixels, stride: packedStride, width: width, height: height, bitDepth: 4,
                    pixelsPerMetre: ppm, body)
            }
        }
        return try encoded.get()
    }

    /// Writes the sticker as PNG or PDF, chosen by the path's extension, atomically.
    ///
    /// Throws as ``withPNG(for:_:)`` or ``writePDF(_:to:)`` does, and
    /// ``QRRenderError/cannotWrite(path:reason:)`` or ``QRRenderError/writeFailed(path:reason:)``
    /// when the file cannot be made or written.
    public func write(_ spec: StickerSpec, to path: String) throws(QRRenderError) {
        if path.lowercased().hasSuffix(".pdf") {
            try writePDF(spec, to: path)
        } else {
            try withPNG(for: spec) { (bytes) throws(QRRenderError) in try RenderedFile.write(bytes, to: path) }
        }
    }

    /// Writes a one-page PDF the size of the sticker, QR modules as vector rectangles, atomically.
    ///
    /// Throws as ``matrix(for:)`` does, or ``QRRenderError/cannotWrite(path:reason:)`` /
    /// ``QRRenderError/writeFailed(path:reason:)``.
    public func writePDF(_ spec: StickerSpec, to path: String) throws(QRRenderError) {
        let matrix = try matrix(for: spec)
        let points = 72 / 25.4
        let document = try PDFDocument(
            path: path, width: layout.width * points, height: layout.height * points,
            title: "Sticker \(spec.merchantID)")
        document.draw { cr in
            cairo_scale(cr, points, points)
            StickerPainter(fonts: fonts, layout: layout, inkAsAlpha: false).paint(cr, spec: spec, matrix: matrix)
        }
        try document.finish()
    }
}

/// A cairo PDF written to a temporary file and renamed into place when finished.
final class PDFDocument {
    let path: String
    let temporary: String
    let surface: OpaquePointer
    let cr: OpaquePointer
    private var finished = false

    init(path: String, width: Double, height: Double, title: String) throws(QRRenderError) {
        self.path = path
        self.temporary = try RenderedFile.createTemporary(for: path)
        let surface = cairo_pdf_surface_create(temporary, width, height)!
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            RenderedFile.discard(temporary)
            throw .cannotWrite(
                path: path,
                reason: reason == "error while writing to output stream"
                    ? "cannot create the file (missing folder or no permission)" : reason)
        }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "qrcov")
        self.surface = surface
        self.cr = cairo_create(surface)!
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
        if !finished { RenderedFile.discard(temporary) }
    }

    /// Draws on the current page with the transform reset to points afterwards.
    func draw(_ body: (OpaquePointer) -> Void) {
        cairo_save(cr)
        body(cr)
        cairo_restore(cr)
    }

    /// Ends the current page.
    func showPage() { cairo_show_page(cr) }

    /// Finishes the PDF and moves it into place; on failure nothing is left behind.
    func finish() throws(QRRenderError) {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, cairo_status(cr) == CAIRO_STATUS_SUCCESS else {
            RenderedFile.discard(temporary)
            finished = true
            let reason = String(cString: cairo_status_to_string(status))
            throw status == CAIRO_STATUS_WRITE_ERROR
                ? .writeFailed(path: path, reason: reason) : .cannotWrite(path: path, reason: reason)
        }
        finished = true
        try RenderedFile.commit(temporary, to: path)
    }
}
