import Foundation

/// Parsing of the instants users type for `--at`: a day, optionally with a time, in Vietnam time.
public enum Timestamp {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY-MM-DDTHH:MM[:SS]` (optionally ending in
    /// `Z` or `±HH:MM`), `dd/MM/yyyy` and `dd/MM/yyyy HH:MM[:SS]`. Without an offset the time is
    /// Vietnam time; without a time it is the start of the day. Nil when the text is none of these.
    public static func parse(_ text: String) -> Date? {
        var text = text.trimmingCharacters(in: .whitespaces)
        var offset = CalendarDay.vietnamOffset
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            offset = 0
            text.removeLast()
        } else if text.count > 16, let signIndex = text.lastIndex(where: { $0 == "+" || $0 == "-" }),
            text.distance(from: signIndex, to: text.endIndex) == 6
        {
            let zone = text[text.index(after: signIndex)...]
            let pieces = zone.split(separator: ":")
            guard pieces.count == 2, let h = Int(pieces[0]), let m = Int(pieces[1]), h <= 14, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (text[signIndex] == "-" ? -1 : 1)
            text = String(text[..<signIndex])
        }
        let separators: Set<Character> = ["T", "t", " "]
        let dayText: Substring
        var timeText: Substring? = nil
        if let split = text.firstIndex(where: { separators.contains($0) }) {
            dayText = text[..<split]
            timeText = text[text.index(after: split)...].drop(while: { $0 == " " })
        } else {
            dayText = Substring(text)
        }
        guard let day = CalendarDay(String(dayText)) else { return nil }
        var seconds = 0
        if let timeText {
            let pieces = timeText.split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(pieces.count),
                pieces.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigitCharacter) }),
                let h = Int(pieces[0]), let m = Int(pieces[1]), h < 24, m < 60
            else { return nil }
            let s = pieces.count == 3 ? Int(pieces[2]) ?? 60 : 0
            guard s < 60 else { return nil }
            seconds = h * 3600 + m * 60 + s
        }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400 + seconds - offset))
    }

    /// `YYYY-MM-DD HH:MM:SS` in Vietnam time, how instants are printed.
    public static func format(_ date: Date) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + CalendarDay.vietnamOffset
        let day = CalendarDay(containing: date)
        let secondOfDay = local - day.dayNumber * 86_400
        return "\(day) " + String(format: "%02d:%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }
}
