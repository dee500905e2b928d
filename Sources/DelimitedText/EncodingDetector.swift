import Foundation

/// What the start of a file says about its encoding.
struct EncodingDetection: Equatable {
    var encoding: TextEncoding
    /// Bytes of byte-order mark to skip (0, 2 or 3).
    var byteOrderMarkLength = 0
    /// True when the file is valid UTF-8 whose text is TCVN3 or VNI-Windows garbled through
    /// Windows-1252 ("NguyÔn V¨n"); `encoding` then names the legacy encoding.
    var misconverted = false
}

/// Detects a file's encoding from its first bytes: byte-order marks first, then valid UTF-8
/// (checked for TCVN3/VNI text garbled through Windows-1252), UTF-8 with bad bytes (valid multi-byte
/// sequences at least a quarter as many as invalid bytes, which 8-bit Vietnamese text almost never
/// forms: a damaged file, or rows pasted from another encoding) or with NUL bytes (a binary file,
/// UTF-16 without a byte-order mark) — the reader then reports the bad line instead of reading
/// the whole file in the wrong encoding — else whichever of Windows-1258, TCVN3 and VNI-Windows
/// makes the text look most Vietnamese (Windows-1258 on a tie).
enum EncodingDetector {
    /// Bytes of text the Vietnamese-syllable scoring looks at.
    static let scoredBytes = 64 << 10

    /// `sample` is the file's start; `isComplete` when it is the whole file.
    static func detect(_ sample: [UInt8], isComplete: Bool) -> EncodingDetection {
        if sample.starts(with: [0xFF, 0xFE]) { return EncodingDetection(encoding: .utf16LE, byteOrderMarkLength: 2) }
        if sample.starts(with: [0xFE, 0xFF]) { return EncodingDetection(encoding: .utf16BE, byteOrderMarkLength: 2) }
        let hasBOM = sample.starts(with: [0xEF, 0xBB, 0xBF])
        let text = hasBOM ? Array(sample.dropFirst(3)) : sample
        let utf8 = EncodingDetection(encoding: hasBOM ? .utf8WithBOM : .utf8, byteOrderMarkLength: hasBOM ? 3 : 0)
        let isUTF8 = text.withUnsafeBufferPointer { UTF8Bytes.isValid($0, allowIncompleteEnd: !isComplete) }
        if hasBOM || isUTF8 || isMostlyUTF8(text) || text.contains(0) {
            guard isUTF8, let legacy = misconvertedLegacyEncoding(text) else { return utf8 }
            return EncodingDetection(
                encoding: legacy, byteOrderMarkLength: utf8.byteOrderMarkLength, misconverted: true)
        }
        return EncodingDetection(encoding: mostVietnameseLegacyEncoding(Array(text.prefix(scoredBytes))))
    }

    /// True when there are valid multi-byte UTF-8 sequences, at least a quarter as many as invalid
    /// bytes: UTF-8 with damage, not an 8-bit encoding, whose letters rarely form such sequences.
    /// (Reading a damaged file as UTF-8 stops at the bad line; reading it as 8-bit would garble every name.)
    private static func isMostlyUTF8(_ text: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        text.prefix(scoredBytes).withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                if bytes[index] < 0x80 {
                    index += 1
                    continue
                }
                switch UTF8Bytes.decode(bytes, at: index) {
                case .scalar(_, let length):
                    valid += 1
                    index += length
                case .incomplete:
                    index = bytes.count
                case .invalid:
                    invalid += 1
                    index += 1
                }
            }
        }
        return valid >= 1 && 4 * valid >= invalid
    }

    /// A fresh decoder for an encoding: nil for UTF-8, which is read as it is, and for
    /// Windows-1258 when the system's iconv cannot convert it.
    static func decoder(for encoding: TextEncoding, misconverted: Bool) -> (any ChunkDecoder)? {
        switch encoding {
        case .utf8, .utf8WithBOM: nil
        case .utf16LE: UTF16Decoder(bigEndian: false)
        case .utf16BE: UTF16Decoder(bigEndian: true)
        case .windows1258: IconvDecoder(from: "WINDOWS-1258")
        case .tcvn3: misconverted ? MisconvertedTextDecoder(table: .tcvn3) : ByteTableDecoder(table: .tcvn3)
        case .vniWindows:
            misconverted ? MisconvertedTextDecoder(table: .vniWindows) : ByteTableDecoder(table: .vniWindows)
        }
    }

    /// The legacy encoding of valid UTF-8 text garbled through Windows-1252, or nil. Only text
    /// whose every non-ASCII scalar Windows-1252 has is considered (real Vietnamese has ă ơ ư đ ạ …
    /// that it lacks), and only on clear evidence: read as it is, at least three words are not
    /// Vietnamese, while the repaired reading has at least three Vietnamese words, four in five of
    /// its words are Vietnamese, and it scores better.
    private static func misconvertedLegacyEncoding(_ text: [UInt8]) -> TextEncoding? {
        let sample = String(decoding: text.prefix(scoredBytes), as: UTF8.self)
        var hasNonASCII = false
        for scalar in sample.unicodeScalars where scalar.value >= 0x80 {
            guard ByteTable.windows1252Byte(for: scalar.value) != nil else { return nil }
            hasNonASCII = true
        }
        guard hasNonASCII else { return nil }
        let asIs = VietnameseSyllables.score(sample.precomposedStringWithCanonicalMapping)
        guard asIs.invalid >= 3 else { return nil }
        var best: (encoding: TextEncoding, score: VietnameseSyllables.Score)?
        let bytes = Array(sample.utf8)
        for encoding in [TextEncoding.tcvn3, .vniWindows] {
            var decoder = MisconvertedTextDecoder(table: encoding == .tcvn3 ? .tcvn3 : .vniWindows)
            let score = VietnameseSyllables.score(normalized(decoder.decodeSample(bytes, isComplete: false).text))
            let isClear = score.valid >= 3 && score.invalid * 4 <= score.valid && score.balance > asIs.balance
            if isClear, score.balance > (best?.score.balance ?? Int.min) {
                best = (encoding, score)
            }
        }
        return best?.encoding
    }

    /// Windows-1258, TCVN3 or VNI-Windows: the one whose reading of `sample` scores best.
    private static func mostVietnameseLegacyEncoding(_ sample: [UInt8]) -> TextEncoding {
        var best = (encoding: TextEncoding.windows1258, balance: Int.min)
        for encoding in [TextEncoding.windows1258, .tcvn3, .vniWindows] {
            guard var decoder = decoder(for: encoding, misconverted: false) else { continue }
            let text = normalized(decoder.decodeSample(sample, isComplete: false).text)
            let balance = VietnameseSyllables.score(text).balance
            if balance > best.balance { best = (encoding, balance) }
        }
        return best.encoding
    }

    private static func normalized(_ utf8: [UInt8]) -> String {
        String(decoding: utf8, as: UTF8.self).precomposedStringWithCanonicalMapping
    }
}
