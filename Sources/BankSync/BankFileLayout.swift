import Domain
import VietQR

/// A bank file's header bound to a profile: which column holds which ``SyncField``.
public struct BankFileLayout: Sendable {
    /// The profile the header was bound to; it reads the cells.
    public let profile: BankProfile
    /// The header as the file has it.
    public let header: [String]
    /// The column of each field (by ``SyncField`` order), nil when the file lacks it.
    private let positions: [Int?]

    /// Binds a header to a profile. Every header must be one the profile knows (a field's or an
    /// ignored column's; empty headers are ignored), no field may appear twice, and the columns
    /// must identify a merchant and carry something to import (a status or account details).
    ///
    /// Throws ``HeaderMismatch`` listing every problem found (unknown columns first), with the
    /// columns the profile expects and the ones the file has.
    public init(header: [String], profile: BankProfile) throws(HeaderMismatch) {
        var positions = [Int?](repeating: nil, count: SyncField.allCases.count)
        var problems: [String] = []
        var unknown: [String] = []
        for (index, cell) in header.enumerated() {
            let key = VietnameseText.searchKey(cell)
            if key.isEmpty { continue }
            switch profile.headerKeys[key] {
            case .field(let field):
                let slot = field.slot
                if let earlier = positions[slot] {
                    problems.append(
                        "columns \(earlier + 1) (\"\(header[earlier])\") and \(index + 1) (\"\(cell)\") "
                            + "both mean \(field.rawValue)")
                } else {
                    positions[slot] = index
                }
            case .ignored:
                continue
            case nil:
                unknown.append("unknown column \"\(cell)\" (column \(index + 1))")
            }
        }
        problems.insert(contentsOf: unknown, at: 0)
        if !unknown.isEmpty, unknown.count == header.filter({ !VietnameseText.searchKey($0).isEmpty }).count {
            problems.append(
                "none of the columns is one of this profile's: is the file for another profile? "
                    + "(see `qrcov sync profiles`)")
        }
        func has(_ field: SyncField) -> Bool { positions[field.slot] != nil }
        if has(.account), !has(.bin), profile.bank == nil {
            problems.append("an account column needs a bin column (profile \(profile.name) names no bank)")
        }
        if !SyncField.identifiers.contains(where: has) {
            let names = SyncField.identifiers.compactMap { profile.primaryHeader($0) }.map { "\"\($0)\"" }
            problems.append("no column identifies a merchant (one of \(names.joined(separator: ", ")) is needed)")
        }
        if !has(.status), !has(.account) {
            problems.append("nothing to import: the file has neither a status column nor an account column")
        }
        guard problems.isEmpty else { throw HeaderMismatch(profile: profile, problems: problems, found: header) }
        self.profile = profile
        self.header = header
        self.positions = positions
    }

    /// True when the file has a column for this field.
    public func has(_ field: SyncField) -> Bool { position(field) != nil }

    /// The header text of a field's column in this file (the profile's name for it when absent).
    public func headerText(of field: SyncField) -> String {
        if let position = position(field) { return header[position] }
        return profile.primaryHeader(field) ?? field.rawValue
    }

    /// The file's header of each field it has.
    public var columnNames: [SyncField: String] {
        var names: [SyncField: String] = [:]
        for field in SyncField.allCases {
            if let position = position(field) { names[field] = header[position] }
        }
        return names
    }

    func position(_ field: SyncField) -> Int? {
        positions[field.slot]
    }

