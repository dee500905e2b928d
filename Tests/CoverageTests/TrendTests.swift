import Coverage
import Domain
import PropertyBased
import Testing

@Suite struct TrendTests {
    static let oct1 = CalendarDay(year: 2025, month: 10, day: 1)!

    static func point(_ offset: Int, _ covered: Int, _ total: Int) -> TrendPoint {
        TrendPoint(day: oct1.adding(days: offset), counts: CoverageCounts(total: total, covered: covered))
    }

    @Test func weeklyPlanStartsAtTheFirstEventAndEndsOnTheAsOfDay() {
        let plan = TrendPlan(firstEvent: Self.oct1, asOf: Self.oct1.adding(days: 20), step: .weekly)
        #expect(plan.days.map { Self.oct1.days(to: $0) } == [0, 7, 14, 20])
        #expect(plan.paceStart == Self.oct1)  // less than 28 days of history
    }

    @Test func paceWindowIsTheLastFourWeeks() {
        let plan = TrendPlan(firstEvent: Self.oct1, asOf: Self.oct1.adding(days: 70), step: .daily)
        #expect(plan.days.count == 71)
        #expect(plan.paceStart == Self.oct1.adding(days: 42))
    }

    @Test func planWithoutEventsIsTheAsOfDayAlone() {
        let plan = TrendPlan(firstEvent: nil, asOf: Self.oct1, step: .weekly)
        #expect(plan.days == [Self.oct1])
        #expect(plan.paceStart == Self.oct1)
        let later = TrendPlan(firstEvent: Self.oct1.adding(days: 5), asOf: Self.oct1, step: .weekly)
        #expect(later.days == [Self.oct1])
    }

    @Test func thePointCountIsThePlansWithoutMakingIt() {
        for step in TrendStep.allCases {
            for length in [-3, 0, 1, 6, 7, 8, 13, 14, 15, 400] {
                let asOf = Self.oct1.adding(days: length)
                let plan = TrendPlan(firstEvent: Self.oct1, asOf: asOf, step: step)
                #expect(TrendPlan.pointCount(firstEvent: Self.oct1, asOf: asOf, step: step) == plan.days.count)
            }
            #expect(TrendPlan.pointCount(firstEvent: nil, asOf: Self.oct1, step: step) == 1)
        }
        // A campaign since 1900 (a mistyped date) has far more points than a front end builds.
        let since1900 = CalendarDay(year: 1900, month: 1, day: 1)!
        #expect(TrendPlan.pointCount(firstEvent: since1900, asOf: Self.oct1, step: .daily) == 45_930)
        #expect(TrendPlan.pointCount(firstEvent: since1900, asOf: Self.oct1, step: .daily) > TrendPlan.maximumPoints)
    }

    @Test func projectsTheDayTheGapCloses() {
        // 100 merchants: 50 covered 28 days ago, 70 now: 20 per 28 days; 20 more needed → 28 more days.
        let projection = TrendProjection(
            windowStart: Self.point(0, 50, 100), windowEnd: Self.point(28, 70, 100), target: .campaign)
        #expect(projection.outcome == .reaches(Self.oct1.adding(days: 56)))
        #expect(projection.coveredGain == 20)
        #expect(projection.weeklyGainTenths == 50)
    }

    @Test func projectionRoundsUpToAWholeDay() {
        // 3 won in 7 days, 1 still needed (9 of 10) → 7/3 = 2.33 days → 3 days.
        let projection = TrendProjection(
            windowStart: Self.point(0, 5, 10), windowEnd: Self.point(7, 8, 10), target: .campaign)
        #expect(projection.outcome == .reaches(Self.oct1.adding(days: 10)))
    }

    @Test func newShopsOpeningSlowTheProjection() {
        // Covered grows by 9 but 10 new shops opened: the gap (90% × total − covered) did not close.
        let projection = TrendProjection(
            windowStart: Self.point(0, 50, 100), windowEnd: Self.point(28, 59, 110), target: .campaign)
        #expect(projection.outcome == .notAtThisPace)
        #expect(projection.coveredGain == 9)
    }

    @Test func flatOrFallingCoverageIsNotAtThisPace() {
        let flat = TrendProjection(
            windowStart: Self.point(0, 50, 100), windowEnd: Self.point(28, 50, 100), target: .campaign)
        #expect(flat.outcome == .notAtThisPace)
        #expect(flat.weeklyGainTenths == 0)
        let falling = TrendProjection(
            windowStart: Self.point(0, 50, 100), windowEnd: Self.point(28, 43, 100), target: .campaign)
        #expect(falling.outcome == .notAtThisPace)
        #expect(falling.weeklyGainTenths == -17)  // −7 in 4 weeks = −1.75/week → −1.7 (half up)
        let noWindow = TrendProjection(
            windowStart: Self.point(3, 50, 100), windowEnd: Self.point(3, 50, 100), target: .campaign)
        #expect(noWindow.outcome == .notAtThisPace)
        #expect(noWindow.weeklyGainTenths == nil)
    }

    @Test func metTargetNeedsNoProjection() {
        let projection = TrendProjection(
            windowStart: Self.point(0, 80, 100), windowEnd: Self.point(28, 90, 100), target: .campaign)
        #expect(projection.outcome == .met)
    }

    @Test func reportProjectsFromTheLastPoint() {
        let report = TrendReport(
            scope: ReportScope(level: .commune, code: "11953", name: "Phố Hiến"), target: .campaign, step: .weekly,
            points: [Self.point(28, 70, 100), Self.point(0, 50, 100)], paceStart: Self.point(0, 50, 100))
        #expect(report.points.first?.day == Self.oct1)
        #expect(report.asOf == Self.oct1.adding(days: 28))
        #expect(report.projection.outcome == .reaches(Self.oct1.adding(days: 56)))
    }

    @Test func projectedDayIsTheFirstOnWhichTheExtrapolatedGapCloses() async {
        let counts = zip(Gen.int(in: 0...3_000), Gen.int(in: 0...3_000), Gen.int(in: 0...3_000), Gen.int(in: 0...3_000))
        await propertyCheck(count: 300, input: counts, Gen.int(in: 1...60)) { values, window in
            let start = CoverageCounts(total: max(values.0, values.1), covered: min(values.0, values.1))
            let end = CoverageCounts(total: max(values.2, values.3), covered: min(values.2, values.3))
            let projection = TrendProjection(
                windowStart: TrendPoint(day: Self.oct1, counts: start),
                windowEnd: TrendPoint(day: Self.oct1.adding(days: window), counts: end), target: .campaign)
            // The gap to the target in hundredths of a merchant, as a straight line through the window.
            let gapStart = 90 * start.total - 100 * start.covered
            let gapEnd = 90 * end.total - 100 * end.covered
            switch projection.outcome {
            case .noData:
                #expect(end.total == 0)
            case .met:
                #expect(gapEnd <= 0 && end.total > 0)
            case .notAtThisPace:
                #expect(gapEnd > 0 && gapStart <= gapEnd)
            case .reaches(let day):
                let days = Self.oct1.adding(days: window).days(to: day)
                let closedPerWindow = gapStart - gapEnd
                #expect(days >= 1)
                #expect(gapEnd * window - closedPerWindow * days <= 0)
                #expect(gapEnd * window - closedPerWindow * (days - 1) > 0)
            }
        }
    }
}
