import Domain

/// A date format as profiles write it: `dd/MM/yyyy`, `yyyy-MM-dd`, `d/M/yyyy`, `dd-MM-yyyy`,
/// optionally followed by a time (`dd/MM/yyyy HH:mm:ss`) which is checked and then ignored:
/// imports record days.
///
/// Tokens: `yyyy` (4 digits), `MM` / `dd` / `HH` / `mm` / `ss` (exactly 2 digits), `M` / `d` / `H`
/// (1 or 2 digits); any other character must appear as written.
public struct DatePattern: Sendable, Equatable, CustomStringConvertible {
    private enum Token: Equatable {
        case year
        case month(exact: Bool)
        case day(exact: Bool)
        case hour(exact: Bool)
        case minute, second
        case literal(UInt8)
    }

    private let tokens: [Token]
    /// The pattern as written in the profile.
    public let description: String

    /// Parses a pattern; nil when it lacks a year, month or day, repeats one, or uses a letter
    /// that is not a token.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            var run = 1
            while index + run < bytes.count, bytes[index + run] == byte { run += 1 }
            switch (byte, run) {
            case (UInt8(ascii: "y"), 4): tokens.append(.year)
            case (UInt8(ascii: "M"), 1...2): tokens.append(.month(exact: run == 2))
            case (UInt8(ascii: "d"), 1...2): tokens.append(.day(exact: run == 2))
            case (UInt8(ascii: "H"), 1...2): tokens.append(.hour(exact: run == 2))
            case (UInt8(ascii: "m"), 2): tokens.append(.minute)
            case (UInt8(ascii: "s"), 2): tokens.append(.second)
            default:
                guard byte < 0x80, !(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")),
                    !(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                else { return nil }
                for _ in 0..<run { tokens.append(.literal(byte)) }
            }
            index += run
        }
        func count(_ match: (Token) -> Bool) -> Int { tokens.filter(match).count }
        guard count({ $0 == .year }) == 1,
            count({ if case .month = $0 { true } else { false } }) == 1,
            count({ if case .day = $0 { true } else { false } }) == 1,
            count({ if case .hour = $0 { true } else { false } }) <= 1,
            count({ $0 == .minute }) <= 1, count({ $0 == .second }) <= 1
        else { return nil }
        self.tokens = tokens
        description = pattern
    }

    /// The day `text` names in this pattern; nil when it does not fit or is not a real date.
    public func day(_ text: String) -> CalendarDay? {
        var text = text
        return text.withUTF8 { bytes -> CalendarDay? in
            var index = 0
            var year = 0
            var month = 0
            var day = 0
            func number(minDigits: Int, maxDigits: Int) -> Int? {
                var value = 0
                var digits = 0
                while digits < maxDigits, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    index += 1
                    digits += 1
                }
                return digits >= minDigits ? value : nil
            }
            for token in tokens {
                switch token {
                case .year:
                    guard let value = number(minDigits: 4, maxDigits: 4) else { return nil }
                    year = value
                case .month(let exact):
                    guard let value = number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
                    month = value
                case .day(let exact):
                    guard let value = number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
                    day = value
                case .hour(let exact):
                    guard let value = number(minDigits: exact ? 2 : 1, maxDigits: 2), value < 24 else { return nil }
                case .minute, .second:
                    guard let value = number(minDigits: 2, maxDigits: 2), value < 60 else { return nil }
                case .literal(let byte):
                    guard index < bytes.count, bytes[index] == byte else { return nil }
                    index += 1
                }
            }
            guard index == bytes.count else { return nil }
            return CalendarDay(year: year, month: month, day: day)
        }
    }
}
