/// The delimiter of a file: named by a leading `sep=X` line (as Excel writes and reads it), or the
/// most frequent of `,` `;` and tab outside quotes in the first record.
enum Dialect {
    static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// The delimiter a leading `sep=,` `sep=;` or `sep=\t` line names (the tab as a tab character
    /// or as backslash-t; `sep` in any letter case), or nil when the text does not start with one.
    static func separatorLine(_ text: ArraySlice<UInt8>) -> UInt8? {
        let bytes = Array(text.prefix(8))
        guard bytes.count >= 5, String(decoding: bytes[0..<4], as: UTF8.self).lowercased() == "sep=" else { return nil }
        var delimiter = bytes[4]
        var end = 5
        if delimiter == UInt8(ascii: "\\"), bytes.count >= 6, bytes[5] == UInt8(ascii: "t") {
            delimiter = tab
            end = 6
        }
        guard [comma, semicolon, tab].contains(delimiter) else { return nil }
        guard end == bytes.count || bytes[end] == lineFeed || bytes[end] == carriageReturn else { return nil }
        return delimiter
    }

    /// The most frequent of `,` `;` and tab outside quotes up to the first line end outside quotes
    /// (`,` on a tie or when none occurs).
    static func detectDelimiter(_ text: ArraySlice<UInt8>) -> UInt8 {
        var counts = [comma: 0, semicolon: 0, tab: 0]
        var inQuotes = false
        for byte in text {
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed || byte == carriageReturn { break }
                if counts[byte] != nil { counts[byte]! += 1 }
            }
        }
        var best = comma
        for candidate in [semicolon, tab] where counts[candidate]! > counts[best]! { best = candidate }
        return best
    }
}
