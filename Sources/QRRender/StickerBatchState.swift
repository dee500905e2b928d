/// What an earlier `stickers` run wrote, so a re-run redraws only what changed.
///
/// Kept beside the PNGs as a small TSV: a content hash per merchant (its data and the look
/// options) and one for the sheet (every sticker on it, in order, and the grid).
struct StickerBatchState: Equatable {
    static let fileName = ".qrcov-stickers.tsv"
    private static let header = "# qrcov stickers state v1"

    var stickers: [String: UInt64] = [:]
    var sheet: UInt64?

    init() {}

    /// Parses the file; anything unreadable counts as no state (everything is redrawn).
    init(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard lines.next().map(String.init) == Self.header else { return }
        while let line = lines.next() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3, let hash = UInt64(parts[2], radix: 16) else { continue }
            switch parts[0] {
            case "sheet": sheet = hash
            case "sticker": stickers[String(parts[1])] = hash
            default: continue
            }
        }
    }

    /// The file's text; merchant ids contain no tabs or line breaks once sanitized for this.
    var text: String {
        var out = Self.header + "\n"
        if let sheet { out += "sheet\t\t\(String(sheet, radix: 16))\n" }
        for (id, hash) in stickers.sorted(by: { $0.key < $1.key }) {
            out += "sticker\t\(Self.escaped(id))\t\(String(hash, radix: 16))\n"
        }
        return out
    }

    static func escaped(_ id: String) -> String {
        String(id.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

/// FNV-1a, 64-bit: a stable content hash (Swift's `Hasher` is seeded per process).
struct ContentHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 { mix(byte) }
        mix(0x1F)
    }

    mutating func add(_ number: UInt64) { add(String(number, radix: 16)) }

    private mutating func mix(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }
}

/// Output file names from merchant ids, never from free text.
public enum StickerFileName {
    /// `id` reduced to letters, digits, `-`, `_` and `.` (others become `_`), no leading dot,
    /// at most 100 characters, plus `.png`.
    public static func png(for id: String) -> String {
        var name = String(
            id.unicodeScalars.prefix(100).map { scalar -> Character in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "-_.".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        while name.hasPrefix(".") { name = "_" + name.dropFirst() }
        return (name.isEmpty ? "_" : name) + ".png"
    }
}
