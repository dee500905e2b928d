import Domain
import Foundation
import VietQR

/// Reading the cells of a bank file as a spreadsheet leaves them (pure).
///
/// Excel reads identifiers as numbers unless their column is formatted as Text, and saves them
/// back mangled: `970436123456` becomes `9.70436E+11` (digits lost), `0912345678` becomes
/// `912345678`, `0101234567` becomes `101234567`, and some tools add `.0`. None of this is
/// repaired silently: each is an invalid cell whose reason says what happened and how to fix it.
/// What our own export writes to keep identifiers as text (`="0123"`) is unwrapped.
public enum CellValues {
    /// The advice every mangled-identifier message ends with.
    static let textColumnAdvice =
        "format the column as Text in the spreadsheet, type or paste the values again and save as CSV"

    /// An identifier cell's text: trimmed, `="0123"` (a formula our export and others use to keep
    /// text) and a leading `'` (the spreadsheet's text marker) unwrapped. Fails for scientific
    /// notation, a decimal `.0`, and formulas (a cell starting with `=`, `@`, or `+` unless
    /// `allowPlus`, as in `+84…` phones). Empty text is returned as is (an absent value).
    public static func identifier(_ raw: String, allowPlus: Bool = false) -> Result<String, CellProblem> {
        // Most cells of a file are empty or all digits.
        if raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return .success(raw) }
        var text = trimmed(raw)
        if text.hasPrefix("=\""), text.hasSuffix("\""), text.count >= 3 {
            text = String(text.dropFirst(2).dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            text = trimmed(text)
        } else if text.hasPrefix("'") {
            text = String(text.dropFirst())
        }
        guard let first = text.unicodeScalars.first else { return .success("") }
        if first == "=" || first == "@" || first == "\u{FF1D}" || first == "\u{FF20}"
            || ((first == "+" || first == "\u{FF0B}") && !allowPlus)
        {
            return .failure(
                CellProblem(
                    "is a formula, not a value (the spreadsheet saved the formula's text); "
                        + "type the value itself and \(textColumnAdvice)"))
        }
        if isScientific(text) {
            return .failure(
                CellProblem(
                    "is a number in scientific notation: the spreadsheet turned the identifier into a number "
                        + "and lost its digits; \(textColumnAdvice)"))
        }
        if let integer = wholeNumberWithZeroFraction(text) {
            return .failure(
                CellProblem(
                    "ends in a decimal fraction: the spreadsheet turned the identifier into a number (\(integer)); "
                        + "\(textColumnAdvice)"))
        }
        return .success(text)
    }

    /// A phone number, normalized (``MerchantNormalization/phone(_:)``); nil for an empty cell.
    /// Nine digits starting with 3, 5, 7, 8 or 9 (a mobile number) or ten starting with 2 (a
    /// landline) lost their leading zero.
    public static func phone(_ raw: String) -> Result<String?, CellProblem> {
        let text: String
        switch identifier(raw, allowPlus: true) {
        case .failure(let problem): return .failure(problem)
        case .success(let value): text = value
        }
        if text.isEmpty { return .success(nil) }
        if let phone = MerchantNormalization.phone(text) { return .success(phone) }
        if let digits = digits(text, ignoring: " .-()"),
            (digits.count == 9 && "35789".contains(digits.first!)) || (digits.count == 10 && digits.first == "2")
        {
            return .failure(Self.lostLeadingZero(digits))
        }
        return .failure(CellProblem("is not a Vietnamese phone number (10 digits from 0, or +84…)"))
    }

    /// A tax code, normalized (``MerchantNormalization/taxCode(_:)``); nil for an empty cell.
    /// Nine or twelve digits lost their leading zero.
    public static func taxCode(_ raw: String) -> Result<String?, CellProblem> {
        let text: String
        switch identifier(raw) {
        case .failure(let problem): return .failure(problem)
        case .success(let value): text = value
        }
        if text.isEmpty { return .success(nil) }
        if let taxCode = MerchantNormalization.taxCode(text) { return .success(taxCode) }
        if let digits = digits(text, ignoring: " -"), digits.count == 9 || digits.count == 12 {
            return .failure(Self.lostLeadingZero(digits))
        }
        return .failure(CellProblem("is not a tax code (10 digits, or 13 for a branch)"))
    }

    /// An account number, kept as text (``MerchantNormalization/accountNumber(_:)``: 1–19 letters
    /// or digits); nil for an empty cell. With `digits` (the lengths a bank issues), an all-digit
    /// account of another length is refused, a shorter one as having lost its leading zeros.
    public static func account(
        _ raw: String, digits allowed: Set<Int>? = nil
    ) -> Result<String?, CellProblem> {
        let text: String
        switch identifier(raw) {
        case .failure(let problem): return .failure(problem)
        case .success(let value): text = value
        }
        if text.isEmpty { return .success(nil) }
        guard let account = MerchantNormalization.accountNumber(text) else {
            return .failure(CellProblem("is not an account number (1–19 letters or digits)"))
        }
        if let allowed, account.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !allowed.contains(account.utf8.count) {
            let lengths = allowed.sorted().map(String.init).joined(separator: " or ")
            if account.utf8.count < allowed.max()! {
                return .failure(
                    CellProblem(
                        "has \(account.utf8.count) digits but this bank's accounts have \(lengths): "
                            + "it probably lost leading zeros when a spreadsheet read it as a number; "
                            + "\(textColumnAdvice)"))
            }
            return .failure(CellProblem("has \(account.utf8.count) digits but this bank's accounts have \(lengths)"))
        }
        return .success(account)
    }

