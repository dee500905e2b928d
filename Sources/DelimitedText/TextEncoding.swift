/// The text encodings a bank file may come in.
///
/// `tcvn3` and `vniWindows` are the 8-bit "font encodings" Vietnamese offices used before Unicode
/// (TCVN 5712:1993 as in the ABC fonts such as .VnTime; the VNI-Windows fonts): their bytes only read
/// as Vietnamese in those fonts, so files in them are detected by how Vietnamese the text looks.
public enum TextEncoding: String, Sendable, Equatable, CaseIterable {
    case utf8, utf8WithBOM, utf16LE, utf16BE, windows1258, tcvn3, vniWindows

    /// The name users know the encoding by (as Excel, UniKey and text editors show it).
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf8WithBOM: "UTF-8 with BOM"
        case .utf16LE: "UTF-16 LE"
        case .utf16BE: "UTF-16 BE"
        case .windows1258: "Windows-1258"
        case .tcvn3: "TCVN3 (ABC)"
        case .vniWindows: "VNI-Windows"
        }
    }

    /// True for the font encodings (TCVN3, VNI-Windows) that ``LegacyEncodingPolicy`` governs.
    public var isLegacyFontEncoding: Bool { self == .tcvn3 || self == .vniWindows }
}

/// What to do with a file detected as TCVN3 or VNI-Windows text.
public enum LegacyEncodingPolicy: Sendable, Equatable {
    /// Convert it to Unicode through the public mapping tables.
    case convert
    /// Refuse it with ``DelimitedTextError/legacyEncodingRefused(path:encoding:advice:)``, which says
    /// how to re-save it.
    case refuse
}
