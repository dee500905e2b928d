import Tabular

/// What a sync plan does with a row.
public enum PlanAction: String, Sendable, Equatable, CaseIterable {
    /// A new status event.
    case event
    /// Account details added to a merchant that lacked them.
    case account
    /// A merchant created for an unmatched row (`--create-missing`).
    case create
    /// Nothing to change (the reason says why).
    case nothing
    /// Left for a person: an ambiguous match, conflicting keys or account details. Never applied.
    case review
    /// No merchant matches (and `--create-missing` was not given).
    case unmatched
    /// The row is invalid and rejected.
    case invalid
}

/// One line of the plan's comparison file: one change (or non-change) of one row.
public struct PlanEntry: Sendable, Equatable {
    /// The file line of the row.
    public var line: Int
    /// The merchant's id, `new` for one the import creates, empty when none.
    public var merchant: String
    /// The key that found the merchant (a ``SyncField`` name), empty when none did.
    public var matchKey: String
    public var action: PlanAction
    /// The field changed or considered (`status`, `bank_bin`, `account_number`, `account_name`, `merchant`), or a column for invalid rows.
    public var field: String
    public var before: String
    public var after: String
    public var reason: String

    public init(
        line: Int, merchant: String, matchKey: String, action: PlanAction, field: String, before: String, after: String,
        reason: String
    ) {
        self.line = line
        self.merchant = merchant
        self.matchKey = matchKey
        self.action = action
        self.field = field
        self.before = before
        self.after = after
        self.reason = reason
    }

    /// The comparison file's columns.
    public static let columns = ["line", "merchant_id", "match_key", "action", "field", "before", "after", "reason"]
    /// The columns that may hold identifiers (phones, accounts), kept as text for spreadsheets.
    public static let identifierColumns: Set<Int> = [5, 6]

    /// Appends the entry as one record of the plan file, in ``columns`` order.
    public func write(to out: inout [UInt8], as records: SpreadsheetRecords) {
        records.appendCell(String(line), column: 0, to: &out)
        records.appendCell(merchant, column: 1, to: &out)
        records.appendCell(matchKey, column: 2, to: &out)
        records.appendCell(action.rawValue, column: 3, to: &out)
        records.appendCell(field, column: 4, to: &out)
        records.appendCell(before, column: 5, to: &out)
        records.appendCell(after, column: 6, to: &out)
        records.appendCell(reason, column: 7, to: &out)
        records.endRecord(&out)
    }
}
