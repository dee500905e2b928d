import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// The columns ``merchantWithStatus(_:)`` reads, from ``merchantsWithState``.
    static let merchantColumns = """
        m.id, m.commune_code, m.hamlet, m.address, m.name, m.owner_name, m.phone, m.tax_code, m.business_type, \
        m.opened_on, m.closed_on, m.bank_bin, m.account_number, m.account_name, m.created_at, m.updated_at, s.status, s.status_at
        """

    /// A merchant state row (`s`) open on a day (``Merchant/isOpen(on:)``); binds the day twice.
    static let openOnDay = "(s.opened_on IS NULL OR s.opened_on <= ?) AND (s.closed_on IS NULL OR s.closed_on > ?)"

    /// Merchants (`m`) with their state rows (`s`: current status), joined both ways: a query
    /// scoped to communes reads the state rows in commune order, one by id looks the merchant up first.
    static let merchantsWithState =
        "merchant_state s JOIN merchant m ON m.id = s.merchant_id AND m.commune_code = s.commune_code"

    static func merchantWithStatus(_ row: Row) -> MerchantWithStatus {
        let merchant = Merchant(
            id: row[0], communeCode: row[1], hamlet: row[2], address: row[3], name: row[4], ownerName: row[5],
            phone: row[6], taxCode: row[7], businessType: row[8],
            openedOn: (row[9] as String?).flatMap(CalendarDay.init(_:)),
            closedOn: (row[10] as String?).flatMap(CalendarDay.init(_:)),
            bankBIN: row[11], accountNumber: row[12], accountName: row[13],
            createdAt: Date(storedSeconds: row[14]), updatedAt: Date(storedSeconds: row[15]))
        return MerchantWithStatus(
            merchant: merchant, status: QRStatus(rawValue: row[16]) ?? .none,
            statusAt: (row[17] as Int64?).map(Date.init(storedSeconds:)))
    }

    /// Validates a draft, refusing duplicates unless `force`, and stores it; returns the new id.
    public func addMerchant(_ draft: MerchantDraft, force: Bool = false, now: Date = Date()) throws -> Int64 {
        let valid = try validate(draft)
        return try write { db in
            if !force { try SQLiteRegistry.checkDuplicate(db, valid, excluding: nil) }
            var inserter = try MerchantInserter(db)
            let id = try inserter.insert(valid, id: nil, now: now)
            try inserter.flush()
            return id
        }
    }

    /// Replaces a merchant's fields with a validated draft (duplicates refused unless `force`).
    public func updateMerchant(id: Int64, with draft: MerchantDraft, force: Bool = false, now: Date = Date()) throws {
        let valid = try validate(draft)
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM merchant WHERE id = ?", arguments: [id]) == true else {
                throw RegistryError.unknownMerchants([id])
            }
            if !force { try SQLiteRegistry.checkDuplicate(db, valid, excluding: id) }
            try db.execute(
                sql: """
                    UPDATE merchant SET commune_code = ?, hamlet = ?, hamlet_key = ?, address = ?, name = ?, owner_name = ?,
                        phone = ?, tax_code = ?, business_type = ?, opened_on = ?, closed_on = ?, bank_bin = ?,
                        account_number = ?, account_name = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    valid.communeCode, valid.hamlet, valid.hamletKey, valid.address, valid.name, valid.ownerName,
                    valid.phone, valid.taxCode, valid.businessType, valid.openedOn?.description,
                    valid.closedOn?.description, valid.bankBIN, valid.accountNumber, valid.accountName,
                    now.storedSeconds, id,
                ])
        }
    }

    /// Records that a merchant closed on `day`: from that day on it leaves the totals.
    public func closeMerchant(id: Int64, on day: CalendarDay, now: Date = Date()) throws {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT opened_on, closed_on FROM merchant WHERE id = ?", arguments: [id])
            else {
                throw RegistryError.unknownMerchants([id])
            }
            if let closed = (row[1] as String?).flatMap(CalendarDay.init(_:)) {
                throw RegistryError.alreadyClosed(id: id, on: closed)
            }
            if let opened = (row[0] as String?).flatMap(CalendarDay.init(_:)), day < opened {
                throw RegistryError.closesBeforeOpening(id: id, opened: opened)
            }
            try db.execute(
                sql: "UPDATE merchant SET closed_on = ?, updated_at = ? WHERE id = ?",
                arguments: [day.description, now.storedSeconds, id])
        }
    }

    /// The merchant with this id and its current status.
    public func merchant(id: Int64) throws -> MerchantWithStatus? {
        try read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT \(SQLiteRegistry.merchantColumns) FROM \(SQLiteRegistry.merchantsWithState) WHERE m.id = ?",
                arguments: [id]
            )
            .map(SQLiteRegistry.merchantWithStatus)
        }
    }

    /// The merchants a filter selects, ordered by commune, hamlet, name, id.
    public func merchants(matching filter: MerchantFilter) throws -> [MerchantWithStatus] {
        var result: [MerchantWithStatus] = []
        try forEachMerchant(matching: filter) { result.append($0) }
        return result
    }

    /// Calls `body` for each merchant a filter selects, streaming from the database (for exports of any size).
    public func forEachMerchant(matching filter: MerchantFilter, _ body: (MerchantWithStatus) throws -> Void) throws {
        let (scopeSQL, scopeArguments) = try scopeCondition(filter.scope, column: "s.commune_code")
        var conditions = [scopeSQL]
        var arguments = scopeArguments
        if let day = filter.openOn {
            conditions.append(SQLiteRegistry.openOnDay)
            arguments += [day.description, day.description]
        }
        if let bin = filter.bankBIN {
            conditions.append("m.bank_bin = ?")
            arguments += [bin]
        }
        if let statuses = filter.statuses {
            conditions.append("s.status IN (\(statuses.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(statuses.sorted().map(\.rawValue))
        }
        if let hamlet = filter.hamlet {
            conditions.append("m.hamlet_key = ?")
            arguments += [MerchantNormalization.hamletKey(MerchantNormalization.text(hamlet))]
        }
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(SQLiteRegistry.merchantColumns) FROM \(SQLiteRegistry.merchantsWithState)
                    WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY m.commune_code, m.hamlet_key, m.name, m.id
                    """, arguments: arguments)
            while let row = try cursor.next() { try body(SQLiteRegistry.merchantWithStatus(row)) }
        }
    }

    /// A merchant's full QR status history, oldest first.
    public func statusHistory(merchantId: Int64) throws -> [QRStatusEvent] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, merchant_id, status, at, source, actor, note FROM qr_status_event
                    WHERE merchant_id = ? ORDER BY at, id
                    """, arguments: [merchantId]
            ).map {
                QRStatusEvent(
                    id: $0[0], merchantId: $0[1], status: QRStatus(rawValue: $0[2]) ?? .none,
                    at: Date(storedSeconds: $0[3]), source: $0[4], actor: $0[5], note: $0[6])
            }
        }
    }

    func validate(_ draft: MerchantDraft) throws -> ValidMerchant {
        switch MerchantNormalization.validate(draft, communes: communes) {
        case .success(let valid): return valid
        case .failure(let error): throw RegistryError.invalidMerchant(error)
        }
    }

    /// The SQL condition (and its arguments) restricting a commune-code column to a scope.
    func scopeCondition(_ scope: CoverageScope, column: String) throws -> (String, StatementArguments) {
        switch scope {
        case .country:
            return ("1", [])
        case .province(let code):
            guard let province = communes.province(code: code) else { throw RegistryError.unknownProvince(code) }
            return ("\(column) IN (SELECT code FROM commune WHERE province_code = ?)", [province.code])
        case .commune(let code):
            guard let commune = communes.commune(code: code) else { throw RegistryError.unknownCommune(code) }
            return ("\(column) = ?", [commune.code])
        }
    }

    /// Throws ``RegistryError/duplicate(existingId:reason:)`` when another merchant has the same
    /// commune + phone, the same tax code, or the same bank account.
    static func checkDuplicate(_ db: Database, _ merchant: ValidMerchant, excluding id: Int64?) throws {
        if let existing = try duplicateId(db, merchant, excluding: id) {
            throw RegistryError.duplicate(existingId: existing.0, reason: existing.1)
        }
    }

    static func duplicateId(_ db: Database, _ merchant: ValidMerchant, excluding id: Int64?) throws -> (Int64, String)?
    {
        let exclude = id ?? -1
        if let phone = merchant.phone,
            let existing = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id FROM merchant WHERE phone = ? AND commune_code = ? AND id != ? LIMIT 1"),
                arguments: [phone, merchant.communeCode, exclude])
        {
            return (existing, "same phone \(phone) in commune \(merchant.communeCode)")
        }
        if let taxCode = merchant.taxCode,
            let existing = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM merchant WHERE tax_code = ? AND id != ? LIMIT 1"),
                arguments: [taxCode, exclude])
        {
            return (existing, "same tax code \(taxCode)")
        }
        if let bin = merchant.bankBIN, let account = merchant.accountNumber,
            let existing = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id FROM merchant WHERE account_number = ? AND bank_bin = ? AND id != ? LIMIT 1"),
                arguments: [account, bin, exclude])
        {
            return (existing, "same bank account \(bin) \(account)")
        }
        return nil
    }
}
