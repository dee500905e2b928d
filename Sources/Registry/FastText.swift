/// Byte-level fast paths for the text checks an import runs on every field. Each returns the
/// same result as the general (Foundation) path, which it falls back to when unsure.
enum FastText {
    /// True when the text needs no trimming, no collapsing of white space and no NFC
    /// normalization: single ASCII spaces only between words, and only scalars that are
    /// already in NFC form on their own (below U+0300: Latin letters with precomposed marks;
    /// U+1E00–U+1EFF: the precomposed Vietnamese letters).
    static func isNormalized(_ text: String) -> Bool {
        var previousWasSpace = true  // a leading space is not normalized
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            previousWasSpace = false
            if value < 0x20 || value == 0x7F || value == 0x85 || value == 0xA0 { return false }
            if value >= 0x300 && !(0x1E00...0x1EFF).contains(value) { return false }
        }
        return !previousWasSpace || text.isEmpty
    }

    /// True when the first and last bytes are not white space (so trimming changes nothing).
    static func hasNoOuterSpace(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return true }
        return first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
    }

    /// The ASCII digits of `text` when it holds only digits and the given separators, else nil.
    static func digits(_ text: String, ignoring separators: Set<UInt8>) -> [UInt8]? {
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

    static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        var left = lhs.text, right = rhs.text
        return left.withUTF8 { l in right.withUTF8 { r in l.count == r.count && (l.isEmpty || memcmp(l.baseAddress!, r.baseAddress!, l.count) == 0) } }
    }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
