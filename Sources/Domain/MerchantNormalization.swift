import Foundation
import VietQR

/// Normalization and validation of merchant fields (pure; no database).
public enum MerchantNormalization {
    /// A Vietnamese phone number in national format: `+84 912 345 678`, `84912345678`,
    /// `0912.345.678` all give `0912345678`. Spaces, dots, dashes and parentheses are ignored.
    /// Valid: 10 digits (mobile) or 11 digits (landline with area code) starting with 0.
    public static func phone(_ text: String) -> String? {
        // Already national (the usual case in files): returned as it is, without a copy.
        if let count = NormalizedText.digitCount(text), count == 10 || count == 11 {
            let utf8 = text.utf8
            let second = utf8[utf8.index(after: utf8.startIndex)]
            if utf8.first == UInt8(ascii: "0") && second != UInt8(ascii: "0") { return text }
        }
        var digits: [UInt8] = []
        var sawPlus = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
            case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"): continue
            case UInt8(ascii: "+") where digits.isEmpty && !sawPlus: sawPlus = true
            default:
                guard text.contains("\u{00A0}"), text.unicodeScalars.allSatisfy({ $0.value < 0x80 || $0 == "\u{00A0}" })
                else { return nil }
                return phone(text.replacingOccurrences(of: "\u{00A0}", with: " "))
            }
        }
        let zero = UInt8(ascii: "0")
        let eight = UInt8(ascii: "8")
        let four = UInt8(ascii: "4")
        let international = digits.count >= 2 && digits[0] == eight && digits[1] == four
        if sawPlus {
            guard international else { return nil }
            digits.replaceSubrange(0..<2, with: [zero])
        } else if international, digits.count == 11 || digits.count == 12 {
            digits.replaceSubrange(0..<2, with: [zero])
        }
        guard digits.count == 10 || digits.count == 11, digits[0] == zero, digits[1] != zero else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// A tax code: 10 digits, or 13 for a branch (`0101234567-001`); returned as digits only.
    public static func taxCode(_ text: String) -> String? {
        if let count = NormalizedText.digitCount(text) { return count == 10 || count == 13 ? text : nil }
        guard let digits = NormalizedText.digits(text, ignoring: [UInt8(ascii: "-"), UInt8(ascii: " ")]),
            digits.count == 10 || digits.count == 13
        else { return nil }
        return String(decoding: digits, as: UTF8.self)
    }

    /// A bank account number: letters and digits (spaces and dashes dropped), 1–19 characters,
    /// the VietQR limit. Kept as text so leading zeros survive.
    public static func accountNumber(_ text: String) -> String? {
        if let count = NormalizedText.digitCount(text) { return count <= 19 ? text : nil }
        let compact = text.filter { $0 != " " && $0 != "-" && $0 != "." }
        guard (1...19).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return compact
    }

    /// Free text as stored: NFC, white space collapsed and trimmed; nil when empty.
    public static func text(_ text: String?) -> String? {
        guard let text else { return nil }
        if NormalizedText.isNormalized(text) { return text.isEmpty ? nil : text }
        let collapsed = VietnameseText.normalized(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// The key hamlets are grouped by: the search key (case, diacritics, tone placement ignored)
    /// with the common abbreviations spelled out (`TDP 3` = `Tổ dân phố 3`, `Th. Đông` = `Thôn Đông`).
    public static func hamletKey(_ hamlet: String?) -> String {
        guard let hamlet else { return "" }
        var words = VietnameseText.searchKey(hamlet)
            .replacingOccurrences(of: ".", with: ". ")
            .split(separator: " ").map(String.init)
        let abbreviations: [String: [String]] = [
            "tdp": ["to", "dan", "pho"], "tdp.": ["to", "dan", "pho"], "th.": ["thon"],
            "kp": ["khu", "pho"], "kp.": ["khu", "pho"], "x.": ["xom"],
        ]
        if let first = words.first, let expansion = abbreviations[first] {
            words.replaceSubrange(0..<1, with: expansion)
        }
        return words.joined(separator: " ")
    }

    /// Validates and normalizes a draft; every bad field is reported, named as in the CSV header.
    public static func validate(
        _ draft: MerchantDraft, communes: CommuneDirectory,
        banks: BankDirectory = .shared
    ) -> Result<ValidMerchant, MerchantValidationError> {
        var validator = MerchantValidator(communes: communes, banks: banks)
        return validator.validate(draft)
    }
}

/// Validates merchant drafts, remembering the commune references, hamlets and business types it
/// has seen: in a file of many rows these repeat, and each is resolved only once.
public struct MerchantValidator {
    public let communes: CommuneDirectory
    public let banks: BankDirectory
    private var communeCache: [ExactText: Result<String, CommuneLookupError>] = [:]
    private var hamletCache: [ExactText: (text: String?, key: String)] = [:]
    private var textCache: [ExactText: String?] = [:]
    private var bankCache: [ExactText: String?] = [:]

    public init(communes: CommuneDirectory, banks: BankDirectory = .shared) {
        self.communes = communes
        self.banks = banks
    }

    private mutating func commune(_ text: String) -> Result<String, CommuneLookupError> {
        if let cached = communeCache[ExactText(text)] { return cached }
        let result: Result<String, CommuneLookupError>
        do { result = .success(try communes.resolve(text).code) } catch { result = .failure(error) }
        communeCache[ExactText(text)] = result
        return result
    }

    /// The BIN of a bank given by BIN, code or name, nil when the directory lacks it.
    private mutating func resolvedBIN(_ raw: String) -> String? {
        if let cached = bankCache[ExactText(raw)] { return cached }
        let bin = banks.lookup(raw)?.bin
        if bankCache.count < 10_000 { bankCache[ExactText(raw)] = bin }
        return bin
    }

    private mutating func repeatedText(_ raw: String?) -> String? {
        guard let raw else { return nil }
        if let cached = textCache[ExactText(raw)] { return cached }
        let text = MerchantNormalization.text(raw)
        if textCache.count < 100_000 { textCache[ExactText(raw)] = text }
        return text
    }

    private mutating func hamlet(_ raw: String?) -> (text: String?, key: String) {
        guard let raw else { return (nil, "") }
        if let cached = hamletCache[ExactText(raw)] { return cached }
        let text = MerchantNormalization.text(raw)
        let value = (text, MerchantNormalization.hamletKey(text))
        if hamletCache.count < 100_000 { hamletCache[ExactText(raw)] = value }
        return value
    }

    /// Validates and normalizes a draft; every bad field is reported, named as in the CSV header.
    public mutating func validate(_ draft: MerchantDraft) -> Result<ValidMerchant, MerchantValidationError> {
        typealias N = MerchantNormalization
        var errors: [MerchantFieldError] = []

        var communeCode = ""
        switch commune(draft.commune) {
        case .success(let code): communeCode = code
        case .failure(let error): errors.append(MerchantFieldError(field: "commune", message: error.description))
        }
        errors += Self.controlCharacters(draft)
        let name = N.text(draft.name)
        if name == nil { errors.append(MerchantFieldError(field: "name", message: "a shop name is required")) }

        var phone: String? = nil
        if let raw = Self.present(draft.phone) {
            phone = N.phone(raw)
            if phone == nil {
                errors.append(
                    MerchantFieldError(
                        field: "phone",
                        message: "\"\(raw)\" is not a Vietnamese phone number (10 digits from 0, or +84…)"))
            }
        }
        var taxCode: String? = nil
        if let raw = Self.present(draft.taxCode) {
            taxCode = N.taxCode(raw)
            if taxCode == nil {
                errors.append(
                    MerchantFieldError(field: "tax_code", message: "\"\(raw)\" is not a tax code (10 or 13 digits)"))
            }
        }
        let (openedOn, closedOn) = Self.dates(draft, errors: &errors)
        let (bankBIN, accountNumber) = bankAccount(draft, errors: &errors)
        guard errors.isEmpty, let name else { return .failure(MerchantValidationError(fields: errors)) }
        let hamlet = hamlet(draft.hamlet)
        return .success(
            ValidMerchant(
                communeCode: communeCode, name: name, hamlet: hamlet.text, hamletKey: hamlet.key,
                address: N.text(draft.address), ownerName: N.text(draft.ownerName), phone: phone, taxCode: taxCode,
                businessType: repeatedText(draft.businessType), openedOn: openedOn, closedOn: closedOn,
                bankBIN: bankBIN, accountNumber: accountNumber, accountName: N.text(draft.accountName)))
    }

    /// The free-text fields holding a control character other than white space (ESC, BEL, …: a
    /// name that could drive a terminal or hide text): refused, naming the field and the character.
    private static func controlCharacters(_ draft: MerchantDraft) -> [MerchantFieldError] {
        let fields: [(String, String?)] = [
            ("name", draft.name), ("hamlet", draft.hamlet), ("address", draft.address),
            ("owner_name", draft.ownerName), ("business_type", draft.businessType),
            ("account_name", draft.accountName),
        ]
        return fields.compactMap { field, value in
            guard let value, let control = NormalizedText.firstControlCharacter(value) else { return nil }
            let code = String(control.value, radix: 16, uppercase: true)
            let hex = String(repeating: "0", count: max(0, 4 - code.count)) + code
            return MerchantFieldError(field: field, message: "contains the control character U+\(hex); remove it")
        }
    }

    /// An optional field's text without outer white space; nil when it is missing or blank.
    private static func present(_ value: String?) -> String? {
        guard let value else { return nil }
        if NormalizedText.hasNoOuterSpace(value) { return value.isEmpty ? nil : value }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The opening and closing days; appends an error for each unreadable date (opened_on first), then
    /// one for a closing day before the opening day.
    private static func dates(
        _ draft: MerchantDraft, errors: inout [MerchantFieldError]
    ) -> (openedOn: CalendarDay?, closedOn: CalendarDay?) {
        func day(_ raw: String?, field: String) -> CalendarDay? {
            guard let raw = present(raw) else { return nil }
            guard let day = CalendarDay(raw) else {
                errors.append(
                    MerchantFieldError(field: field, message: "\"\(raw)\" is not a date (YYYY-MM-DD or dd/MM/yyyy)"))
                return nil
            }
            return day
        }
        let openedOn = day(draft.openedOn, field: "opened_on")
        let closedOn = day(draft.closedOn, field: "closed_on")
        if let openedOn, let closedOn, closedOn < openedOn {
            errors.append(
                MerchantFieldError(field: "closed_on", message: "closes (\(closedOn)) before it opened (\(openedOn))"))
        }
        return (openedOn, closedOn)
    }

    /// The bank's BIN (looked up in the bank directory) and the account number; appends an error for an
    /// unknown bank, then for a bad account number, and, when neither is reported, for a bank without
    /// an account number or an account number without a bank (a bank account needs both).
    private mutating func bankAccount(
        _ draft: MerchantDraft, errors: inout [MerchantFieldError]
    ) -> (bankBIN: String?, accountNumber: String?) {
        var bankBIN: String? = nil
        if let raw = Self.present(draft.bank) {
            if let bin = resolvedBIN(raw) {
                bankBIN = bin
            } else {
                errors.append(
                    MerchantFieldError(
                        field: "bank_bin", message: "\"\(raw)\" is not a bank BIN or code in the bank directory"))
            }
        }
        var accountNumber: String? = nil
        if let raw = Self.present(draft.accountNumber) {
            accountNumber = MerchantNormalization.accountNumber(raw)
            if accountNumber == nil {
                errors.append(
                    MerchantFieldError(
                        field: "account_number", message: "\"\(raw)\" is not an account number (1–19 letters or digits)"
                    ))
            }
        }
        if (bankBIN == nil) != (accountNumber == nil),
            errors.allSatisfy({ $0.field != "bank_bin" && $0.field != "account_number" })
        {
            errors.append(
                MerchantFieldError(
                    field: bankBIN == nil ? "bank_bin" : "account_number",
                    message: "a bank account needs both the bank and the account number"))
        }
        return (bankBIN, accountNumber)
    }
}
