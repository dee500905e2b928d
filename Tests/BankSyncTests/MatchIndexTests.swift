import Domain
import Foundation
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// The match index filled while the registry is read (its key tables on a second thread) equals
/// one filled merchant by merchant, and keeps value semantics.
@Suite struct MatchIndexTests {
    /// Merchants sharing phones, tax codes and accounts (some with leading zeros), ids with gaps.
    static let merchants: [SyncMerchantKeys] = (1...3_000).map { n in
        Fixtures.merchant(
            Int64(n * 3), phone: n % 5 == 0 ? nil : "09\(String(format: "%08d", n % 1_700))",
            taxCode: n % 3 == 0 ? "01\(String(format: "%08d", n % 900))" : nil,
            bin: n % 4 == 0 ? nil : "970436", account: n % 4 == 0 ? nil : String(format: "%011d", n % 2_500))
    }

    /// Every key's candidates, in the order the index gives them.
    static func candidates(_ index: MatchIndex) -> [[Int32]] {
        merchants.map { merchant in
            var slots: [Int32] = []
            if let phone = merchant.phone { index.phoneCandidates(phone, into: &slots) }
            if let tax = merchant.taxCode { index.taxCodeCandidates(tax, into: &slots) }
            if let bin = merchant.bankBIN, let account = merchant.accountNumber {
                index.accountCandidates(bin: bin, account: account, into: &slots)
                slots += index.accountsLosingZeros(bin: bin, account: String(account.drop { $0 == "0" }))
            }
            return slots
        }
    }

    @Test func fillingWhileReadingEqualsFillingOneByOne() throws {
        var parallel = MatchIndex(expected: Self.merchants.count)
        try parallel.addExisting { body in for merchant in Self.merchants { try body(merchant) } }
        let sequential = Fixtures.index(Self.merchants)
        let found = Self.candidates(parallel)
        #expect(found == Self.candidates(sequential))
        #expect(found.contains { $0.count > 2 })  // shared keys give several candidates
        #expect(parallel.count == 3_000 && parallel.slot(ofId: 300) == 99 && parallel.slot(ofId: 301) == nil)
    }

    @Test func aFailingReadStopsTheFillingAndIsRethrown() {
        struct Failure: Error {}
        var index = MatchIndex(expected: 10)
        #expect(throws: Failure.self) {
            try index.addExisting { body in
                // Several of the filling thread's batches of 4,096, then a failure.
                for id in 1...20_000 {
                    try body(Fixtures.merchant(Int64(id), phone: "09\(String(format: "%08d", id))"))
                }
                throw Failure()
            }
        }
    }

    @Test func aCopyDoesNotSeeTheOriginalsLaterMerchantsOrAccounts() {
        var original = Fixtures.index([Fixtures.merchant(1, phone: "0912345678")])
        let copy = original
        _ = original.addCreated(ValidMerchant(communeCode: "11953", name: "Mới", phone: "0987654321"), line: 2)
        original.recordAccount(0, bin: "970436", account: "0011001", hasName: true)
        var slots: [Int32] = []
        copy.phoneCandidates("0987654321", into: &slots)
        copy.accountCandidates(bin: "970436", account: "0011001", into: &slots)
        #expect(slots.isEmpty && copy.account(0) == nil && copy.count == 1)
        original.phoneCandidates("0987654321", into: &slots)
        original.accountCandidates(bin: "970436", account: "0011001", into: &slots)
        #expect(slots == [1, 0])
    }
}
