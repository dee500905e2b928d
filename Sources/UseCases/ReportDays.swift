import Coverage
import Domain
import Store

/// Which day of a report a ``ReportDayError`` is about.
public enum ReportDayBound: Sendable, Equatable {
    /// The day counted to (`--as-of`).
    case asOf
    /// The day a trend starts (`--from`).
    case from
}

/// A day a report cannot be asked for: what coverage and trends refuse rather than answer with
/// made-up zeros or millions of rows.
public enum ReportDayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A day after today (Vietnam time): nothing is counted yet.
    case afterToday(ReportDayBound, CalendarDay, today: CalendarDay)
    /// A day before the registry's first status event: nothing was recorded yet.
    case beforeFirstEvent(ReportDayBound, CalendarDay, first: CalendarDay)
    /// A trend's start after its end.
    case fromAfterAsOf(CalendarDay, asOf: CalendarDay)
    /// A trend of more than ``Coverage/TrendPlan/maximumPoints`` points.
    case tooManyPoints(Int, from: CalendarDay, asOf: CalendarDay, step: TrendStep)

    public var description: String {
        switch self {
        case .afterToday(_, let day, let today):
            "\(day) is after today (\(today), Vietnam time): there is nothing to count yet"
        case .beforeFirstEvent(_, let day, let first):
            "\(day) is before the registry's first QR status event (\(first)): nothing was recorded yet"
        case .fromAfterAsOf(let from, let asOf): "the trend would start on \(from), after it ends on \(asOf)"
        case .tooManyPoints(let count, let from, let asOf, let step):
            "from \(from) to \(asOf) the trend has \(ReportLanguage.en.number(count)) "
                + "\(step == .daily ? "daily" : "weekly") points, more than "
                + "\(ReportLanguage.en.number(TrendPlan.maximumPoints)): start it later (--from)"
                + (step == .daily ? " or count by week (--weekly)" : "")
        }
    }

    /// The day the error is about, nil when it is about the range.
    public var bound: ReportDayBound? {
        switch self {
        case .afterToday(let bound, _, _), .beforeFirstEvent(let bound, _, _): bound
        case .fromAfterAsOf, .tooManyPoints: nil
        }
    }
}

/// The days a report may be asked for in a registry: from its first status event to today. A
/// day not asked for (nil) is today, which needs no check (a registry whose events are all later
/// than today, through a forced date, still reports today).
struct ReportDays {
    let today: CalendarDay
    /// The registry's first status event, nil when it has none (then any day up to today is fine).
    let firstEvent: CalendarDay?

    init(_ store: any RegistryStore, today: CalendarDay) throws {
        self.today = today
        firstEvent = try store.firstEventDay(scope: .country)
    }

    /// The day counted to: `asOf` when it is plausible, today when nil.
    func asOf(_ asOf: CalendarDay?) throws(ReportDayError) -> CalendarDay {
        guard let asOf else { return today }
        try check(asOf, .asOf)
        return asOf
    }

    /// A trend's start `from` when it is plausible and not after `asOf`; nil when nil.
    func from(_ from: CalendarDay?, asOf: CalendarDay) throws(ReportDayError) -> CalendarDay? {
        guard let from else { return nil }
        try check(from, .from)
        guard from <= asOf else { throw .fromAfterAsOf(from, asOf: asOf) }
        return from
    }

    /// Refuses a trend longer than ``TrendPlan/maximumPoints``, before its days are made.
    func checkLength(from: CalendarDay?, asOf: CalendarDay, step: TrendStep) throws(ReportDayError) {
        let count = TrendPlan.pointCount(firstEvent: from, asOf: asOf, step: step)
        guard count > TrendPlan.maximumPoints, let from else { return }
        throw .tooManyPoints(count, from: from, asOf: asOf, step: step)
    }

    private func check(_ day: CalendarDay, _ bound: ReportDayBound) throws(ReportDayError) {
        if day > today { throw .afterToday(bound, day, today: today) }
        if let firstEvent, day < firstEvent { throw .beforeFirstEvent(bound, day, first: firstEvent) }
    }
}
