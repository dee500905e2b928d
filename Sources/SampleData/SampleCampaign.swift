import Domain
import Foundation
import Store
import VietQR

/// A seeded, deterministic sample of a province's merchants and their QR status history through
/// the October–December 2025 campaign: clearly sample data (every event has source `demo`), with
/// realistic shapes — wards (phường) have more merchants than rural communes (xã); a survey in the
/// first week records who already displays a QR; volunteers then win merchants over week by week;
/// some communes pass 90%, others lag or stall.
public struct SampleCampaign: Sendable {
    /// The first day of the campaign (and of the baseline survey week).
    public static let start = CalendarDay(year: 2025, month: 10, day: 1)!
    /// The last day of the campaign: reports of the sample are as of this day.
    public static let end = CalendarDay(year: 2025, month: 12, day: 31)!
    /// The `source` of every sample status event.
    public static let source = "demo"

    /// The seed every random choice derives from: the same seed gives the same sample.
    public let seed: UInt64
    /// Merchants in the whole sample.
    public let merchantCount: Int

    /// A sample of `merchantCount` (≥ 0) merchants drawn from `seed`; nothing is generated yet.
    public init(seed: UInt64 = 2025, merchantCount: Int = 100_000) {
        precondition(merchantCount >= 0, "merchant count must not be negative")
        self.seed = seed
        self.merchantCount = merchantCount
    }

    /// How many merchants each commune gets: wards about four times a rural commune, with
    /// variation, summing exactly to ``merchantCount`` (largest remainder).
    public func merchantCounts(for communes: [Commune]) -> [Int] {
        var generator = SeededGenerator(seed: seed, stream: "sizes")
        let weights = communes.map { $0.type == "xã" ? generator.int(in: 70...130) : generator.int(in: 280...480) }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0 else { return weights }
        var counts = weights.map { $0 * merchantCount / totalWeight }
        let remainders = weights.enumerated().map { ($0.offset, $0.element * merchantCount % totalWeight) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (index, _) in remainders.prefix(merchantCount - counts.reduce(0, +)) { counts[index] += 1 }
        return counts
    }

    /// The whole sample, communes in the order given, merchants numbered from 0 across communes
    /// (the number keeps phones, tax codes and accounts unique).
    public func merchants(in communes: [Commune]) -> [BulkMerchant] {
        var all: [BulkMerchant] = []
        all.reserveCapacity(merchantCount)
        for (commune, count) in zip(communes, merchantCounts(for: communes)) {
            all += merchants(in: commune, count: count, firstNumber: all.count)
        }
        return all
    }

    /// One commune's merchants and histories; depends only on the seed, the commune and the numbers.
    public func merchants(in commune: Commune, count: Int, firstNumber: Int) -> [BulkMerchant] {
        var generator = SeededGenerator(seed: seed, stream: commune.code)
        let plan = CommunePlan(commune: commune, generator: &generator)
        var people = (0..<count).map { offset in
            SampleMerchant(number: firstNumber + offset, commune: commune, plan: plan, generator: &generator)
        }
        StatusHistoryGenerator(plan: plan).appendHistories(to: &people, generator: &generator)
        return people.map(\.bulk)
    }
}

/// How one commune's campaign goes: its hamlets, volunteers, starting coverage, where it ends,
/// and the weeks in which its volunteers are active.
struct CommunePlan {
    let commune: Commune
    let hamlets: [String]
    let volunteers: [String]
    /// Share already displaying a QR at the survey, per mille.
    let baselinePermille: Int
    /// Share displaying at the end of the campaign, per mille.
    let finalPermille: Int
    /// Days after the campaign start when volunteers begin and stop winning merchants.
    let activeDays: ClosedRange<Int>

    init(commune: Commune, generator: inout SeededGenerator) {
        self.commune = commune
        let isWard = commune.type != "xã"
        if isWard {
            hamlets = (1...generator.int(in: 8...20)).map { "Tổ dân phố \($0)" }
        } else if generator.chance(permille: 250) {
            hamlets = (1...generator.int(in: 6...14)).map { "Thôn \($0)" }
        } else {
            hamlets = generator.shuffled(VietnameseNames.villageNames).prefix(generator.int(in: 6...16))
                .map { "Thôn \($0)" }
        }
        volunteers = (0..<generator.int(in: 3...6)).map { _ in PersonName(generator: &generator).full }
        baselinePermille = isWard ? generator.int(in: 250...450) : generator.int(in: 120...380)
        let start = 7 * generator.int(in: 1...4)
        switch generator.below(100) {
        case ..<45:  // reaches the target
            finalPermille = generator.int(in: 905...975)
            activeDays = start...generator.int(in: 75...91)
        case ..<80:  // works all campaign but falls short
            finalPermille = generator.int(in: 720...895)
            activeDays = start...generator.int(in: 80...91)
        default:  // starts, then stalls
            finalPermille = max(baselinePermille + 80, generator.int(in: 480...720))
            activeDays = start...generator.int(in: 40...65)
        }
    }
}

/// A generated person's name: family, middle and given name.
struct PersonName {
    let family: String
    let middle: String
    let given: String

