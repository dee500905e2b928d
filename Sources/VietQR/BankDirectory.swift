/// A bank or wallet that can receive a VietQR transfer, keyed by its acquirer BIN.
public struct Bank: Sendable, Equatable, Hashable, Codable {
    /// The 6-digit acquirer BIN (VietQR field 38.01.00), the key.
    public let bin: String
    /// The common code (e.g. `VCB`); not unique across public sources.
    public let code: String
    /// The short name people know (e.g. `Vietcombank`).
    public let shortName: String
    /// The registered name in Vietnamese.
    public let name: String
    /// The SWIFT/BIC code, empty when none is published.
    public let swift: String

    /// A bank with these fields, taken as given (the directory checks them, this does not).
    public init(bin: String, code: String, shortName: String, name: String, swift: String) {
        self.bin = bin
        self.code = code
        self.shortName = shortName
        self.name = name
        self.swift = swift
    }
}

/// The directory of banks from `data/banks.csv` (embedded in the binary at build time).
///
/// Look-ups are by BIN (exact) or by code / short name (ignoring case and diacritics).
/// When a code is shared by two rows the first in BIN order wins; use the BIN to be exact.
public struct BankDirectory: Sendable {
    /// Every bank, in BIN order.
    public let banks: [Bank]
    private let byBIN: [String: Bank]
    private let byKey: [String: Bank]

    /// The directory shipped with the package.
    public static let shared: BankDirectory = {
        do {
            return try BankDirectory(csv: String(decoding: PackageResources.banks_csv, as: UTF8.self))
        } catch {
            preconditionFailure("the embedded data/banks.csv is invalid: \(error)")
        }
    }()

    /// Parses a directory in the `bin,code,short_name,name,swift` format of `data/banks.csv`.
    ///
    /// Blank lines are skipped; banks are kept in BIN order. Throws ``BankDirectoryError`` when
    /// the header differs, a row has not 5 fields or its BIN is not 6 digits, a BIN appears twice,
    /// or a quoted field is not closed.
    public init(csv: String) throws(BankDirectoryError) {
        var banks: [Bank] = []
        let records = try SimpleCSV.parse(csv)
        guard let header = records.first, header == ["bin", "code", "short_name", "name", "swift"] else {
            throw .badHeader(records.first ?? [])
        }
        for (index, fields) in records.dropFirst().enumerated() where fields != [""] {
            let line = index + 2
            guard fields.count == 5 else {
                throw .badRow(line: line, reason: "expected 5 fields, found \(fields.count)")
            }
            guard fields[0].count == 6, fields[0].allSatisfy(\.isASCIIDigit) else {
                throw .badRow(line: line, reason: "bin must be 6 digits, found \"\(fields[0])\"")
            }
            banks.append(
                Bank(bin: fields[0], code: fields[1], shortName: fields[2], name: fields[3], swift: fields[4]))
        }
        banks.sort { $0.bin < $1.bin }
        var byBIN: [String: Bank] = [:]
        var byKey: [String: Bank] = [:]
        for bank in banks {
            guard byBIN[bank.bin] == nil else { throw .duplicateBIN(bank.bin) }
            byBIN[bank.bin] = bank
            for key in [bank.code, bank.shortName].map(VietnameseText.searchKey) where !key.isEmpty {
                if byKey[key] == nil { byKey[key] = bank }
            }
        }
        self.banks = banks
        self.byBIN = byBIN
        self.byKey = byKey
    }

    /// The bank with this BIN (exact, no trimming); nil when the directory has none.
    public func bank(bin: String) -> Bank? { byBIN[bin] }

    /// The bank named by a BIN, a code (`VCB`) or a short name (`vietcombank`, `Vietinbank`).
    ///
    /// Surrounding white space is ignored, and codes and names are compared by
    /// ``VietnameseText/searchKey(_:)``; nil when nothing matches.
    public func lookup(_ query: String) -> Bank? {
        let trimmed = query.trimmingWhitespace()
        if let bank = byBIN[trimmed] { return bank }
        return byKey[VietnameseText.searchKey(trimmed)]
    }
}

/// Why a bank directory file could not be read.
public enum BankDirectoryError: Error, Equatable, CustomStringConvertible {
    /// The first record is not `bin,code,short_name,name,swift`; it holds the fields found.
    case badHeader([String])
    /// The record on `line` (from 1, the header) is not a bank: wrong field count or BIN.
    case badRow(line: Int, reason: String)
    /// The BIN is listed twice.
    case duplicateBIN(String)
    /// The quoted field opened on `line` is never closed.
    case badQuoting(line: Int)

    public var description: String {
        switch self {
        case .badHeader(let found):
            "banks.csv: header must be bin,code,short_name,name,swift, found \(found.joined(separator: ","))"
        case .badRow(let line, let reason): "banks.csv:\(line): \(reason)"
        case .duplicateBIN(let bin): "banks.csv: BIN \(bin) appears twice"
        case .badQuoting(let line): "banks.csv:\(line): unterminated quoted field"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}

/// The small RFC 4180 reader the embedded reference data needs (quoted fields, doubled quotes).
enum SimpleCSV {
    static func parse(_ text: String) throws(BankDirectoryError) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var quoteStartLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending {
                pending = nil
                return p
            }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = n
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                inQuotes = true
                quoteStartLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r": break
            case "\n":
                fields.append(field)
                field = ""
                records.append(fields)
                fields = []
                line += 1
            default: field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .badQuoting(line: quoteStartLine) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
