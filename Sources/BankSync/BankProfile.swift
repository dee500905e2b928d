import Domain
import Foundation
import VietQR

/// How one bank's files are read: which column headers mean which ``SyncField``, the date
/// formats, the words for each QR status, and the source name the imported events carry.
///
/// Profiles are JSON files (`data/bank-profiles/*.json`, embedded in `qrcov`; format in
/// `data/bank-profiles/README.md`). Headers and status words are compared by
/// ``VietnameseText/searchKey(_:)``: case, diacritics, tone-mark placement and spacing are ignored,
/// so `Mã số thuế`, `MÃ SỐ THUẾ` and `Ma so thue` are one header.
public struct BankProfile: Sendable, Equatable {
    /// What a header or status word means.
    enum HeaderMeaning: Sendable, Equatable {
        case field(SyncField)
        case ignored
    }

    /// The profile's name (`--profile NAME`): lower-case letters, digits and dashes.
    public let name: String
    /// One line on what files the profile reads.
    public let description: String
    /// True for profiles that illustrate a bank's format rather than a bank's published specification.
    public let isExample: Bool
    /// The BIN of the bank whose files these are: the BIN of every row that has no BIN cell.
    public let bank: String?
    /// The `source` of the status events an import records (part of an event's identity).
    public let source: String
    /// For each field, the headers that mean it; the first is the one the profile's listing shows.
    public let columns: [SyncField: [String]]
    /// Headers whose columns are read past (informational columns such as a row number).
    public let ignoredColumns: [String]
    /// Date formats, tried in order.
    public let dateFormats: [DatePattern]
    /// The status vocabulary: each word and the status it means, nil for words that say there is
    /// no status to record (such as "not issued yet").
    public let statusWords: [(word: String, status: QRStatus?)]
    /// The account lengths (in digits) this bank issues; nil when not restricted.
    public let accountDigits: Set<Int>?

    let headerKeys: [String: HeaderMeaning]
    let statusKeys: [String: QRStatus?]
    /// The status words exactly as the profile writes them (the common case, without folding).
    private let statusWordsAsWritten: [String: QRStatus?]

    /// Equal when every public property is, the status words compared word by word in order.
    public static func == (lhs: BankProfile, rhs: BankProfile) -> Bool {
        lhs.name == rhs.name && lhs.description == rhs.description && lhs.isExample == rhs.isExample
            && lhs.bank == rhs.bank && lhs.source == rhs.source && lhs.columns == rhs.columns
            && lhs.ignoredColumns == rhs.ignoredColumns
            && lhs.dateFormats == rhs.dateFormats && lhs.accountDigits == rhs.accountDigits
            && lhs.statusWords.map(\.word) == rhs.statusWords.map(\.word)
            && lhs.statusWords.map(\.status) == rhs.statusWords.map(\.status)
    }

    /// The JSON shape of a profile file.
    private struct File: Decodable {
        var name: String
        var description: String
        var example: Bool?
        var bank: String?
        var source: String
        var columns: [String: [String]]
        var ignored_columns: [String]?
        var date_formats: [String]?
        var statuses: [String: [String]]?
        var no_status: [String]?
        var account_digits: [Int]?
    }

