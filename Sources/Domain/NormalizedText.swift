/// Byte-level fast paths for the text checks an import runs on every field. Each returns the
/// same result as the general (Foundation) path, which it falls back to when unsure.
public enum NormalizedText {
    /// The first control character (Unicode category Cc) that is not white space (tab, line
    /// ends), nil when there is none.
    public static func firstControlCharacter(_ text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.properties.generalCategory == .control && !$0.properties.isWhitespace }
    }

    /// True when the text needs no trimming, no collapsing of white space and no NFC
    /// normalization: single ASCII spaces only between words, and only scalars that are
    /// already in NFC form on their own (below U+0300: Latin letters with precomposed marks;
    /// U+1E00–U+1EFF: the precomposed Vietnamese letters).
    public static func isNormalized(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isNormalized($0) }
    }

    /// ``isNormalized(_:)-(String)`` of valid UTF-8 bytes.
    public static func isNormalized(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previousWasSpace = true  // a leading space is not normalized
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x20 {
                    if previousWasSpace { return false }
                    previousWasSpace = true
                } else {
                    if byte < 0x20 || byte == 0x7F { return false }
                    previousWasSpace = false
                }
                index += 1
                continue
            }
            previousWasSpace = false
            if byte < 0xE0 {
                // Two bytes: U+0080–U+07FF; U+0300 and above start at lead byte 0xCC.
                if byte >= 0xCC { return false }
                // U+0080–U+00A0: the C1 control characters and the no-break space take the general path.
                if byte == 0xC2 && bytes[index + 1] <= 0xA0 { return false }
                index += 2
            } else if byte < 0xF0 {
                // Three bytes: U+0800–U+FFFF, of which only U+1E00–U+1EFF (E1 B8 80 – E1 BB BF).
                guard byte == 0xE1, (0xB8...0xBB).contains(bytes[index + 1]) else { return false }
                index += 3
            } else {
                return false
            }
        }
        return !previousWasSpace || bytes.isEmpty
    }

    /// True when the first and last bytes are not white space (so trimming changes nothing).
    public static func hasNoOuterSpace(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return true }
        return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
    }

    /// The number of bytes of `text` when it is one or more ASCII digits and nothing else, else nil.
    public static func digitCount(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return utf8.count
    }

    /// The ASCII digits of `text` when it holds only digits and the given separators, else nil.
    public static func digits(_ text: String, ignoring separators: Set<UInt8>) -> [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte)
            } else if !separators.contains(byte) {
                return nil
            }
        }
        return digits
    }
}

/// A String compared and hashed by its exact UTF-8 bytes, as a cache key: Swift's own String
/// hashing normalizes non-ASCII text (NFC) on every lookup, which dominates caches of
/// Vietnamese values. Canonically equal spellings are simply cached twice.
struct ExactText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        var left = lhs.text
        var right = rhs.text
        return left.withUTF8 { l in right.withUTF8 { r in l.elementsEqual(r) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