    init(generator: inout SeededGenerator) {
        family = VietnameseNames.familyNames[generator.weightedIndex(VietnameseNames.familyNames.map(\.1))].0
        if generator.chance(permille: 520) {
            middle = generator.pick(VietnameseNames.femaleMiddleNames)
            given = generator.pick(VietnameseNames.femaleGivenNames)
        } else {
            middle = generator.pick(VietnameseNames.maleMiddleNames)
            given = generator.pick(VietnameseNames.maleGivenNames)
        }
    }

    var full: String { "\(family) \(middle) \(given)" }
}

/// One sample merchant while its history is being written.
struct SampleMerchant {
    let number: Int
    var merchant: ValidMerchant
    let owner: PersonName
    /// Day offsets from the campaign start (negative: before it).
    let openedOffset: Int
    let closedOffset: Int?
    var events: [StatusChange] = []

    init(number: Int, commune: Commune, plan: CommunePlan, generator: inout SeededGenerator) {
        self.number = number
        owner = PersonName(generator: &generator)
        let isWard = commune.type != "xã"
        let types = VietnameseNames.businessTypes
        let type = types[generator.weightedIndex(types.map { isWard ? $0.urbanWeight : $0.ruralWeight })]
        let hamlet = generator.pick(plan.hamlets)
        let address =
            isWard
            ? "Số \(generator.int(in: 1...250)), \(hamlet), phường \(commune.name)"
            : "\(hamlet), xã \(commune.name)"
        let campaignStart = SampleCampaign.start
        if generator.chance(permille: 970) {
            openedOffset = -generator.int(in: 1...6_500)  // opened 2008–2025
        } else {
            openedOffset = generator.int(in: 1...80)  // opened during the campaign
        }
        closedOffset = openedOffset < 0 && generator.chance(permille: 15) ? generator.int(in: 10...91) : nil
        let phone =
            generator.chance(permille: 850)
            ? generator.pick(VietnameseNames.mobilePrefixes)
                + Self.digits(Self.permuted(number, modulus: 10_000_000), width: 7)
            : nil
        let taxCode =
            generator.chance(permille: 350)
            ? "8" + Self.digits(Self.permuted(number, modulus: 1_000_000_000), width: 9)
            : nil
        merchant = ValidMerchant(
            communeCode: commune.code,
            name: "\(generator.pick(type.shopPrefixes)) \(owner.given)",
            hamlet: hamlet,
            address: address,
            ownerName: owner.full,
            phone: phone,
            taxCode: taxCode,
            businessType: type.name,
            openedOn: campaignStart.adding(days: openedOffset),
            closedOn: closedOffset.map { campaignStart.adding(days: $0) }
        )
    }

    /// Gives the merchant a bank account at a weighted bank, numbered uniquely from its number.
    mutating func openAccount(generator: inout SeededGenerator) {
        let bank = VietnameseNames.banks[generator.weightedIndex(VietnameseNames.banks.map(\.weight))]
        let width = bank.accountLength - 1
        var modulus = 1
        for _ in 0..<width { modulus *= 10 }
        merchant.bankBIN = bank.bin
        merchant.accountNumber =
            String(generator.int(in: 1...9)) + Self.digits(Self.permuted(number, modulus: modulus), width: width)
        merchant.accountName = VietnameseText.foldToASCII(owner.full).uppercased()
    }

    var bulk: BulkMerchant { BulkMerchant(merchant: merchant, events: events) }

    /// A bijection of `0..<modulus`: distinct numbers give distinct, scattered values (so phone
    /// numbers and accounts look like real ones, not a counter). An invertible mix of the
    /// smallest power of two above the modulus, applied again until the value falls below it
    /// (cycle walking, which keeps the mapping one-to-one).
    static func permuted(_ number: Int, modulus: Int) -> Int {
        precondition(number >= 0 && number < modulus, "number out of range")
        var bits = 1
        while (1 << bits) < modulus { bits += 1 }
        let mask = UInt64((1 << bits) - 1)
        let shift = UInt64(max(1, bits / 2))
        var value = UInt64((number + 1_234_567) % modulus)  // so that 0 does not stay 0
        repeat {
            value ^= value >> shift
            value = (value &* 0x9e37_79b9_7f4a_7c15) & mask
            value ^= value >> shift
            value = (value &* 0xc2b2_ae3d_27d4_eb4f) & mask
            value ^= value >> shift
        } while value >= UInt64(modulus)
        return Int(value)
    }

    static func digits(_ value: Int, width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
