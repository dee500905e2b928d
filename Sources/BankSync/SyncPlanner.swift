import Domain
import Foundation

/// Builds a sync plan (pure: the registry is read only through the ``MatchIndex`` and the
/// `eventExists` look-up it is given).
///
/// ``plan(_:)`` reads the rows in file order: it matches each, decides its account details, and
/// returns the plan entries that are final at once (account details, review, unmatched, created,
/// rows without a status). The statuses are decided by ``finish()``, merchant by merchant in
/// date order, so that the outcome does not depend on the order of the file's rows
/// (SyncPlanner+Statuses.swift).
///
/// For a matched merchant, a row may give:
/// - **a status event** (status, day, the profile's source) unless it is the same event as
///   another row of the file, the merchant's status on that day is already that status (what
///   the registry's current status and the file's earlier-dated rows say), or the registry
///   already holds the identical event (merchant, status, day, source);
/// - **account details** when the merchant has none; an account that differs from the
///   merchant's is a conflict for review (existing details are never overwritten), and an
///   account that is the merchant's without its leading zeros is invalid.
///
/// An event takes effect at the start of its day; when the merchant's status on that day was
/// set earlier the same day (a volunteer marked it, then the file was edited), it is placed
/// one second after it, so that the file's newer statement becomes the status. A row with no
/// date takes the import's day.
public struct SyncPlanner {
    public let profile: BankProfile
    public let today: CalendarDay
    public let createMissing: Bool
    // Internal, not private: the status decisions (SyncPlanner+Statuses.swift) share them.
    var index: MatchIndex
    private var matcher = Matcher()
    private var validator: MerchantValidator
    /// The events planned so far for each merchant, as chains through ``changes``' events: the
    /// first by slot, the next by event (-1 ends a chain); and the line that planned each event.
    var firstPlanned: [Int32] = []
    var nextPlanned: [Int32] = []
    var plannedLines: [Int32] = []
    let eventExists: (Int64, QRStatus, CalendarDay) throws -> Bool
    /// The file's header for each field, for naming columns in rejections.
    private let columnNames: [SyncField: String]
    /// The status rows read so far, waiting for ``finish()``.
    var pending: [PendingStatus] = []
    /// The changes planned so far.
    public internal(set) var changes: SyncChanges
    /// The rows planned so far, by outcome.
    public internal(set) var counts = ImportCounts()

    /// - Parameters:
    ///   - index: the registry's merchants.
    ///   - communes: for validating merchants created with `createMissing`.
    ///   - note: the note the events carry (the file's name).
    ///   - columnNames: the file's header of each field (rejections name columns as the file does).
    ///   - eventExists: whether the registry holds an event (merchant id, status, day) from the profile's source.
    public init(
        index: MatchIndex, profile: BankProfile, communes: CommuneDirectory, today: CalendarDay, createMissing: Bool,
        note: String?, columnNames: [SyncField: String] = [:],
        eventExists: @escaping (Int64, QRStatus, CalendarDay) throws -> Bool
    ) {
        self.columnNames = columnNames
        self.index = index
        self.profile = profile
        self.today = today
        self.createMissing = createMissing
        validator = MerchantValidator(communes: communes)
        firstPlanned = [Int32](repeating: -1, count: index.count)
        self.eventExists = eventExists
        changes = SyncChanges(source: profile.source, note: note)
    }

    /// Makes room for the events of about `rows` rows (a file's size tells), so that the
    /// arrays do not grow by doubling and briefly hold two copies.
    public mutating func reserve(rows: Int) {
        pending.reserveCapacity(rows)
        changes.events.reserveCapacity(rows)
        nextPlanned.reserveCapacity(rows)
        plannedLines.reserveCapacity(rows)
    }

    /// Hands over the planned changes (leaving none behind, so that applying them can sort the
    /// events in place without a copy).
    public mutating func takeChanges() -> SyncChanges {
        defer { changes = SyncChanges(source: profile.source, note: changes.note) }
        return changes
    }

    /// What to do with one valid row: its plan entries (its status, if it has one, is decided by
    /// ``finish()``), or the rejection when the registry shows the row to be invalid (an
    /// account that lost its leading zeros, a merchant to create that fails validation).
    public mutating func plan(_ row: BankRow) throws -> Result<[PlanEntry], RowRejection> {
        counts.rows += 1
        switch matcher.match(row, in: index) {
        case .review(let reason):
            counts.review += 1
            return .success([entry(row, merchant: "", key: "", .review, field: "", reason: reason)])
        case .unmatched(let reason):
            if let rejection = lostZeros(row, matched: nil) { return rejected(rejection) }
            guard createMissing else {
                counts.unmatched += 1
                return .success([entry(row, merchant: "", key: "", .unmatched, field: "", reason: reason)])
            }
            return try create(row)
        case .matched(let slot, let key):
            return try planMatched(row, slot: slot, key: key.rawValue)
        }
    }

