import Foundation

/// Vietnamese text as the VietQR payload and name matching need it.
///
/// EMV "ans" fields (merchant name 59, city 60, additional data 62.xx) allow only printable
/// ASCII, so Vietnamese is *folded*: tone and vowel marks removed, `đ`/`Đ` written `d`/`D`.
/// Name matching (communes, hamlets) compares *search keys*: folded, lower-cased, with runs of
/// white space collapsed, which makes `Hòa`/`Hoà` and `Thủy`/`Thuỷ` (tone-mark placement) equal.
public enum VietnameseText {
    /// Folds text to printable ASCII (U+0020–U+007E).
    ///
    /// Steps: Unicode NFD (so every mark is a separate combining scalar, whatever the input's
    /// normalization), combining marks dropped, `đ`→`d` and `Đ`→`D`, white space of any kind
    /// collapsed to single spaces and trimmed, remaining non-ASCII scalars dropped.
    /// The result has one character per scalar, so `count` is its EMV length.
    public static func foldToASCII(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            let mapped: Unicode.Scalar
            switch scalar.value {
            case 0x0111: mapped = "d"  // đ
            case 0x0110: mapped = "D"  // Đ
            case 0x20...0x7E: mapped = scalar
            default: continue  // combining marks and anything else outside printable ASCII
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(mapped)
        }
        return String(scalars)
    }

    /// A key for comparing names: ignores case, diacritics, tone-mark placement and spacing.
    ///
    /// `searchKey("Thủy  Nguyên") == searchKey("thuỷ nguyen")`.
    public static func searchKey(_ text: String) -> String {
        foldToASCII(text).lowercased()
    }

    /// Unicode NFC with surrounding white space trimmed: how names are stored and printed.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
