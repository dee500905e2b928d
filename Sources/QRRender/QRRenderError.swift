/// Why a QR image, sticker or sheet could not be made, worded for the person running the command.
public enum QRRenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The payload does not fit in the largest QR version (40) at this error-correction level.
    case payloadTooLong(bytes: Int, level: ECLevel, maximum: Int)
    /// libqrencode refused the input for another reason (its errno text).
    case encodingFailed(String)
    /// A quiet zone narrower than the 4 modules scanners expect, without `force`.
    case marginTooSmall(Int)
    /// Sticker data that does not make a valid VietQR payload (the reason names the field).
    case invalidPayload(String)
    /// A rendering option outside its allowed range.
    case invalidOption(String)
    /// libpng failed while encoding.
    case pngFailed(String)
    /// cairo failed while drawing or writing.
    case cairoFailed(String)
    /// The sticker font file is missing or unreadable.
    case fontMissing(path: String)
    /// The sticker font file is there but is not a font FreeType can use (garbage, truncated,
    /// an empty file); `reason` says what FreeType found.
    case fontUnusable(path: String, reason: String)
    /// The font exists but lacks glyphs Vietnamese text needs.
    case fontLacksVietnamese(path: String, missing: String)
    /// The output file could not be created or moved into place.
    case cannotWrite(path: String, reason: String)
    /// Writing the output file's bytes failed (a full disk, an I/O error).
    case writeFailed(path: String, reason: String)

    /// The message for the person running the command, with what to do about it when we know.
    public var description: String {
        switch self {
        case .payloadTooLong(let bytes, let level, let maximum):
            "payload is \(bytes) bytes; at error-correction level \(level.rawValue) a QR code holds at most "
                + "\(maximum) bytes (use a lower level or a shorter payload)"
        case .encodingFailed(let reason): "QR encoding failed: \(reason)"
        case .marginTooSmall(let margin):
            "a quiet zone of \(margin) modules is below the 4 modules scanners need (force it if you must)"
        case .invalidPayload(let reason): reason
        case .invalidOption(let text): text
        case .pngFailed(let reason): "PNG encoding failed: \(reason)"
        case .cairoFailed(let reason): "drawing failed: \(reason)"
        case .fontMissing(let path):
            "font not found: \(path) (install the Debian package fonts-dejavu-core, "
                + "or point --font at a TTF with Vietnamese coverage)"
        case .fontUnusable(let path, let reason):
            "\(path) is not a usable font file (\(reason)); point --font at a TrueType font with "
                + "Vietnamese coverage, such as DejaVu Sans from the Debian package fonts-dejavu-core"
        case .fontLacksVietnamese(let path, let missing):
            "font \(path) lacks Vietnamese glyphs (\(missing)); use DejaVu Sans from fonts-dejavu-core"
        case .cannotWrite(let path, let reason), .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