    /// Reads and checks a profile. `origin` names it in errors (a path, or `built-in profile generic`).
    ///
    /// Throws ``BankProfileError`` (not ``BankProfileError/isUnreadable``) at the first problem:
    /// JSON that is not a profile; a bad name or an empty source; an unknown field or status, an
    /// empty header or word, or one that means two things; no column that identifies a merchant;
    /// a bank missing from the directory; an account column without a BIN, a date column without
    /// formats, a status column without status words; a bad date format or account length.
    public init(json: Data, origin: String) throws(BankProfileError) {
        let reader = Reader(origin: origin)
        let file = try reader.decode(json)
        guard !file.name.isEmpty, file.name.utf8.allSatisfy(Reader.isNameByte) else {
            throw reader.fail("name \"\(file.name)\" must be lower-case letters, digits and dashes")
        }
        let source = VietnameseText.normalized(file.source)
        guard !source.isEmpty else { throw reader.fail("source must not be empty") }

        let (columns, ignored, headerKeys) = try reader.columns(file)
        let bank = try reader.bank(file.bank)
        if columns[.account] != nil, columns[.bin] == nil, bank == nil {
            throw reader.fail("an account column needs a bin column or a fixed \"bank\" BIN")
        }
        let dateFormats = try reader.dateFormats(file.date_formats ?? [])
        if columns[.date] != nil, dateFormats.isEmpty { throw reader.fail("a date column needs date_formats") }
        let (statusWords, statusKeys) = try reader.statusWords(file)
        if columns[.status] != nil, !statusKeys.values.contains(where: { $0 != nil }) {
            throw reader.fail("a status column needs statuses: the words for registered, displayed or verified")
        }
        let accountDigits = try reader.accountDigits(file.account_digits)

        name = file.name
        description = VietnameseText.normalized(file.description)
        isExample = file.example ?? false
        self.bank = bank
        self.source = source
        self.columns = columns
        ignoredColumns = ignored
        self.dateFormats = dateFormats
        self.statusWords = statusWords
        self.statusKeys = statusKeys
        statusWordsAsWritten = Dictionary(statusWords.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        self.headerKeys = headerKeys
        self.accountDigits = accountDigits
    }

    /// Reads the parts of a profile file in turn, each checked, with errors that name the profile.
    private struct Reader {
        let origin: String

        func fail(_ message: String) -> BankProfileError { BankProfileError(origin: origin, message: message) }

        /// `a`–`z`, `0`–`9` and `-`, the bytes of a profile name.
        static func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }

        /// The file's JSON; a missing key or a value of the wrong type is named in the error.
        func decode(_ json: Data) throws(BankProfileError) -> File {
            do {
                return try JSONDecoder().decode(File.self, from: json)
            } catch let DecodingError.keyNotFound(key, _) {
                throw fail("the \"\(key.stringValue)\" key is missing")
            } catch let DecodingError.typeMismatch(_, context) {
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                throw fail("\(path): \(context.debugDescription)")
            } catch {
                throw fail("not a profile JSON file (\(error.localizedDescription))")
            }
        }

        /// Each field's headers (NFC, in the file's order), the ignored headers, and the meaning of
        /// every header's search key. Fields are read in name order, so the first conflict found
        /// does not depend on the JSON's key order; at least one column must identify a merchant.
        func columns(
            _ file: File
        ) throws(BankProfileError) -> (
            columns: [SyncField: [String]], ignored: [String], headerKeys: [String: HeaderMeaning]
        ) {
            var columns: [SyncField: [String]] = [:]
            var headerKeys: [String: HeaderMeaning] = [:]
            func claim(_ header: String, _ meaning: HeaderMeaning) throws(BankProfileError) -> String {
                let text = VietnameseText.normalized(header)
                let key = VietnameseText.searchKey(text)
                guard !key.isEmpty else { throw fail("an empty header for \(BankProfile.describe(meaning))") }
                if let other = headerKeys[key], other != meaning {
                    throw fail(
                        "header \"\(text)\" means both \(BankProfile.describe(other)) and "
                            + "\(BankProfile.describe(meaning)) (headers are compared ignoring case and diacritics)")
                }
                headerKeys[key] = meaning
                return text
            }
            for (fieldName, headers) in file.columns.sorted(by: { $0.key < $1.key }) {
                guard let field = SyncField(rawValue: fieldName) else {
                    let fields = SyncField.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail("unknown field \"\(fieldName)\" in columns (fields: \(fields))")
                }
                guard !headers.isEmpty else { throw fail("columns.\(fieldName) lists no header") }
                var texts: [String] = []
                for header in headers { texts.append(try claim(header, .field(field))) }
                columns[field] = texts
            }
            var ignored: [String] = []
            for header in file.ignored_columns ?? [] { ignored.append(try claim(header, .ignored)) }
            guard SyncField.identifiers.contains(where: { columns[$0] != nil }) else {
                throw fail("no column identifies a merchant: map at least one of merchant_id, tax_code, phone, account")
            }
            return (columns, ignored, headerKeys)
        }

        /// The fixed bank's BIN, which must be in the bank directory; nil when none is given.
        func bank(_ raw: String?) throws(BankProfileError) -> String? {
            guard let raw else { return nil }
            guard let known = BankDirectory.shared.bank(bin: raw) else {
                throw fail("bank \"\(raw)\" is not a BIN in the bank directory")
            }
            return known.bin
        }

        /// The date formats in the file's order.
        func dateFormats(_ texts: [String]) throws(BankProfileError) -> [DatePattern] {
            var patterns: [DatePattern] = []
            for text in texts {
                guard let pattern = DatePattern(text) else {
                    throw fail(
                        "date format \"\(text)\" is not a pattern of yyyy, MM or M, dd or d (optionally HH:mm:ss)")
                }
                patterns.append(pattern)
            }
            return patterns
        }

        /// The status words (NFC) with their statuses, statuses in ``QRStatus`` order and then the
        /// "no status" words, and the status of every word's search key.
        func statusWords(
            _ file: File
        ) throws(BankProfileError) -> (words: [(String, QRStatus?)], keys: [String: QRStatus?]) {
            var statusWords: [(String, QRStatus?)] = []
            var statusKeys: [String: QRStatus?] = [:]
            func addWord(_ word: String, _ status: QRStatus?) throws(BankProfileError) {
                let text = VietnameseText.normalized(word)
                let key = VietnameseText.searchKey(text)
                guard !key.isEmpty else { throw fail("an empty status word") }
                if let other = statusKeys[key], other != status {
                    throw fail(
                        "status word \"\(text)\" means both \(other?.rawValue ?? "no status") and "
                            + "\(status?.rawValue ?? "no status")")
                }
                statusKeys[key] = status
                statusWords.append((text, status))
            }
            for status in QRStatus.allCases {
                for word in file.statuses?[status.rawValue] ?? [] { try addWord(word, status) }
            }
            if let unknown = file.statuses?.keys.first(where: { QRStatus(rawValue: $0) == nil }) {
                throw fail("unknown status \"\(unknown)\" in statuses (none, registered, displayed, verified)")
            }
            for word in file.no_status ?? [] { try addWord(word, nil) }
            return (statusWords, statusKeys)
        }

        /// The account lengths, 1–19 digits each; nil when the file sets none.
        func accountDigits(_ digits: [Int]?) throws(BankProfileError) -> Set<Int>? {
            guard let digits else { return nil }
            guard !digits.isEmpty, digits.allSatisfy({ (1...19).contains($0) }) else {
                throw fail("account_digits must list lengths from 1 to 19")
            }
            return Set(digits)
        }
    }

