import Foundation

/// A civil day (proleptic Gregorian calendar), counted in days since 1970-01-01: the one day type
/// of the registry, the coverage math and every front end.
///
/// Instants map to days in Vietnam time (UTC+7, no daylight saving): ``init(containing:)``,
/// ``startTime`` and ``endTime``. Parses ISO `2025-10-31` and Vietnamese `31/10/2025`;
/// `description` is ISO. Days compare chronologically; arithmetic on days is integer arithmetic
/// on ``dayNumber``.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (the day number of the proleptic Gregorian calendar).
    public let dayNumber: Int

    /// Vietnam's offset from UTC, in seconds (UTC+7 all year).
    public static let vietnamOffset = 7 * 3600

    /// The day with this number of days since 1970-01-01.
    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The day of a year, month (1–12) and day of month; nil when the date does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses exactly `YYYY-MM-DD` (years 1–9999); nil for anything else.
    public init?(iso text: String) {
        guard let day = CalendarDay.parseISO(text.utf8) else { return nil }
        self = day
    }

    /// Parses `YYYY-MM-DD` or `dd/MM/yyyy` (one- or two-digit day and month); nil otherwise.
    public init?(_ text: String) {
        if let day = CalendarDay.parseISO(text.utf8) {
            self = day
            return
        }
        let text = text.trimmingCharacters(in: .whitespaces)
        let parts: [Substring]
        let year: Int
        let month: Int
        let day: Int
        if text.contains("-") {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
            else { return nil }
            (year, month, day) = (y, m, d)
        } else if text.contains("/") {
            parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                parts[2].count == 4, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
            else { return nil }
            (year, month, day) = (y, m, d)
        } else {
            return nil
        }
        guard parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }), (1...9999).contains(year) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// The Vietnam-local day containing an instant.
    public init(containing date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + CalendarDay.vietnamOffset
        dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// Today in Vietnam.
    public static func today(now: Date = Date()) -> CalendarDay { CalendarDay(containing: now) }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The first instant of the day (00:00 Vietnam time).
    public var startTime: Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 - CalendarDay.vietnamOffset))
    }

    /// The first instant after the day (00:00 of the next day, Vietnam time); "as of the end of the day" means before this.
    public var endTime: Date { adding(days: 1).startTime }

    /// The day `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDay { CalendarDay(dayNumber: dayNumber + days) }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// ISO `YYYY-MM-DD`.
    public var description: String { iso }

    /// ISO `YYYY-MM-DD` (years 1–9999 as four digits).
    public var iso: String { format(year: 0, month: 5, day: 8, separator: UInt8(ascii: "-")) }

    /// `dd/MM/yyyy`, as dates are written in Vietnamese documents.
    public var vietnamese: String { format(year: 6, month: 3, day: 0, separator: UInt8(ascii: "/")) }

    /// The date's digits at these offsets of a 10-byte text, the rest `separator`.
    private func format(year: Int, month: Int, day: Int, separator: UInt8) -> String {
        let (y, m, d) = components
        var bytes = [UInt8](repeating: separator, count: 10)
        func put(_ value: Int, at offset: Int, width: Int) {
            var value = abs(value)
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(y, at: year, width: 4)
        put(m, at: month, width: 2)
        put(d, at: day, width: 2)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The common case without allocation: exactly `YYYY-MM-DD`.
    private static func parseISO(_ utf8: String.UTF8View) -> CalendarDay? {
        guard utf8.count == 10 else { return nil }
        var values = [0, 0, 0]
        var field = 0
        for (index, byte) in utf8.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                field += 1
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            values[field] = values[field] * 10 + Int(byte - 0x30)
        }
        guard values[0] >= 1 else { return nil }
        return CalendarDay(year: values[0], month: values[1], day: values[2])
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date YYYY-MM-DD, found \"\(text)\"")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    /// True for `0`–`9`.
    public var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
