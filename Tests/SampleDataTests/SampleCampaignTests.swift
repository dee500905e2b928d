import Domain
import Foundation
import SQLiteStore
import SampleData
import Store
import Testing
import VietQR

/// The demo sample: the same on every run, sized as asked, with valid and unique identifiers,
/// histories that respect opening and closing days, and a campaign where some communes pass 90% and others lag.
@Suite struct SampleCampaignTests {
    static let hungYen = CommuneDirectory.official.communes.filter { $0.provinceCode == "33" }
    static let sample = SampleCampaign(seed: 2025, merchantCount: 20_000).merchants(in: hungYen)

    @Test func sameSeedSameSampleOtherSeedOtherSample() {
        let communes = Array(Self.hungYen.prefix(3))
        let again = SampleCampaign(seed: 2025, merchantCount: 20_000)
        #expect(
            again.merchants(in: communes[1], count: 50, firstNumber: 7)
                == again.merchants(in: communes[1], count: 50, firstNumber: 7))
        #expect(SampleCampaign(seed: 2025, merchantCount: 20_000).merchants(in: Self.hungYen) == Self.sample)
        #expect(
            SampleCampaign(seed: 7).merchants(in: communes[0], count: 50, firstNumber: 0)
                != SampleCampaign(seed: 2025).merchants(in: communes[0], count: 50, firstNumber: 0))
    }

    @Test func countsSumExactlyAndWardsAreLarger() {
        #expect(Self.hungYen.count == 104)
        let campaign = SampleCampaign(seed: 2025, merchantCount: 100_000)
        let counts = campaign.merchantCounts(for: Self.hungYen)
        #expect(counts.reduce(0, +) == 100_000)
        let wards = zip(Self.hungYen, counts).filter { $0.0.type == "phường" }.map(\.1)
        let rural = zip(Self.hungYen, counts).filter { $0.0.type == "xã" }.map(\.1)
        #expect(wards.count == 11 && rural.count == 93)
        #expect(wards.min()! > rural.max()!)
        #expect(Self.sample.count == 20_000)
    }

    @Test func identifiersAreValidAndUnique() throws {
        var phones = Set<String>()
        var taxCodes = Set<String>()
        var accounts = Set<String>()
        for item in Self.sample {
            let merchant = item.merchant
            if let phone = merchant.phone {
                #expect(MerchantNormalization.phone(phone) == phone)
                #expect(phones.insert(phone).inserted, "duplicate phone \(phone)")
            }
            if let taxCode = merchant.taxCode {
                #expect(MerchantNormalization.taxCode(taxCode) == taxCode)
                #expect(taxCodes.insert(taxCode).inserted, "duplicate tax code \(taxCode)")
            }
            if let bin = merchant.bankBIN {
                #expect(BankDirectory.shared.bank(bin: bin) != nil, "unknown BIN \(bin)")
                let account = try #require(merchant.accountNumber)
                #expect(MerchantNormalization.accountNumber(account) == account)
                #expect(accounts.insert(bin + "/" + account).inserted, "duplicate account \(account)")
                #expect(merchant.accountName == VietnameseText.foldToASCII(merchant.ownerName ?? "").uppercased())
            }
        }
        #expect(phones.count > 15_000)
        #expect(accounts.count > 10_000)
    }

    @Test func namesAreVietnameseInNFC() {
        for item in Self.sample.prefix(2_000) {
            let merchant = item.merchant
            #expect(VietnameseText.normalized(merchant.name) == merchant.name)
            #expect(merchant.ownerName.map { $0.split(separator: " ").count >= 3 } == true)
            #expect(merchant.hamlet?.hasPrefix("Thôn ") == true || merchant.hamlet?.hasPrefix("Tổ dân phố ") == true)
        }
        #expect(Self.sample.contains { $0.merchant.name.unicodeScalars.contains { $0.value > 0x7F } })
    }

    @Test func historiesRespectOpeningClosingAndOrder() throws {
        for item in Self.sample {
            let events = item.events.sorted { $0.at < $1.at }
            let first = try #require(events.first, "every sample merchant has a history")
            let opened = try #require(item.merchant.openedOn)
            #expect(CalendarDay(containing: first.at) >= max(opened, SampleCampaign.start))
            if let closed = item.merchant.closedOn {
                #expect(events.allSatisfy { CalendarDay(containing: $0.at) < closed })
            }
            #expect(events.allSatisfy { CalendarDay(containing: $0.at) <= SampleCampaign.end })
            #expect(events.allSatisfy { $0.source.hasPrefix(SampleCampaign.source) })
            // A merchant won during the campaign registers (account or QR issued) before displaying.
            for (index, event) in events.enumerated() where index > 0 && event.status == .displayed {
                #expect(events[..<index].contains { $0.status == .registered })
            }
        }
    }

    @Test func someCommunesPassNinetyPercentAndOthersLag() {
        var byCommune: [String: (total: Int, covered: Int)] = [:]
        for item in Self.sample where item.merchant.closedOn == nil {
            let latest = item.events.max { $0.at < $1.at }
            byCommune[item.merchant.communeCode, default: (0, 0)].total += 1
            if latest?.status.isCovered == true { byCommune[item.merchant.communeCode, default: (0, 0)].covered += 1 }
        }
        let passing = byCommune.values.filter { $0.covered * 100 >= 90 * $0.total }.count
        #expect(byCommune.count == 104)
        #expect(passing >= 20 && passing <= 80)
        let total = byCommune.values.reduce(0) { $0 + $1.total }
        let covered = byCommune.values.reduce(0) { $0 + $1.covered }
        #expect(covered * 100 >= 70 * total && covered * 100 < 90 * total)
    }
}
