import CCairo
import Synchronization

/// The sticker's fonts as cairo font faces, loaded from TrueType files through FreeType.
///
/// Fonts are loaded once per path for the life of the process and shared between threads
/// (cairo locks a FreeType face while it uses it).
public struct StickerFonts: @unchecked Sendable {
    /// DejaVu Sans from Debian's `fonts-dejavu-core`.
    public static let defaultRegular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    /// DejaVu Sans Bold from the same package.
    public static let defaultBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    /// Letters Vietnamese needs that fonts with only Latin-1 lack.
    static let vietnameseSample = "ĂÂĐÊÔƠƯăâđêôơưẠạẦầẮắẰằẲẳẴẵẶặỆệỲỳỮữ"

    let regular: OpaquePointer
    let bold: OpaquePointer
    /// The regular face's file, as loaded.
    public let regularPath: String
    /// The bold face's file, as loaded (the regular one when only that was given).
    public let boldPath: String

    /// Loads the regular and bold faces; with only `regular` given, it serves for both, and
    /// with neither, DejaVu Sans is used.
    ///
    /// Throws ``QRRenderError/fontMissing(path:)`` for a file FreeType cannot open,
    /// ``QRRenderError/fontUnusable(path:reason:)`` for a file that is no font it can read,
    /// ``QRRenderError/fontLacksVietnamese(path:missing:)`` for a font without the Vietnamese
    /// letters, and ``QRRenderError/cairoFailed(_:)`` when FreeType or cairo cannot start.
    public init(regular: String? = nil, bold: String? = nil) throws(QRRenderError) {
        let regularPath = regular ?? Self.defaultRegular
        let boldPath = bold ?? (regular == nil ? Self.defaultBold : regularPath)
        self.regular = try Self.face(regularPath)
        self.bold = try Self.face(boldPath)
        self.regularPath = regularPath
        self.boldPath = boldPath
    }

    private static let cache = Mutex<FontCache>(FontCache())

    private struct FontCache: @unchecked Sendable {
        var library: FT_Library?
        var faces: [String: OpaquePointer] = [:]
    }

    private static func face(_ path: String) throws(QRRenderError) -> OpaquePointer {
        let result: Result<OpaquePointer, QRRenderError> = cache.withLock { cache in
            if let face = cache.faces[path] { return .success(face) }
            if cache.library == nil {
                var library: FT_Library?
                guard FT_Init_FreeType(&library) == 0, let library else {
                    return .failure(.cairoFailed("FreeType did not start"))
                }
                cache.library = library
            }
            var face: FT_Face?
            let error = FT_New_Face(cache.library, path, 0, &face)
            guard error == 0, let face else { return .failure(faceError(error, path: path)) }
            let missing = vietnameseSample.unicodeScalars.filter { FT_Get_Char_Index(face, FT_ULong($0.value)) == 0 }
            guard missing.isEmpty else {
                FT_Done_Face(face)
                return .failure(.fontLacksVietnamese(path: path, missing: String(String.UnicodeScalarView(missing))))
            }
            guard let cairoFace = cairo_ft_font_face_create_for_ft_face(face, 0),
                cairo_font_face_status(cairoFace) == CAIRO_STATUS_SUCCESS
            else { return .failure(.cairoFailed("cairo could not use the font \(path)")) }
            cache.faces[path] = cairoFace
            return .success(cairoFace)
        }
        return try result.get()
    }

    /// Why FreeType did not open the face at `path`: the file cannot be opened (missing,
    /// unreadable), or it opened but holds no font FreeType can read.
    private static func faceError(_ error: FT_Error, path: String) -> QRRenderError {
        switch error {
        case FT_Error(FT_Err_Cannot_Open_Resource): .fontMissing(path: path)
        case FT_Error(FT_Err_Unknown_File_Format):
            .fontUnusable(path: path, reason: "FreeType knows no such font format")
        case FT_Error(FT_Err_Invalid_File_Format): .fontUnusable(path: path, reason: "the font data is broken")
        default: .fontUnusable(path: path, reason: "FreeType error \(error)")
        }
    }
}
