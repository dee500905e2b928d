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
    /// Each scalar is replaced by the ASCII letters of its compatibility decomposition (NFKD), so
    /// precomposed and decomposed input fold alike, combining marks vanish, and full-width
    /// forms become ASCII; `đ`/`Đ` and their look-alikes `ð`/`Ð` (common in text converted
    /// from legacy Vietnamese fonts) become `d`/`D`. White space of any kind collapses to
    /// single spaces and is trimmed; anything without an ASCII decomposition is dropped.
    /// The result has one character per byte, so `count` is its EMV length.
    public static func foldToASCII(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func emit(_ byte: UInt8) {
            if pendingSpace, !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(byte)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value == 0x20 || (0x09...0x0D).contains(value) {
                    pendingSpace = true
                } else if value > 0x20 && value < 0x7F {
                    emit(UInt8(value))
                }
                continue
            }
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            for byte in FoldTable.ascii(for: scalar) { emit(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A key for comparing names: ignores case, diacritics, tone-mark placement and spacing.
    ///
    /// `searchKey("Thủy  Nguyên") == searchKey("thuỷ nguyen")`.
    public static func searchKey(_ text: String) -> String {
        foldToASCII(text).lowercased()
    }

    /// Unicode NFC with surrounding white space trimmed: how names are stored and printed.
    public static func normalized(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII is already NFC; trim without Foundation's Unicode machinery.
            return text.trimmingWhitespace()
        }
        return text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The ASCII folding of non-ASCII scalars, precomputed for the blocks Vietnamese text uses
/// (Latin-1 Supplement, Latin Extended-A and -B, Latin Extended Additional, full-width forms)
/// and computed on demand for the rest.
enum FoldTable {
    private static let blocks: [(range: ClosedRange<UInt32>, table: [[UInt8]])] = [
        0x00A0...0x024F, 0x1E00...0x1EFF, 0xFF01...0xFF5E,
    ].map { range in (range, range.map { compute(Unicode.Scalar($0)!) }) }

    static func ascii(for scalar: Unicode.Scalar) -> [UInt8] {
        for block in blocks where block.range.contains(scalar.value) {
            return block.table[Int(scalar.value - block.range.lowerBound)]
        }
        return compute(scalar)
    }

    private static func compute(_ scalar: Unicode.Scalar) -> [UInt8] {
        switch scalar.value {
        case 0x0111, 0x00F0: return [UInt8(ascii: "d")]  // đ, and ð used for it
        case 0x0110, 0x00D0: return [UInt8(ascii: "D")]  // Đ, and Ð used for it
        default:
            return String(Character(scalar)).decomposedStringWithCompatibilityMapping.utf8
                .filter { $0 > 0x20 && $0 < 0x7F }
        }
    }
}
