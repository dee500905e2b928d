/// Renders bare QR codes to PNG, reusing its pixel buffer and PNG encoder between images.
///
/// Not thread-safe: give each thread its own renderer (``QRImageBatch`` does).
public final class QRImageRenderer {
    /// The options every image is made with, checked by ``init(options:allowingSmallMargin:)``.
    public let options: QRImageOptions
    private let encoder = PNGEncoder()
    private var pixels: UnsafeMutableRawBufferPointer = .init(start: nil, count: 0)

    /// A renderer for these options; throws as ``QRImageOptions/validate(allowingSmallMargin:)``
    /// does when they are out of range.
    public init(options: QRImageOptions, allowingSmallMargin: Bool = false) throws(QRRenderError) {
        try options.validate(allowingSmallMargin: allowingSmallMargin)
        self.options = options
    }

    deinit { pixels.deallocate() }

    /// Encodes `payload` and passes the PNG bytes to `body` (valid only during the call).
    ///
    /// Returns what `body` returns. Throws what ``QRMatrix`` throws for the payload (empty, or
    /// too long for the level), ``QRRenderError/pngFailed(_:)``, or what `body` throws.
    public func withPNG<Result>(
        for payload: String, _ body: (UnsafeRawBufferPointer) throws(QRRenderError) -> Result
    ) throws(QRRenderError) -> Result {
        let matrix = try QRMatrix(encoding: payload, level: options.level)
        return try withPNG(for: matrix, body)
    }

    /// Rasterizes `matrix` and passes the PNG bytes to `body` (valid only during the call).
    /// Returns what `body` returns; throws ``QRRenderError/pngFailed(_:)`` or what `body` throws.
    public func withPNG<Result>(
        for matrix: QRMatrix, _ body: (UnsafeRawBufferPointer) throws(QRRenderError) -> Result
    ) throws(QRRenderError) -> Result {
        let side = QRRaster.side(for: matrix, options: options)
        let stride = QRRaster.stride(side: side, depth: options.depth)
        if pixels.count < stride * side {
            pixels.deallocate()
            pixels = .allocate(byteCount: stride * side, alignment: 16)
        }
        QRRaster.fill(pixels, matrix: matrix, options: options)
        return try encoder.encodeGray(
            pixels: UnsafeRawBufferPointer(pixels), stride: stride, width: side, height: side,
            depth: options.depth, pixelsPerMetre: options.pixelsPerMetre, body)
    }

    /// The PNG bytes for `payload`; throws as `withPNG(for:_:)` does for a payload.
    public func png(for payload: String) throws(QRRenderError) -> [UInt8] {
        try withPNG(for: payload) { Array($0) }
    }

    /// Writes the PNG for `payload` to `path` atomically (temporary file, then rename).
    ///
    /// Throws as `withPNG(for:_:)` does for a payload, or ``QRRenderError/cannotWrite(path:reason:)``
    /// / ``QRRenderError/writeFailed(path:reason:)`` when the file cannot be made or written; then
    /// whatever was at `path` is untouched.
    public func writePNG(for payload: String, to path: String) throws(QRRenderError) {
        try withPNG(for: payload) { (bytes) throws(QRRenderError) in try RenderedFile.write(bytes, to: path) }
    }
}
