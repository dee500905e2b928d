/// What each byte from 0x80 to 0xFF of a single-byte encoding stands for, as UTF-8.
///
/// The rows are written as text, 16 bytes a row, from the public code charts; a nil entry is a
/// byte the encoding leaves undefined. A byte may stand for a letter or for combining marks
/// (VNI-Windows writes "ế" as "e" followed by one byte for circumflex and acute); the reader
/// composes them when it normalizes each field to NFC.
struct ByteTable: Sendable {
    /// UTF-8 bytes for 0x80…0xFF, nil where undefined.
    let utf8: [[UInt8]?]

    /// A table from 128 entries: each a string of one or more scalars, or nil.
    init(_ entries: [String?]) {
        precondition(entries.count == 128, "a byte table has 128 entries")
        utf8 = entries.map { $0.map { Array($0.utf8) } }
    }

    /// A table from eight rows of 16 characters, with `overrides` (byte → text) on top.
    init(rows: [String], undefined: Set<UInt8> = [], overrides: [UInt8: String] = [:]) {
        let scalars = rows.flatMap { $0.unicodeScalars.map { String($0) } }
        precondition(scalars.count == 128, "a byte table has 128 entries")
        var entries: [String?] = scalars
        for byte in undefined { entries[Int(byte) - 0x80] = nil }
        for (byte, text) in overrides { entries[Int(byte) - 0x80] = text }
        self.init(entries)
    }

    /// Windows-1252: Latin-1 in 0xA0…0xFF, typographic punctuation and a few letters in 0x80…0x9F.
    static let windows1252 = ByteTable(
        rows: [
            "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}",
            "\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ",
            "\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯",
            "°±²³´µ¶·¸¹º»¼½¾¿",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ",
            "ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß",
            "àáâãäåæçèéêëìíîï",
            "ðñòóôõö÷øùúûüýþÿ",
        ],
        undefined: [0x81, 0x8D, 0x8F, 0x90, 0x9D])

    /// TCVN 5712:1993 (the ABC fonts such as .VnTime, commonly called TCVN3): the lowercase
    /// letters and Ă Â Ê Ô Ơ Ư Đ in 0xA1…0xFE; the full VN1 form adds the capital letters with
    /// tone marks in 0x80…0x9F and a few free places, and five combining tone marks in 0xB0…0xB4.
    static let tcvn3 = ByteTable(rows: [
        "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ",
        "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ",
        "\u{A0}ĂÂÊÔƠƯĐăâêôơưđẰ",
        "\u{300}\u{309}\u{303}\u{301}\u{323}àảãáạẲằẳẵắẴ",
        "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ",
        "éẹềểễếệìỉỄẾỒĩíịò",
        "Ổỏõóọồổỗốộờởỡớợù",
        "ỖủũúụừửữứựỳỷỹýỵỐ",
    ])

    /// VNI-Windows: the Windows-1252 layout with Vietnamese in 0xC0…0xFF. A vowel is written as its
    /// base letter followed by one byte for its marks (upper case for capitals: "AÙ" = "Á", "aù" = "á");
    /// ơ ư đ and the i/y forms that have no room for a second byte are single bytes.
    static let vniWindows: ByteTable = {
        let circumflex = "\u{302}"
        let breve = "\u{306}"
        let grave = "\u{300}"
        let acute = "\u{301}"
        let hook = "\u{309}"
        let tilde = "\u{303}"
        let dot = "\u{323}"
        // Marks by the low five bits of the byte (0xC0 + n for capitals, 0xE0 + n for small letters).
        let marks: [UInt8: String] = [
            0x00: circumflex + grave, 0x01: circumflex + acute, 0x02: circumflex, 0x03: circumflex + tilde,
            0x04: circumflex + dot, 0x05: circumflex + hook, 0x08: breve + grave, 0x09: breve + acute,
            0x0A: breve, 0x0B: breve + dot, 0x0F: dot, 0x15: tilde, 0x18: grave, 0x19: acute,
            0x1A: breve + hook, 0x1B: hook, 0x1C: breve + tilde,
        ]
        // Letters by the low five bits: capital (0xC0 + n) and small (0xE0 + n).
        let letters: [UInt8: (String, String)] = [
            0x06: ("Ỉ", "ỉ"), 0x0C: ("Ì", "ì"), 0x0D: ("Í", "í"), 0x0E: ("Ỵ", "ỵ"), 0x11: ("Đ", "đ"),
            0x12: ("Ị", "ị"), 0x13: ("Ĩ", "ĩ"), 0x14: ("Ơ", "ơ"), 0x16: ("Ư", "ư"),
        ]
        var overrides: [UInt8: String] = [:]
        for (low, text) in marks {
            overrides[0xC0 + low] = text
            overrides[0xE0 + low] = text
        }
        for (low, (capital, small)) in letters {
            overrides[0xC0 + low] = capital
            overrides[0xE0 + low] = small
        }
        var entries = windows1252.utf8.map { $0.map { String(decoding: $0, as: UTF8.self) } }
        for (byte, text) in overrides { entries[Int(byte) - 0x80] = text }
        return ByteTable(entries)
    }()

    /// The Windows-1252 byte for a scalar at or above U+0080 (the undefined bytes 0x81, 0x8D, 0x8F,
    /// 0x90, 0x9D as the C1 controls Windows turns them into), or nil.
    static func windows1252Byte(for value: UInt32) -> UInt8? {
        switch value {
        case 0x80...0xFF:
            let byte = UInt8(value)
            if byte >= 0xA0 || [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(byte) { return byte }
            return nil
        default:
            return windows1252Punctuation[value]
        }
    }

    private static let windows1252Punctuation: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (index, entry) in windows1252.utf8.enumerated() where index < 0x20 {
            guard let entry else { continue }
            let value = String(decoding: entry, as: UTF8.self).unicodeScalars.first!.value
            map[value] = UInt8(0x80 + index)
        }
        return map
    }()
}