    private static func describe(_ meaning: HeaderMeaning) -> String {
        switch meaning {
        case .field(let field): field.rawValue
        case .ignored: "an ignored column"
        }
    }

    /// The header the profile lists first for a field.
    public func primaryHeader(_ field: SyncField) -> String? { columns[field]?.first }

    /// The status a cell's word means: `.some(nil)` for a word meaning "no status", nil when
    /// the word is not in the vocabulary.
    public func status(forWord word: String) -> QRStatus?? {
        if let status = statusWordsAsWritten[word] { return status }
        return statusKeys[VietnameseText.searchKey(word)]
    }

    /// The day a date cell names, in the first of ``dateFormats`` that fits.
    public func day(_ text: String) -> CalendarDay? {
        for pattern in dateFormats { if let day = pattern.day(text) { return day } }
        return nil
    }
}

/// A profile that cannot be used: where it came from and what is wrong.
public struct BankProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The profile file or built-in profile.
    public var origin: String
    /// What is wrong, for people: the key, header or word and the rule it breaks.
    public var message: String
    /// True when the file could not be read at all (as opposed to read and found invalid).
    public var isUnreadable: Bool

    /// The error for `origin`; `isUnreadable` when the file could not be read at all.
    public init(origin: String, message: String, isUnreadable: Bool = false) {
        self.origin = origin
        self.message = message
        self.isUnreadable = isUnreadable
    }

    /// `origin: message`.
    public var description: String { "\(origin): \(message)" }
}