    /// A bank BIN, or a bank code / short name the directory knows (`VCB`, `Agribank`); nil for an
    /// empty cell.
    public static func bin(_ raw: String, banks: BankDirectory = .shared) -> Result<String?, CellProblem> {
        if raw.utf8.count == 6, let bank = banks.bank(bin: raw) { return .success(bank.bin) }
        let text: String
        switch identifier(raw) {
        case .failure(let problem): return .failure(problem)
        case .success(let value): text = value
        }
        if text.isEmpty { return .success(nil) }
        guard let bank = banks.lookup(text) else {
            return .failure(CellProblem("is not a BIN or bank code in the bank directory (see `qrcov banks`)"))
        }
        return .success(bank.bin)
    }

    /// A merchant id (a positive whole number); nil for an empty cell.
    public static func merchantId(_ raw: String) -> Result<Int64?, CellProblem> {
        let text: String
        switch identifier(raw) {
        case .failure(let problem): return .failure(problem)
        case .success(let value): text = value
        }
        if text.isEmpty { return .success(nil) }
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let id = Int64(text), id > 0 else {
            return .failure(CellProblem("is not a merchant id (a whole number from 1)"))
        }
        return .success(id)
    }

    /// A day in one of the profile's formats, not after `today`; nil for an empty cell.
    /// A whole number of 5 digits is an Excel serial date (days since 1899-12-30) and is refused.
    public static func day(
        _ raw: String, profile: BankProfile, today: CalendarDay
    ) -> Result<CalendarDay?, CellProblem> {
        let text = trimmed(raw)
        if text.isEmpty { return .success(nil) }
        if let day = profile.day(text) {
            guard day <= today else { return .failure(CellProblem("is in the future (today is \(today))")) }
            return .success(day)
        }
        let formats = profile.dateFormats.map(\.description).joined(separator: ", ")
        if text.utf8.count == 5, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .failure(
                CellProblem(
                    "is a spreadsheet's serial day number, not a date; "
                        + "format the column as a date (\(formats)) or Text and save as CSV again"))
        }
        return .failure(CellProblem("is not a date in this profile's formats (\(formats))"))
    }

    /// The status a cell's word means in the profile: `.success(nil)` for an empty cell or a
    /// word meaning there is no status to record.
    public static func status(_ raw: String, profile: BankProfile) -> Result<QRStatus?, CellProblem> {
        let text = trimmed(raw)
        if text.isEmpty { return .success(nil) }
        guard let status = profile.status(forWord: text) else {
            let words = profile.statusWords.map { "\"\($0.word)\"" }.joined(separator: ", ")
            return .failure(CellProblem("is not a status word of profile \(profile.name) (known: \(words))"))
        }
        return .success(status)
    }

    /// Free text (names, addresses) as stored: NFC, spaces collapsed; nil when empty. An
    /// apostrophe that a formula-safe export put before `=`, `+`, `-` or `@` is taken off again.
    public static func text(_ raw: String) -> String? {
        var text = raw
        if text.hasPrefix("'"), let second = text.unicodeScalars.dropFirst().first,
            "=+-@".unicodeScalars.contains(second)
        {
            text.removeFirst()
        }
        return MerchantNormalization.text(text)
    }

    // MARK: - Helpers

    /// The problem of an identifier whose `digits` are one short because a spreadsheet read it as
    /// a number.
    private static func lostLeadingZero(_ digits: String) -> CellProblem {
        CellProblem(
            "has \(digits.count) digits: it lost its leading zero (0\(digits)?) "
                + "when a spreadsheet read it as a number; \(textColumnAdvice)")
    }

    static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The digits of `text` when it holds only digits and the given separators.
    private static func digits(_ text: String, ignoring separators: String) -> String? {
        var digits = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                digits.unicodeScalars.append(scalar)
            } else if !separators.unicodeScalars.contains(scalar) {
                return nil
            }
        }
        return digits.isEmpty ? nil : digits
    }

    /// `9.70436E+11`, `9,70436E+11` (a decimal comma), `1E+15`, `1.2e-3`.
    static func isScientific(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digitRun() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        guard digitRun() > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            guard digitRun() > 0 else { return false }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "E") || bytes[index] == UInt8(ascii: "e") else {
            return false
        }
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index += 1
        }
        guard digitRun() > 0 else { return false }
        return index == bytes.count
    }

    /// The integer part of `123.0` / `123,00` (digits, one `.` or `,`, then zeros only), else nil.
    static func wholeNumberWithZeroFraction(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard let separator = bytes.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }),
            separator > 0, separator < bytes.count - 1,
            bytes[..<separator].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            bytes[(separator + 1)...].allSatisfy({ $0 == 0x30 })
        else { return nil }
        return String(decoding: bytes[..<separator], as: UTF8.self)
    }
}

/// Why a cell's value was refused (the value and column are added by the caller).
public struct CellProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it, worded to follow the cell's column and value (`has 9 digits: …`).
    public var reason: String
    /// A problem with this reason.
    public init(_ reason: String) { self.reason = reason }
    /// The reason.
    public var description: String { reason }
}
