import Foundation

/// How Vietnamese a piece of text looks: the evidence for telling Windows-1258, TCVN3 and
/// VNI-Windows (and text garbled through Windows-1252) apart. Each word that mixes ASCII letters
/// with something outside ASCII (as nearly every Vietnamese word with a mark does, and unlike
/// stray symbols such as "©" or "°") is checked against the shape of a Vietnamese syllable: letters of the
/// Vietnamese alphabet only, at most one tone mark, and onset + vowel group + final consonant
/// from the language's short lists. Text decoded with the wrong table fails this for almost
/// every word ("NguyÔn", "V¨n", "Nguyeăn").
enum VietnameseSyllables {
    /// Words mixing ASCII letters and non-ASCII scalars that are, and are not, Vietnamese syllables.
    struct Score: Equatable {
        var valid = 0
        var invalid = 0

        /// Positive when most such words are syllables.
        var balance: Int { valid - invalid }
    }

    /// Scores NFC text.
    static func score(_ text: String) -> Score {
        var score = Score()
        var word: [Unicode.Scalar] = []
        var hasNonASCII = false
        var hasASCIILetter = false
        func finishWord() {
            if hasNonASCII && hasASCIILetter {
                if isSyllable(word) { score.valid += 1 } else { score.invalid += 1 }
            }
            word.removeAll(keepingCapacity: true)
            hasNonASCII = false
            hasASCIILetter = false
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isASCIILetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            if value < 0x80 && !isASCIILetter || value == 0xA0 {
                finishWord()
            } else {
                word.append(scalar)
                if value >= 0x80 { hasNonASCII = true } else { hasASCIILetter = true }
            }
        }
        finishWord()
        return score
    }

    /// True when the word (NFC scalars) has the shape of a Vietnamese syllable, in any letter case.
    static func isSyllable(_ word: [Unicode.Scalar]) -> Bool {
        guard !word.isEmpty, word.count <= 8 else { return false }
        var toneless = ""
        var tones = 0
        for scalar in word {
            let value = scalar.value
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                toneless.unicodeScalars.append(Unicode.Scalar(value | 0x20)!)
            } else if let letter = letters[value] {
                toneless += letter.toneless
                if letter.hasTone { tones += 1 }
            } else {
                return false
            }
        }
        guard tones <= 1 else { return false }
        for onset in onsets where toneless.hasPrefix(onset) {
            let rest = toneless.dropFirst(onset.count)
            for coda in codas where rest.hasSuffix(coda) {
                if nuclei.contains(String(rest.dropLast(coda.count))) { return true }
            }
        }
        return false
    }

    /// A Vietnamese letter other than a–z: its lowercase form without tone mark, and whether it has one.
    private struct Letter {
        var toneless: String
        var hasTone: Bool
    }

    private static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
    /// Vowel marks and the base letters they go on: circumflex (â ê ô), breve (ă), horn (ơ ư).
    private static let vowelMarks: [UInt32: Set<UInt32>] = [
        0x302: [0x61, 0x65, 0x6F], 0x306: [0x61], 0x31B: [0x6F, 0x75],
    ]

    /// The Vietnamese letters beyond a–z (all 134 precomposed letters and đ, both cases), derived
    /// from their canonical decompositions.
    private static let letters: [UInt32: Letter] = {
        var table: [UInt32: Letter] = [
            0x110: Letter(toneless: "đ", hasTone: false), 0x111: Letter(toneless: "đ", hasTone: false),
        ]
        let candidates = Array(0xC0...0x1B0) + Array(0x1EA0...0x1EF9)
        for value in candidates {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let parts = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.map(\.value)
            guard let base = parts.first, (0x41...0x5A).contains(base) || (0x61...0x7A).contains(base) else { continue }
            let lowerBase = base | 0x20
            guard "aeiouy".unicodeScalars.contains(where: { $0.value == lowerBase }) else { continue }
            let marks = parts.dropFirst()
            let tone = marks.filter { toneMarks.contains($0) }
            let vowelMark = marks.filter { vowelMarks[$0] != nil }
            guard tone.count + vowelMark.count == marks.count, tone.count <= 1, vowelMark.count <= 1 else { continue }
            if let mark = vowelMark.first, !(vowelMarks[mark]!.contains(lowerBase)) { continue }
            var plain = String(Unicode.Scalar(lowerBase)!)
            if let mark = vowelMark.first {
                plain = (plain + String(Unicode.Scalar(mark)!)).precomposedStringWithCanonicalMapping
            }
            table[UInt32(value)] = Letter(toneless: plain, hasTone: !tone.isEmpty)
        }
        return table
    }()

    private static let onsets = [
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ]
    private static let codas = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""]
    /// Vowel groups, with their glides (oa, uy, …) and final semivowels (ai, ao, iêu, …).
    private static let nuclei: Set<String> = [
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
        "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi",
        "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
        "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
    ]
}
