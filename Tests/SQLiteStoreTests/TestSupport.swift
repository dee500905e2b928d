import Domain
import Foundation
import Store

@testable import SQLiteStore

/// Fixed days and instants for tests (Vietnam time).
enum Days {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
    static func at(_ text: String) -> Date { Timestamp.parse(text)! }
}

extension SQLiteRegistry {
    /// A Hưng Yên registry in memory.
    static func hungYen() throws -> SQLiteRegistry { try SQLiteRegistry.inMemory(provinces: ["33"]) }

    /// Adds a merchant with only the required fields and returns its id.
    func add(
        _ commune: String, _ name: String, opened: String? = nil, phone: String? = nil, taxCode: String? = nil,
        bank: String? = nil, account: String? = nil, hamlet: String? = nil, force: Bool = false
    ) throws -> Int64 {
        try addMerchant(
            MerchantDraft(
                commune: commune, name: name, hamlet: hamlet, phone: phone, taxCode: taxCode,
                openedOn: opened, bank: bank, accountNumber: account), force: force)
    }

    /// The counts of one commune as of a day.
    func counts(commune: String, asOf day: String?) throws -> (total: Int, covered: Int) {
        let rows = try coverageCounts(scope: .commune(commune), groupBy: .commune, asOf: day.map(Days.day))
        return (rows[0].total, rows[0].covered)
    }
}
