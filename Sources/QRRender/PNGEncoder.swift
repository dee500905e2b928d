import CPNGShim

/// Grayscale PNG encoding through libpng, reusing its working memory from image to image.
///
/// Not thread-safe: give each thread its own encoder.
public final class PNGEncoder {
    private let encoder: OpaquePointer
    /// zlib level, 0…9. 1 by default: QR images are small and made in batches, so encoding
    /// speed matters more than the bytes a higher level would save.
    public var compressionLevel: Int32 = 1

    /// An encoder with its own libpng state; stops the process when memory runs out.
    public init() {
        guard let encoder = qrpng_encoder_create() else { fatalError("out of memory creating a PNG encoder") }
        self.encoder = encoder
    }

    deinit { qrpng_encoder_destroy(encoder) }

    /// Encodes packed grayscale rows and passes the PNG bytes to `body`; the bytes are only
    /// valid during the call. See ``encodeGray(pixels:stride:width:height:bitDepth:pixelsPerMetre:_:)``.
    public func encodeGray<Result>(
        pixels: UnsafeRawBufferPointer, stride: Int, width: Int, height: Int,
        depth: QRImageOptions.Depth, pixelsPerMetre: UInt32,
        _ body: (UnsafeRawBufferPointer) throws(QRRenderError) -> Result
    ) throws(QRRenderError) -> Result {
        try encodeGray(
            pixels: pixels, stride: stride, width: width, height: height, bitDepth: depth.rawValue,
            pixelsPerMetre: pixelsPerMetre, body)
    }

    /// Encodes packed grayscale rows of 1, 2, 4 or 8 bits a pixel (most significant bits first)
    /// and passes the PNG bytes to `body`, valid only during the call.
    ///
    /// `pixels` holds `height` rows of `stride` bytes; `pixelsPerMetre` goes to the pHYs chunk.
    /// Returns what `body` returns; throws ``QRRenderError/pngFailed(_:)`` with libpng's message,
    /// or what `body` throws.
    public func encodeGray<Result>(
        pixels: UnsafeRawBufferPointer, stride: Int, width: Int, height: Int,
        bitDepth: Int, pixelsPerMetre: UInt32,
        _ body: (UnsafeRawBufferPointer) throws(QRRenderError) -> Result
    ) throws(QRRenderError) -> Result {
        precondition(pixels.count >= stride * height, "pixel buffer smaller than stride × height")
        var data: UnsafePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = message.withUnsafeMutableBufferPointer { text in
            qrpng_encode_gray(
                encoder, pixels.baseAddress!.assumingMemoryBound(to: UInt8.self), stride,
                UInt32(width), UInt32(height), Int32(bitDepth), pixelsPerMetre, compressionLevel,
                &data, &size, text.baseAddress, text.count)
        }
        guard status == 0, let data else {
            throw .pngFailed(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return try body(UnsafeRawBufferPointer(start: data, count: size))
    }
}