    /// Asks for the match index's entries that planning `row` reads first: called a few rows
    /// ahead (``MatchIndex/lookAhead``), it lets their cache misses overlap with the rows before.
    public func prefetch(_ row: BankRow) {
        index.prefetch(row)
    }

    /// Counts a row that was invalid on its own (``BankFileLayout/row(_:line:today:)``) and
    /// returns its plan entries.
    public mutating func reject(_ rejection: RowRejection) -> [PlanEntry] {
        counts.rows += 1
        counts.rejected += 1
        return Self.entries(for: rejection)
    }

    /// The plan entries of a rejected row: one per problem.
    public static func entries(for rejection: RowRejection) -> [PlanEntry] {
        rejection.issues.map {
            PlanEntry(
                line: rejection.line, merchant: "", matchKey: "", action: .invalid, field: $0.column, before: $0.value,
                after: "", reason: $0.reason)
        }
    }

    private mutating func rejected(_ rejection: RowRejection) -> Result<[PlanEntry], RowRejection> {
        counts.rejected += 1
        return .failure(rejection)
    }

    // MARK: - Matched rows

    private mutating func planMatched(_ row: BankRow, slot: Int32, key: String) throws -> Result<
        [PlanEntry], RowRejection
    > {
        if let rejection = outsideOpenDays(row, matched: slot) { return rejected(rejection) }
        // Made only for the rows that get an entry here (most give only a status, decided later).
        var merchant: String { index.id(slot).map(String.init) ?? "new" }
        var entries: [PlanEntry] = []
        var accountChange: (bin: String?, account: String?, name: String?)? = nil
        if let bin = row.bin, let account = row.account {
            if let existing = index.account(slot) {
                if existing.bin == bin, existing.account == account {
                    if !index.hasAccountName(slot), let name = row.accountName {
                        accountChange = (nil, nil, name)
                    }
                } else if let rejection = lostZeros(row, matched: slot) {
                    return rejected(rejection)
                } else {
                    counts.review += 1
                    return .success([
                        entry(
                            row, merchant: merchant, key: key, .review, field: "account_number",
                            before: "\(existing.bin) \(existing.account)", after: "\(bin) \(account)",
                            reason:
                                "\(index.describe(slot)) already has another account; existing account details are never overwritten"
                        )
                    ])
                }
            } else if let rejection = lostZeros(row, matched: slot) {
                return rejected(rejection)
            } else {
                accountChange = (bin, account, row.accountName)
            }
        }
        if let change = accountChange {
            if let id = index.id(slot) {
                changes.accounts.append(
                    SyncAccountDetails(
                        merchantId: id, bankBIN: change.bin, accountNumber: change.account, accountName: change.name))
            }
            index.recordAccount(
                slot, bin: change.bin ?? row.bin!, account: change.account ?? row.account!, hasName: change.name != nil)
            counts.accounts += 1
            let reason = change.bin == nil ? "the merchant had no account name" : "the merchant had no bank account"
            if let bin = change.bin {
                entries.append(
                    entry(row, merchant: merchant, key: key, .account, field: "bank_bin", after: bin, reason: reason))
            }
            if let account = change.account {
                entries.append(
                    entry(
                        row, merchant: merchant, key: key, .account, field: "account_number", after: account,
                        reason: reason))
            }
            if let name = change.name {
                entries.append(
                    entry(
                        row, merchant: merchant, key: key, .account, field: "account_name", after: name, reason: reason)
                )
            }
        }
        if let status = row.status {
            pending.append(
                PendingStatus(
                    row, status: status, slot: slot, key: Self.keyCode(key), rowChanged: !entries.isEmpty, today: today)
            )
        } else if entries.isEmpty {
            counts.unchanged += 1
            entries.append(
                entry(
                    row, merchant: merchant, key: key, .nothing, field: "",
                    reason: row.account == nil
                        ? "the row has no status" : "the row has no status and the account details are already recorded"
                ))
        }
        return .success(entries)
    }

    /// Frees the memory only matching rows needs (the index's key tables and accounts), after
    /// the last row and before ``finish()``: no row can be planned after this.
    public mutating func endRows() {
        index.releaseLookups()
    }

    // MARK: - Unmatched rows

