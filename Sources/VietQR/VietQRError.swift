/// Why a VietQR payload could not be built or parsed: the field (tag path such as `38.01.00`,
/// or `nil` for the payload as a whole) and the rule it breaks.
public struct VietQRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broken rule, with the facts needed to explain it.
    public enum Rule: Sendable, Equatable {
        /// The payload is empty.
        case empty
        /// Fewer than four characters left where an ID and length must start.
        case truncatedHeader(offset: Int, path: String)
        /// The two-character ID at `offset` is not two digits.
        case nonDigitTag(offset: Int, path: String)
        /// The two-character length at `offset` is not two digits.
        case nonDigitLength(offset: Int)
        /// A length of `00`: EMV lengths run from 01 to 99.
        case zeroLength(offset: Int)
        /// The declared length runs past the end of the data.
        case lengthOverrunsData(declared: Int, available: Int)
        /// The tag appears twice at the same level.
        case duplicateTag
        /// The payload must start with the payload format indicator, tag 00.
        case formatIndicatorNotFirst
        /// The CRC, tag 63, must be the last data object.
        case crcNotLast
        /// A mandatory data object is absent.
        case missingTag
        /// The CRC in tag 63 is not four hexadecimal digits.
        case malformedCRC(found: String)
        /// The CRC in tag 63 does not match the data.
        case crcMismatch(expected: String, found: String)
        /// A fixed value differs from the one the specification requires.
        case unexpectedValue(expected: String, found: String)
        /// The point of initiation method (tag 01) is neither 11 (static) nor 12 (dynamic).
        case unknownInitiationMethod(found: String)
        /// The service code (38.02) is neither QRIBFTTA nor QRIBFTTC.
        case unknownServiceCode(found: String)
        /// The acquirer BIN (38.01.00) is not six digits.
        case invalidBIN(found: String)
        /// The account or card number (38.01.01) is not 1–19 letters or digits.
        case invalidAccount(found: String)
        /// The amount (tag 54) breaks the format for VND.
        case invalidAmount(found: String, reason: String)
        /// A text field holds a character outside printable ASCII.
        case notPrintableASCII(found: String)
        /// A text field is empty after folding Vietnamese to ASCII.
        case emptyText
        /// A field is longer than its limit (characters).
        case tooLong(limit: Int, length: Int)
        /// A sub-tag that the template does not define.
        case unexpectedSubTag
        /// The language preference (64.00) is not two lower-case letters.
        case invalidLanguage(found: String)
    }

    /// The field's tag path (`59`, `38.01.00`), or nil when the rule is about the whole payload.
    public let tag: String?
    /// The rule the field breaks.
    public let rule: Rule

    /// The error for `rule` broken by the field at `tag` (nil: the payload as a whole).
    public init(tag: String?, _ rule: Rule) {
        self.tag = tag
        self.rule = rule
    }

    /// A sentence naming the field and the rule, for people.
    public var description: String {
        let field = tag.map { "tag \($0)" + (Self.fieldNames[$0].map { " (\($0))" } ?? "") } ?? "payload"
        switch rule {
        case .empty: return "payload is empty"
        case .truncatedHeader(let offset, let path):
            return "payload: \(path.isEmpty ? "" : "in tag \(path.dropLast()): ")"
                + "data ends at character \(offset) where a two-digit ID and length must follow"
        case .nonDigitTag(let offset, let path):
            return "payload: \(path.isEmpty ? "" : "in tag \(path.dropLast()): ")"
                + "the ID at character \(offset) is not two digits"
        case .nonDigitLength(let offset): return "\(field): the length at character \(offset) is not two digits"
        case .zeroLength: return "\(field): length 00 is invalid (01–99)"
        case .lengthOverrunsData(let declared, let available):
            return "\(field): declares length \(declared) but only \(available) characters follow"
        case .duplicateTag: return "\(field): appears more than once"
        case .formatIndicatorNotFirst: return "payload: must start with tag 00 (payload format indicator)"
        case .crcNotLast: return "tag 63 (CRC): must be the last data object"
        case .missingTag: return "\(field): mandatory but missing"
        case .malformedCRC(let found): return "tag 63 (CRC): must be 4 hexadecimal digits, found \"\(found)\""
        case .crcMismatch(let expected, let found): return "tag 63 (CRC): is \(found) but the data gives \(expected)"
        case .unexpectedValue(let expected, let found): return "\(field): must be \"\(expected)\", found \"\(found)\""
        case .unknownInitiationMethod(let found):
            return "\(field): must be 11 (static) or 12 (dynamic), found \"\(found)\""
        case .unknownServiceCode(let found):
            return "\(field): must be QRIBFTTA (to account) or QRIBFTTC (to card), found \"\(found)\""
        case .invalidBIN(let found): return "\(field): must be 6 digits, found \"\(found)\""
        case .invalidAccount(let found): return "\(field): must be 1–19 letters or digits, found \"\(found)\""
        case .invalidAmount(let found, let reason): return "\(field): \"\(found)\" \(reason)"
        case .notPrintableASCII(let found): return "\(field): only printable ASCII is allowed, found \"\(found)\""
        case .emptyText: return "\(field): is empty once folded to ASCII"
        case .tooLong(let limit, let length): return "\(field): \(length) characters, the limit is \(limit)"
        case .unexpectedSubTag: return "\(field): sub-tag not defined for this template"
        case .invalidLanguage(let found): return "\(field): must be a two-letter ISO 639 code, found \"\(found)\""
        }
    }

    /// Human names of the fields, for messages.
    static let fieldNames: [String: String] = [
        "00": "payload format indicator", "01": "point of initiation method",
        "38": "VietQR merchant account", "38.00": "GUID", "38.01": "beneficiary organization",
        "38.01.00": "acquirer BIN", "38.01.01": "account or card number", "38.02": "service code",
        "53": "currency", "54": "amount", "58": "country code", "59": "merchant name", "60": "merchant city",
        "62": "additional data", "62.01": "bill number", "62.02": "mobile number", "62.03": "store label",
        "62.04": "loyalty number", "62.05": "reference label", "62.06": "customer label",
        "62.07": "terminal label", "62.08": "purpose of transaction", "62.09": "additional consumer data request",
        "63": "CRC", "64": "language template", "64.00": "language preference",
        "64.01": "merchant name, alternate language", "64.02": "merchant city, alternate language",
    ]
}

/// Something worth telling about a payload that is still valid.
public enum VietQRWarning: Sendable, Equatable, CustomStringConvertible {
    /// The BIN is well-formed but not in the bank directory (new banks appear).
    case unknownBIN(String)

    /// A sentence naming the field and what is odd about it, for people.
    public var description: String {
        switch self {
        case .unknownBIN(let bin): "tag 38.01.00 (acquirer BIN): \(bin) is not in the bank directory"
        }
    }
}
