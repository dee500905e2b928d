import Coverage
import Domain
import PropertyBased
import Testing

/// The exact coverage rule: met ⇔ covered × 100 ≥ T × total, shortfall = max(0, ⌈T × total / 100⌉ − covered),
/// percent to one decimal rounded half up from the exact fraction.
@Suite struct CoverageProgressTests {
    private func progress(_ covered: Int, of total: Int, target: Int = 90) -> CoverageProgress {
        CoverageProgress(CoverageCounts(total: total, covered: covered), target: CoverageTarget(percent: target)!)
    }

    @Test func nineOfTenIsNinetyPercentAndMet() {
        let p = progress(9, of: 10)
        #expect(p.percentTenths == 900)
        #expect(p.percentText == "90.0")
        #expect(p.met == true)
        #expect(p.shortfall == 0)
    }

    @Test func eightOfNineIsNotMetWithShortfallOne() {
        let p = progress(8, of: 9)
        #expect(p.percentText == "88.9")
        #expect(p.met == false)
        #expect(p.shortfall == 1)
    }

    @Test func noMerchantsHasNoData() {
        let p = progress(0, of: 0)
        #expect(p.percentTenths == nil)
        #expect(p.percentText == nil)
        #expect(p.met == nil)
        #expect(p.shortfall == 0)
        let row = CoverageRow(CoverageUnit(code: "1", name: "x", total: 0, covered: 0), target: .campaign)
        #expect(!row.isBelowTarget && row.failsGate)
    }

    @Test func ninetyPercentOfAThousandIsTheExactBoundary() {
        let below = progress(899, of: 1_000)
        #expect(below.percentText == "89.9")
        #expect(below.met == false)
        #expect(below.shortfall == 1)
        let at = progress(900, of: 1_000)
        #expect(at.percentText == "90.0")
        #expect(at.met == true)
        #expect(at.shortfall == 0)
    }

    @Test func roundingDoesNotDecideMet() {
        // 8999 of 10000 is 89.99%: shown rounded as 90.0, but the target is not met.
        let p = progress(8_999, of: 10_000)
        #expect(p.percentText == "90.0")
        #expect(p.met == false)
        #expect(p.shortfall == 1)
    }

    @Test(arguments: [
        (1, 8, "12.5"), (1, 16, "6.3"), (3, 16, "18.8"), (2, 3, "66.7"), (1, 3, "33.3"),
        (0, 7, "0.0"), (7, 7, "100.0"), (1, 2_000, "0.1"), (1, 2_001, "0.0"),
    ])
    func percentRoundsHalfUp(covered: Int, total: Int, expected: String) {
        #expect(progress(covered, of: total).percentText == expected)
    }

    @Test func shortfallRoundsTheNeededCountUp() {
        // 90% of 11 is 9.9 merchants: 10 are needed.
        #expect(progress(9, of: 11).shortfall == 1)
        #expect(progress(10, of: 11).shortfall == 0)
        #expect(progress(0, of: 11).shortfall == 10)
        // A whole-percent target other than 90.
        #expect(progress(0, of: 3, target: 50).shortfall == 2)
        #expect(progress(0, of: 3, target: 100).shortfall == 3)
    }

    @Test func targetAcceptsWholePercentsFromOneToHundred() {
        #expect(CoverageTarget(percent: 0) == nil)
        #expect(CoverageTarget(percent: 101) == nil)
        #expect(CoverageTarget(percent: 1)?.percent == 1)
        #expect(CoverageTarget.campaign.percent == 90)
    }

    @Test func metExactlyWhenShortfallIsZeroAndShortfallIsTheLeastToAdd() async {
        let input = zip(Gen.int(in: 0...5_000), Gen.int(in: 0...5_000), Gen.int(in: 1...100))
        await propertyCheck(count: 500, input: input) { a, b, t in
            let total = max(a, b)
            let covered = min(a, b)
            let target = CoverageTarget(percent: t)!
            let p = CoverageProgress(CoverageCounts(total: total, covered: covered), target: target)
            #expect(p.met == (covered * 100 >= t * total))
            #expect(p.met == (p.shortfall == 0))
            // Winning `shortfall` more merchants meets the target; one fewer does not.
            if p.shortfall > 0 {
                let after = CoverageProgress(
                    CoverageCounts(total: total, covered: covered + p.shortfall), target: target)
                let justShort = CoverageProgress(
                    CoverageCounts(total: total, covered: covered + p.shortfall - 1), target: target)
                #expect(after.met == true)
                #expect(justShort.met == false)
            }
        }
    }

    @Test func percentIsTheNearestTenthWithHalvesUp() async {
        let input = zip(Gen.int(in: 0...100_000), Gen.int(in: 1...100_000))
        await propertyCheck(count: 500, input: input) { a, b in
            let total = max(a, b)
            let covered = min(a, b)
            let tenths = try #require(
                CoverageProgress(CoverageCounts(total: total, covered: covered), target: .campaign).percentTenths)
            // tenths − ½ ≤ covered × 1000 / total < tenths + ½, in integers.
            #expect((2 * tenths - 1) * total <= 2_000 * covered)
            #expect(2_000 * covered < (2 * tenths + 1) * total)
        }
    }
}