    /// True for a record with no text at all (a blank line, or a row of empty cells): skipped.
    public static func isBlank(_ fields: some Collection<String>) -> Bool {
        fields.allSatisfy { $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
    }

    /// Reads one data row: every cell is checked (``CellValues``) and every problem reported,
    /// each with its column's header, the cell's value and the reason.
    ///
    /// `fields` are the record's cells in header order, `line` its first line in the file, and
    /// `today` the latest date a cell may hold. A row without its BIN takes the profile's bank.
    /// Fails with every issue of the row: a wrong field count, cells ``CellValues`` refuses, an
    /// account without a BIN, or no identifier at all.
    public func row(_ fields: ArraySlice<String>, line: Int, today: CalendarDay) -> Result<BankRow, RowRejection> {
        var issues: [CellIssue] = []
        if fields.count < header.count || fields.dropFirst(header.count).contains(where: { !$0.isEmpty }) {
            let reason = "has \(fields.count) fields, the header has \(header.count)"
            issues.append(CellIssue(column: "(row)", value: "", reason: reason))
        }
        func cell(_ field: SyncField) -> String? {
            guard let position = position(field), position < fields.count else { return nil }
            return fields[fields.startIndex + position]
        }
        func read<Value>(_ field: SyncField, _ parse: (String) -> Result<Value?, CellProblem>) -> Value? {
            guard let raw = cell(field) else { return nil }
            switch parse(raw) {
            case .success(let value): return value
            case .failure(let problem):
                issues.append(CellIssue(column: headerText(of: field), value: raw, reason: problem.reason))
                return nil
            }
        }
        var row = BankRow(line: line)
        row.merchantId = read(.merchantId, CellValues.merchantId)
        row.taxCode = read(.taxCode, CellValues.taxCode)
        row.phone = read(.phone, CellValues.phone)
        row.bin = read(.bin) { CellValues.bin($0) }
        row.account = read(.account) { CellValues.account($0, digits: self.profile.accountDigits) }
        row.status = read(.status) { CellValues.status($0, profile: self.profile) }
        row.day = read(.date) { CellValues.day($0, profile: self.profile, today: today) }
        row.accountName = cell(.accountName).flatMap(CellValues.text)
        row.commune = cell(.commune).flatMap(CellValues.text)
        row.name = cell(.name).flatMap(CellValues.text)
        row.ownerName = cell(.ownerName).flatMap(CellValues.text)
        row.hamlet = cell(.hamlet).flatMap(CellValues.text)
        row.address = cell(.address).flatMap(CellValues.text)
        if row.bin == nil, cell(.bin).map(CellValues.trimmed)?.isEmpty ?? true { row.bin = profile.bank }
        if row.account != nil, row.bin == nil, !issues.contains(where: { $0.column == headerText(of: .bin) }) {
            issues.append(
                CellIssue(
                    column: headerText(of: .bin), value: cell(.bin) ?? "",
                    reason: "is empty, but an account number needs its bank's BIN"))
        }
        if issues.isEmpty, row.merchantId == nil, row.taxCode == nil, row.phone == nil, row.account == nil {
            let names = SyncField.identifiers.filter(has).map { "\"\(headerText(of: $0))\"" }.joined(separator: ", ")
            let reason = "nothing identifies the merchant: \(names) are all empty"
            issues.append(CellIssue(column: "(row)", value: "", reason: reason))
        }
        guard issues.isEmpty else { return .failure(RowRejection(line: line, issues: issues)) }
        return .success(row)
    }
}

/// One data row of a bank file, its values checked and normalized.
public struct BankRow: Sendable, Equatable {
    /// The file line the row starts on.
    public var line: Int
    /// The registry's merchant id, when the file gives one.
    public var merchantId: Int64?
    /// Normalized (digits only).
    public var taxCode: String?
    /// Normalized (national format).
    public var phone: String?
    /// The bank's BIN: the row's, else the profile's bank.
    public var bin: String?
    /// The account number as text (leading zeros kept).
    public var account: String?
    /// The account holder's name as the bank has it (NFC, spaces collapsed).
    public var accountName: String?
    /// Nil when the row states no status (an empty cell, or a word meaning none to record).
    public var status: QRStatus?
    /// Nil when the row has no date (the import's day is used).
    public var day: CalendarDay?
    /// A commune code or name, as the file writes it: only used to create unmatched merchants.
    public var commune: String?
    public var name: String?
    public var ownerName: String?
    public var hamlet: String?
    public var address: String?

    /// A row with these values, taken as given (``BankFileLayout/row(_:line:today:)`` checks them).
    public init(
        line: Int, merchantId: Int64? = nil, taxCode: String? = nil, phone: String? = nil, bin: String? = nil,
        account: String? = nil, accountName: String? = nil, status: QRStatus? = nil, day: CalendarDay? = nil,
        commune: String? = nil, name: String? = nil, ownerName: String? = nil, hamlet: String? = nil,
        address: String? = nil
    ) {
        self.line = line
        self.merchantId = merchantId
        self.taxCode = taxCode
        self.phone = phone
        self.bin = bin
        self.account = account
        self.accountName = accountName
        self.status = status
        self.day = day
        self.commune = commune
        self.name = name
        self.ownerName = ownerName
        self.hamlet = hamlet
        self.address = address
    }
}

/// One invalid cell (or a problem with the whole row, column `(row)`).
public struct CellIssue: Sendable, Equatable, CustomStringConvertible {
    /// The column's header as the file has it.
    public var column: String
    /// The cell as read.
    public var value: String
    /// What is wrong with the value, worded to follow it (see ``CellProblem/reason``).
    public var reason: String

    /// An issue as given.
    public init(column: String, value: String, reason: String) {
        self.column = column
        self.value = value
        self.reason = reason
    }

    /// `column: "value" reason`, or `column: reason` without a value.
    public var description: String {
        value.isEmpty ? "\(column): \(reason)" : "\(column): \"\(value)\" \(reason)"
    }
}

/// A row refused as invalid, with every problem found in it.
public struct RowRejection: Error, Sendable, Equatable {
    /// The line the row starts on.
    public var line: Int
    /// Every problem found, in the order the checks run; never empty.
    public var issues: [CellIssue]

    /// A rejection as given.
    public init(line: Int, issues: [CellIssue]) {
        self.line = line
        self.issues = issues
    }
}

/// A header that does not fit the profile: what is wrong, what the profile expects, what the file
/// has.
public struct HeaderMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The profile's name.
    public var profile: String
    /// Each problem as a phrase for people, unknown columns first.
    public var problems: [String]
    /// The profile's columns (each field's first header, then its other names).
    public var expected: [String]
    /// The header as the file has it.
    public var found: [String]

    init(profile: BankProfile, problems: [String], found: [String]) {
        self.profile = profile.name
        self.problems = problems
        expected = SyncField.allCases.compactMap { field in
            guard let headers = profile.columns[field] else { return nil }
            return headers.count == 1 ? headers[0] : "\(headers[0]) (or \(headers.dropFirst().joined(separator: ", ")))"
        }
        if !profile.ignoredColumns.isEmpty {
            expected.append("ignored: " + profile.ignoredColumns.joined(separator: ", "))
        }
        self.found = found
    }

    /// The problems, then the expected and the found columns, on three lines.
    public var description: String {
        "the header does not fit profile \(profile): \(problems.joined(separator: "; "))\n"
            + "  expected columns: \(expected.joined(separator: "; "))\n"
            + "  found columns: \(found.map { "\"\($0)\"" }.joined(separator: ", "))"
    }
}
