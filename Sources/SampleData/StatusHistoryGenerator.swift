import Domain
import Foundation
import Store
import VietQR

/// Generates the QR status histories of one commune's sample merchants so that the commune ends
/// the campaign at its planned coverage:
/// 1. the baseline survey in the first week records every open merchant as `displayed` (the
///    planned baseline share) or `none`; a merchant opening later is recorded when it opens;
/// 2. a few merchants take their QR down during the campaign (`none`);
/// 3. volunteers win exactly enough merchants to reach the planned final share, each first
///    `registered` (account or QR issued) and days later `displayed`, on days spread over the
///    commune's active weeks; a bank confirms some of them (`verified`) weeks later;
/// 4. some merchants they reach only register.
struct StatusHistoryGenerator {
    let plan: CommunePlan
    private let campaignDays = SampleCampaign.start.dayNumber...SampleCampaign.end.dayNumber

    init(plan: CommunePlan) {
        self.plan = plan
    }

    /// Appends each merchant's status changes to its `events` (step by step as above, so not in
    /// time order), and gives a bank account to every merchant that registers or displays a QR
    /// and to some others.
    func appendHistories(to merchants: inout [SampleMerchant], generator: inout SeededGenerator) {
        let openAtStart = merchants.indices.filter { merchants[$0].openedOffset < 0 }
        let baselineCount = openAtStart.count * plan.baselinePermille / 1000
        var covered = Set<Int>()
        var firstEventOffset = [Int](repeating: 0, count: merchants.count)

        // 1. Baseline survey, and merchants recorded as they open.
        for (rank, index) in generator.shuffled(openAtStart).enumerated() {
            let day = generator.int(in: 0...6)
            let displayed = rank < baselineCount
            merchants[index].events.append(
                change(displayed ? .displayed : .none, day: day, generator: &generator, note: "Khảo sát ban đầu"))
            firstEventOffset[index] = day
            if displayed { covered.insert(index) }
        }
        for index in merchants.indices where merchants[index].openedOffset >= 0 {
            let day = merchants[index].openedOffset
            let displayed = generator.chance(permille: plan.baselinePermille)
            merchants[index].events.append(
                change(displayed ? .displayed : .none, day: day, generator: &generator, note: "Cửa hàng mới mở"))
            firstEventOffset[index] = day
            if displayed { covered.insert(index) }
        }

        // 2. A few QR codes come down (and stay down).
        var removed = Set<Int>()
        for index in covered.sorted() where generator.chance(permille: 20) {
            let day = generator.int(in: firstEventOffset[index] + 1...91)
            if let closed = merchants[index].closedOffset, day >= closed { continue }
            merchants[index].events.append(change(.none, day: day, generator: &generator, note: "Đã gỡ mã QR"))
            covered.remove(index)
            removed.insert(index)
        }

        // 3. Volunteers win merchants open at the end until the planned share displays a QR.
        let openAtEnd = merchants.indices.filter { merchants[$0].closedOffset == nil }
        let wanted = openAtEnd.count * plan.finalPermille / 1000
        let coveredAtEnd = openAtEnd.filter(covered.contains).count
        let reachable = openAtEnd.filter {
            !covered.contains($0) && !removed.contains($0) && firstEventOffset[$0] + 2 <= plan.activeDays.upperBound
        }
        let shuffled = generator.shuffled(reachable)
        let won = shuffled.prefix(max(0, wanted - coveredAtEnd))
        for index in won {
            let earliest = max(plan.activeDays.lowerBound, firstEventOffset[index] + 2)
            let displayedDay = generator.int(in: earliest...plan.activeDays.upperBound)
            let registeredDay = max(firstEventOffset[index] + 1, displayedDay - generator.int(in: 1...12))
            merchants[index].events.append(change(.registered, day: registeredDay, generator: &generator))
            merchants[index].events.append(change(.displayed, day: displayedDay, generator: &generator))
            covered.insert(index)
            merchants[index].openAccount(generator: &generator)
            let verifiedDay = displayedDay + generator.int(in: 7...35)
            if verifiedDay <= 91, generator.chance(permille: 300), let bin = merchants[index].merchant.bankBIN {
                let code = BankDirectory.shared.bank(bin: bin)?.code ?? bin
                merchants[index].events.append(
                    change(
                        .verified, day: verifiedDay, generator: &generator,
                        source: "\(SampleCampaign.source):bank:\(code)", byVolunteer: false,
                        note: "Ngân hàng xác nhận"))
            }
        }

        // 4. Some reached merchants only register; everyone displaying at the survey has an account.
        for index in shuffled.dropFirst(won.count) where generator.chance(permille: 250) {
            let firstDay = firstEventOffset[index] + 1
            let day = generator.int(
                in: max(plan.activeDays.lowerBound, firstDay)...max(plan.activeDays.upperBound, firstDay))
            guard day <= 91 else { continue }
            merchants[index].events.append(change(.registered, day: day, generator: &generator))
            merchants[index].openAccount(generator: &generator)
        }
        for index in merchants.indices where merchants[index].merchant.bankBIN == nil {
            if merchants[index].events.contains(where: { $0.status.isCovered }) || generator.chance(permille: 300) {
                merchants[index].openAccount(generator: &generator)
            }
        }
    }

    /// A status change on a campaign day (offset from the start) at a working hour, Vietnam time.
    private func change(
        _ status: QRStatus, day: Int, generator: inout SeededGenerator, source: String = SampleCampaign.source,
        byVolunteer: Bool = true, note: String? = nil
    ) -> StatusChange {
        let dayNumber = SampleCampaign.start.dayNumber + day
        precondition(campaignDays.contains(dayNumber), "sample event outside the campaign")
        let seconds = dayNumber * 86_400 - CalendarDay.vietnamOffset + generator.int(in: 8 * 3600...17 * 3600)
        let actor = byVolunteer ? generator.pick(plan.volunteers) : nil
        return StatusChange(
            status, at: Date(timeIntervalSince1970: TimeInterval(seconds)), source: source, actor: actor, note: note)
    }
}