    private mutating func create(_ row: BankRow) throws -> Result<[PlanEntry], RowRejection> {
        let draft = MerchantDraft(
            commune: row.commune ?? "", name: row.name ?? "", hamlet: row.hamlet, address: row.address,
            ownerName: row.ownerName, phone: row.phone, taxCode: row.taxCode,
            bank: row.account == nil ? nil : row.bin, accountNumber: row.account, accountName: row.accountName)
        let merchant: ValidMerchant
        switch validator.validate(draft) {
        case .success(let valid): merchant = valid
        case .failure(let error):
            return rejected(
                RowRejection(
                    line: row.line,
                    issues: error.fields.map { field in
                        let syncField = Self.syncField(forMerchantField: field.field)
                        return CellIssue(
                            column: syncField.map(columnName) ?? field.field,
                            value: syncField.flatMap { Self.value(of: $0, in: row) } ?? "",
                            reason: "cannot create the merchant (--create-missing): \(field.message)")
                    }))
        }
        let slot = index.addCreated(merchant, line: row.line)
        firstPlanned.append(-1)
        changes.newMerchants.append(merchant)
        counts.created += 1
        if let status = row.status {
            pending.append(
                PendingStatus(row, status: status, slot: slot, key: Self.keyCode(""), rowChanged: true, today: today))
        }
        return .success([
            entry(
                row, merchant: "new", key: "", .create, field: "merchant",
                after: "\(merchant.name) (\(merchant.communeCode))",
                reason: "no merchant matched; created (--create-missing)")
        ])
    }

    /// The rejection of a row whose account is, at the same bank, a known account without its
    /// leading zeros (the matched merchant's, or when unmatched anyone's).
    /// A status dated before the merchant opened or after it closed (``EventDayConflict``; an
    /// undated row's day is the import's): the row is rejected, naming its date.
    private func outsideOpenDays(_ row: BankRow, matched slot: Int32) -> RowRejection? {
        let day = row.day ?? today
        guard row.status != nil, let conflict = index.eventDayConflict(slot, on: day) else { return nil }
        return RowRejection(
            line: row.line,
            issues: [
                CellIssue(
                    column: columnName(.date), value: row.day?.description ?? "",
                    reason: "\(row.day == nil ? "(today, \(day)) " : "")is \(conflict.side) "
                        + "\(index.describe(slot)) \(conflict.reason): a status outside its open days")
            ])
    }

    private func lostZeros(_ row: BankRow, matched slot: Int32?) -> RowRejection? {
        guard let bin = row.bin, let account = row.account else { return nil }
        let owners = index.accountsLosingZeros(bin: bin, account: account).filter { slot == nil || $0 == slot }
        guard let owner = owners.first, let original = index.account(owner) else { return nil }
        return RowRejection(
            line: row.line,
            issues: [
                CellIssue(
                    column: columnName(.account), value: account,
                    reason:
                        "is \(index.describe(owner))'s account \(original.account) without its leading zeros: a spreadsheet read it as a number; \(CellValues.textColumnAdvice)"
                )
            ])
    }

    // MARK: - Helpers

    private func columnName(_ field: SyncField) -> String { columnNames[field] ?? field.rawValue }

    private func entry(
        _ row: BankRow, merchant: String, key: String, _ action: PlanAction, field: String,
        before: String = "", after: String = "", reason: String
    ) -> PlanEntry {
        PlanEntry(
            line: row.line, merchant: merchant, matchKey: key, action: action, field: field, before: before,
            after: after, reason: reason)
    }

    /// A match key (a ``SyncField`` name, or empty) as one byte, and back.
    private static let keyNames = [
        "", SyncField.merchantId.rawValue, SyncField.taxCode.rawValue, SyncField.phone.rawValue,
        SyncField.account.rawValue,
    ]
    private static func keyCode(_ name: String) -> UInt8 { UInt8(keyNames.firstIndex(of: name) ?? 0) }
    static func keyName(_ code: UInt8) -> String { keyNames[Int(code)] }

    private static func syncField(forMerchantField name: String) -> SyncField? {
        switch name {
        case "commune": .commune
        case "name": .name
        case "phone": .phone
        case "tax_code": .taxCode
        case "bank_bin": .bin
        case "account_number": .account
        default: nil
        }
    }

    private static func value(of field: SyncField, in row: BankRow) -> String? {
        switch field {
        case .commune: row.commune
        case .name: row.name
        case .phone: row.phone
        case .taxCode: row.taxCode
        case .bin: row.bin
        case .account: row.account
        default: nil
        }
    }
}
