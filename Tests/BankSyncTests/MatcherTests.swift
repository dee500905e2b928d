import Domain
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// The matcher: each key, agreement between keys, ambiguity, conflicts, unmatched.
@Suite struct MatcherTests {
    let index = Fixtures.index([
        Fixtures.merchant(1, phone: "0912000001", taxCode: "0101234567"),
        Fixtures.merchant(2, phone: "0912000002", bin: "970405", account: "0011000002"),
        Fixtures.merchant(3, phone: "0912000002", bin: "970415", account: "123456789012"),
        Fixtures.merchant(7, phone: "0912000007", taxCode: "0109999999"),
    ])

    func match(_ row: BankRow) -> MatchOutcome {
        var matcher = Matcher()
        return matcher.match(row, in: index)
    }

    func slot(_ id: Int64) -> Int32 { index.slot(ofId: id)! }

    @Test func eachKeyAloneFindsItsMerchant() {
        #expect(match(BankRow(line: 2, merchantId: 7)) == .matched(slot: slot(7), key: .merchantId))
        #expect(match(BankRow(line: 2, taxCode: "0101234567")) == .matched(slot: slot(1), key: .taxCode))
        #expect(match(BankRow(line: 2, phone: "0912000007")) == .matched(slot: slot(7), key: .phone))
        #expect(match(BankRow(line: 2, bin: "970405", account: "0011000002")) == .matched(slot: slot(2), key: .account))
    }

    @Test func keysThatAgreeMatchAndTheStrongestIsReported() {
        #expect(
            match(BankRow(line: 2, merchantId: 1, taxCode: "0101234567", phone: "0912000001"))
                == .matched(slot: slot(1), key: .merchantId))
        // A key that names nobody is no evidence either way (a new phone at the bank).
        #expect(
            match(BankRow(line: 2, taxCode: "0101234567", phone: "0987654321"))
                == .matched(slot: slot(1), key: .taxCode))
    }

    @Test func aSharedPhoneIsAmbiguousUnlessAnotherKeyDecides() {
        guard case .review(let reason) = match(BankRow(line: 2, phone: "0912000002")) else {
            Issue.record("not review")
            return
        }
        #expect(reason == "several merchants fit: phone 0912000002 → merchant 2 and merchant 3")
        #expect(
            match(BankRow(line: 2, phone: "0912000002", bin: "970415", account: "123456789012"))
                == .matched(slot: slot(3), key: .phone))
    }

    @Test func keysNamingDifferentMerchantsAreAConflict() {
        guard case .review(let reason) = match(BankRow(line: 2, merchantId: 1, taxCode: "0109999999")) else {
            Issue.record("not review")
            return
        }
        #expect(
            reason == "the keys name different merchants: merchant id 1 → merchant 1; tax code 0109999999 → merchant 7")
        guard case .review = match(BankRow(line: 2, phone: "0912000001", bin: "970405", account: "0011000002")) else {
            Issue.record("not review")
            return
        }
    }

    @Test func anUnknownMerchantIdGoesToReview() {
        guard case .review(let reason) = match(BankRow(line: 2, merchantId: 99, phone: "0912000001")) else {
            Issue.record("not review")
            return
        }
        #expect(reason.contains("no merchant 99 in this registry"))
    }

    @Test func aDifferentTaxCodeOfTheMatchedMerchantIsAConflict() {
        guard case .review(let reason) = match(BankRow(line: 2, taxCode: "0105555555", phone: "0912000007")) else {
            Issue.record("not review")
            return
        }
        #expect(reason == "tax code 0105555555 differs from the tax code of merchant 7")
        // A merchant without a tax code does not conflict.
        #expect(
            match(BankRow(line: 2, taxCode: "0105555555", bin: "970405", account: "0011000002"))
                == .matched(slot: slot(2), key: .account))
    }

    @Test func noKeyNamingAMerchantIsUnmatched() {
        #expect(
            match(BankRow(line: 2, taxCode: "0105555555", phone: "0987654321"))
                == .unmatched("no merchant has tax code 0105555555, phone 0987654321"))
        // The same account number at another bank is another account.
        #expect(
            match(BankRow(line: 2, bin: "970436", account: "0011000002"))
                == .unmatched("no merchant has account 0011000002"))
    }

    @Test func accountsWithoutTheirLeadingZerosAreFound() {
        #expect(index.accountsLosingZeros(bin: "970405", account: "11000002") == [slot(2)])
        #expect(index.accountsLosingZeros(bin: "970415", account: "11000002").isEmpty)
        #expect(index.accountsLosingZeros(bin: "970405", account: "0011000002").isEmpty)
    }

    @Test func exactKeysKeepLeadingZeros() {
        #expect(MatchIndex.digitKey("0912000001") != MatchIndex.digitKey("912000001"))
        #expect(MatchIndex.digitKey("00123") != MatchIndex.digitKey("0123"))
        #expect(MatchIndex.digitKey("12a") == nil)
        #expect(MatchIndex.digitKey("") == nil)
    }
}
