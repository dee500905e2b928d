import Domain
import Foundation
import SQLiteStore
import Store

@testable import BankSync

/// Merchants for building a ``MatchIndex`` in tests.
enum Fixtures {
    static func merchant(
        _ id: Int64, phone: String? = nil, taxCode: String? = nil, bin: String? = nil, account: String? = nil,
        accountName: Bool = false, status: QRStatus = .none, at: String? = nil
    ) -> SyncMerchantKeys {
        SyncMerchantKeys(
            id: id, phone: phone, taxCode: taxCode, bankBIN: bin, accountNumber: account, hasAccountName: accountName,
            status: status, statusAt: at.map { Int64(Timestamp.parse($0)!.timeIntervalSince1970) })
    }

    static func index(_ merchants: [SyncMerchantKeys]) -> MatchIndex {
        var index = MatchIndex(expected: merchants.count)
        for merchant in merchants { index.addExisting(merchant) }
        return index
    }

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static let generic = BankProfile.builtIn(named: "generic")!
}

extension SQLiteRegistry {
    /// Adds a merchant with the given fields and returns its id.
    func add(
        _ name: String, commune: String = "11953", phone: String? = nil, taxCode: String? = nil, bank: String? = nil,
        account: String? = nil, accountName: String? = nil
    ) throws -> Int64 {
        try addMerchant(
            MerchantDraft(
                commune: commune, name: name, phone: phone, taxCode: taxCode, bank: bank,
                accountNumber: account, accountName: accountName))
    }
}
