/// Pure text helpers for sticker layout: grouping digits and fitting text in a box.
public enum StickerText {
    /// An account number in groups of four from the left, for reading aloud and copying:
    /// `0011004299999` → `0011 0042 9999 9`.
    public static func groupedAccount(_ account: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(account)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// The result of fitting text: the font size chosen and the lines at that size.
    public struct Fit: Equatable, Sendable {
        /// The font size, in the unit of the size asked for.
        public var size: Double
        /// The lines to draw, at most the number asked for; empty for blank text.
        public var lines: [String]
    }

    /// Fits `text` into `maxLines` lines of `width`, starting at font size `size` and shrinking
    /// step by step to `minimumSize`; words wrap at spaces, a word wider than the line breaks
    /// between characters, and text that still does not fit at the smallest size is cut with
    /// an ellipsis. `measure(text)` is the text's advance width at font size 1 (widths scale
    /// linearly with size).
    public static func fit(
        _ text: String, width: Double, maxLines: Int, size: Double, minimumSize: Double,
        measure: (String) -> Double
    ) -> Fit {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return Fit(size: size, lines: []) }
        var current = size
        while true {
            let limit = width / current
            let lines = wrap(words, width: limit, measure: measure)
            if lines.count <= maxLines { return Fit(size: current, lines: lines) }
            let next = current * 0.92
            if next < minimumSize {
                var kept = Array(lines.prefix(maxLines))
                kept[maxLines - 1] = ellipsized(
                    kept[maxLines - 1] + " " + lines[maxLines...].joined(separator: " "), width: limit,
                    measure: measure)
                return Fit(size: current, lines: kept)
            }
            current = next
        }
    }

    /// Greedy word wrap at a width in size-1 units.
    static func wrap(_ words: [String], width: Double, measure: (String) -> Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in words {
            let candidate = line.isEmpty ? word : line + " " + word
            if measure(candidate) <= width {
                line = candidate
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = word
            // A single word wider than the line is broken between characters.
            while measure(line) > width, line.count > 1 {
                var head = ""
                for character in line {
                    if measure(head + String(character)) > width, !head.isEmpty { break }
                    head.append(character)
                }
                lines.append(head)
                line = String(line.dropFirst(head.count))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The longest prefix of `text` that fits with a trailing "…".
    static func ellipsized(_ text: String, width: Double, measure: (String) -> Double) -> String {
        if measure(text) <= width { return text }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingTrailingSpaces() + "…"
            if measure(candidate) <= width { return candidate }
        }
        return "…"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
