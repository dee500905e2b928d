import Coverage
import Domain
import Store
import Foundation
import GRDB
import VietQR

extension Registry {
    /// The merchants an outreach list holds (see ``OutreachQuery``), with their current status,
    /// ordered by hamlet, then name, as people look them up: case and diacritics ignored,
    /// numbers by value (`Thôn 2` before `Thôn 10`); then by id.
    public func outreachMerchants(_ query: OutreachQuery) throws -> [MerchantWithStatus] {
        let (scopeSQL, scopeArguments) = try scopeCondition(.commune(query.communeCode), column: "s.commune_code")
        guard !query.statuses.isEmpty else { return [] }
        var conditions = [
            scopeSQL,
            "(s.opened_on IS NULL OR s.opened_on <= ?) AND (s.closed_on IS NULL OR s.closed_on > ?)",
            "s.status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))",
        ]
        var arguments = scopeArguments
        arguments += [query.openOn.description, query.openOn.description]
        arguments += StatementArguments(query.statuses.sorted().map(\.rawValue))
        if let bin = query.bankBIN {
            conditions.append("m.bank_bin = ?")
            arguments += [bin]
        }
        let merchants = try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Registry.merchantColumns) FROM \(Registry.merchantsWithState)
                WHERE \(conditions.joined(separator: " AND "))
                """, arguments: arguments).map(Registry.merchantWithStatus)
        }
        return merchants
            .map { (hamlet: MerchantNormalization.hamletKey($0.merchant.hamlet), name: VietnameseText.searchKey($0.merchant.name), item: $0) }
            .sorted { a, b in
                for order in [a.hamlet.compare(b.hamlet, options: .numeric), a.name.compare(b.name, options: .numeric)] where order != .orderedSame {
                    return order == .orderedAscending
                }
                return a.item.merchant.id < b.item.merchant.id
            }
            .map(\.item)
    }
}
