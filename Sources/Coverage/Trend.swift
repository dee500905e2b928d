import Domain

/// How often a trend samples coverage.
public enum TrendStep: String, Sendable, CaseIterable {
    case daily
    case weekly

    /// Days between two samples: 1 or 7.
    public var days: Int { self == .daily ? 1 : 7 }
}

/// The days on which a trend needs counts: the series from the first status event to the
/// as-of day, and the start of the recent window that sets the pace.
public struct TrendPlan: Sendable, Equatable {
    /// Sample days: the first event day, then every step, and always the as-of day last.
    public let days: [CalendarDay]
    /// Start of the pace window: `paceWindowDays` before the as-of day, but not before the first
    /// event.
    public let paceStart: CalendarDay
    /// The last sample day, the day the trend runs to.
    public let asOf: CalendarDay

    /// The recent window is four weeks: long enough to smooth a volunteer's busy day,
    /// short enough to follow the campaign's current pace.
    public static let defaultPaceWindowDays = 28

    /// The most sample days a trend is built with: ten years of days, seventy of weeks. A longer
    /// series is no campaign's (a mistyped date, a forced event in 1900) and would cost memory
    /// and screens for nothing; front ends refuse it and ask for a later start or weekly points.
    public static let maximumPoints = 3_660

    /// The number of sample days ``init(firstEvent:asOf:step:paceWindowDays:)`` makes, computed
    /// without making them.
    public static func pointCount(firstEvent: CalendarDay?, asOf: CalendarDay, step: TrendStep) -> Int {
        guard let first = firstEvent, first < asOf else { return 1 }
        return (first.days(to: asOf) + step.days - 1) / step.days + 1
    }

    /// The plan from `firstEvent` to `asOf` every `step`, with a pace window of `paceWindowDays`
    /// (at least 1). With no event yet (`firstEvent` nil) or one on or after `asOf`, the series is
    /// the as-of day alone.
    public init(
        firstEvent: CalendarDay?, asOf: CalendarDay, step: TrendStep, paceWindowDays: Int = defaultPaceWindowDays
    ) {
        precondition(paceWindowDays > 0, "the pace window needs at least one day")
        self.asOf = asOf
        guard let first = firstEvent, first < asOf else {
            days = [asOf]
            paceStart = asOf
            return
        }
        days =
            Array(
                stride(from: first.dayNumber, to: asOf.dayNumber, by: step.days)
                    .map(CalendarDay.init(dayNumber:))) + [asOf]
        paceStart = max(first, asOf.adding(days: -paceWindowDays))
    }
}

/// Coverage counts on one day.
public struct TrendPoint: Sendable, Hashable {
    public let day: CalendarDay
    public let counts: CoverageCounts

    /// The point of `day` with these counts.
    public init(day: CalendarDay, counts: CoverageCounts) {
        self.day = day
        self.counts = counts
    }

    /// The point of `day` with `total` merchants open, `covered` of them with a QR on display.
    public init(day: CalendarDay, total: Int, covered: Int) {
        self.init(day: day, counts: CoverageCounts(total: total, covered: covered))
    }

    /// Merchants open on the day.
    public var total: Int { counts.total }
    /// Of those, merchants whose status at the end of the day was displayed or verified.
    public var covered: Int { counts.covered }
}

/// When the target is reached if the recent pace goes on.
///
/// The pace is measured on the gap to the target, `target × total − 100 × covered` (in
/// hundredths of a merchant, so integers stay exact), so new shops opening during the window
/// slow the projection as they should.
/// Days to go = ⌈gap now × window days / gap closed in the window⌉.
public struct TrendProjection: Sendable, Equatable {
    /// What the recent pace says about the target.
    public enum Outcome: Sendable, Equatable {
        /// The target is met on the last day.
        case met
        /// The scope has no merchants on the last day: nothing to measure.
        case noData
        /// The target is reached on this day at the recent pace.
        case reaches(CalendarDay)
        /// The gap did not close in the window (flat or worse), or there is no window yet.
        case notAtThisPace
    }

    /// The counts at the start of the pace window.
    public let windowStart: TrendPoint
    /// The counts on the last day, which the projection starts from.
    public let windowEnd: TrendPoint
    public let target: CoverageTarget
    public let outcome: Outcome

    /// The projection from the pace between `windowStart` and `windowEnd`.
    public init(windowStart: TrendPoint, windowEnd: TrendPoint, target: CoverageTarget) {
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.target = target
        let gapNow = Self.gap(windowEnd.counts, target)
        let windowDays = windowStart.day.days(to: windowEnd.day)
        let closed = Self.gap(windowStart.counts, target) - gapNow
        if windowEnd.counts.total == 0 {
            outcome = .noData
        } else if gapNow <= 0 {
            outcome = .met
        } else if windowDays <= 0 || closed <= 0 {
            outcome = .notAtThisPace
        } else {
            let daysToGo = (gapNow * windowDays + closed - 1) / closed
            outcome = .reaches(windowEnd.day.adding(days: daysToGo))
        }
    }

    /// Length of the pace window in days.
    public var windowDays: Int { windowStart.day.days(to: windowEnd.day) }

    /// Merchants that started displaying a QR (net) during the window.
    public var coveredGain: Int { windowEnd.counts.covered - windowStart.counts.covered }

    /// Net merchants won per week in the window, in tenths, rounded half up; `nil` with no window.
    public var weeklyGainTenths: Int? {
        guard windowDays > 0 else { return nil }
        return floorDivide(coveredGain * 140 + windowDays, 2 * windowDays)
    }

    /// `target × total − 100 × covered`: how far from the target, in hundredths of a merchant.
    static func gap(_ counts: CoverageCounts, _ target: CoverageTarget) -> Int {
        target.percent * counts.total - 100 * counts.covered
    }
}

/// Division rounding toward negative infinity.
func floorDivide(_ numerator: Int, _ denominator: Int) -> Int {
    let quotient = numerator / denominator
    return (numerator % denominator != 0 && (numerator < 0) != (denominator < 0)) ? quotient - 1 : quotient
}

/// A coverage series for one scope with its projection.
public struct TrendReport: Sendable {
    public let scope: ReportScope
    public let target: CoverageTarget
    public let step: TrendStep
    /// The series in day order, never empty.
    public let points: [TrendPoint]
    /// The pace from the window's start to the last point, and where it leads.
    public let projection: TrendProjection
    /// True for generated demonstration data: every rendering says so.
    public let isSample: Bool

    /// `points` in day order (at least one); `paceStart` the counts at the start of the pace window.
    public init(
        scope: ReportScope, target: CoverageTarget, step: TrendStep, points: [TrendPoint],
        paceStart: TrendPoint, isSample: Bool = false
    ) {
        precondition(!points.isEmpty, "a trend needs at least one point")
        self.scope = scope
        self.target = target
        self.step = step
        self.points = points.sorted { $0.day < $1.day }
        self.projection = TrendProjection(
            windowStart: paceStart, windowEnd: self.points[self.points.count - 1], target: target)
        self.isSample = isSample
    }

    /// The last point's day.
    public var asOf: CalendarDay { points[points.count - 1].day }
}
