import Coverage
import Domain
import Foundation
import Store
import VietQR

/// A `--province` or `--commune` that names no unit of the registry.
public enum ReportScopeError: Error, Sendable, Equatable, CustomStringConvertible {
    case commune(CommuneLookupError)
    /// The province as given, and the provinces the registry has (code and name).
    case province(String, known: [Province])

    public var description: String {
        switch self {
        case .commune(let error): error.description
        case .province(let text, let known):
            "no province \"\(text)\" in this registry (it has: "
                + known.map { "\($0.code) \($0.name)" }.joined(separator: ", ") + ")"
        }
    }
}

/// The coverage report and the trend of a scope: what `qrcov coverage`, `qrcov trend` and the
/// dashboards show, from the registry's exact counts.
public enum CoverageReports {
    /// The scope a user names: a commune (code, name or former commune), else a province (code or
    /// name, case and diacritics ignored), else the whole registry.
    public static func scope(province: String?, commune: String?, in directory: CommuneDirectory)
        throws(ReportScopeError)
        -> ReportScope
    {
        if let commune {
            let found: Commune
            do { found = try directory.resolve(commune) } catch { throw .commune(error) }
            return ReportScope(level: .commune, code: found.code, name: found.fullName)
        }
        if let province {
            let key = VietnameseText.searchKey(province)
            let found =
                directory.province(code: province)
                ?? directory.provinces.first { VietnameseText.searchKey($0.name) == key }
            guard let found else { throw .province(province, known: directory.provinces) }
            return ReportScope(level: .province, code: found.code, name: found.name)
        }
        return .country
    }

    /// The units a scope is reported by unless asked otherwise: provinces for the whole
    /// registry, communes for a province or a commune.
    public static func defaultUnits(for scope: ReportScope) -> CoverageUnitKind {
        scope.level == .country ? .province : .commune
    }

    /// The report of `scope` by `units` as of the end of `asOf` (nil: `today`), worst first unless
    /// `order` says. A day asked for must be plausible (``ReportDayError``): not after today, not
    /// before the registry's first status event.
    public static func report(
        _ store: any RegistryStore, scope: ReportScope, units: CoverageUnitKind, asOf: CalendarDay?,
        today: CalendarDay = .today(), target: CoverageTarget, order: CoverageOrder = .worst, isSample: Bool = false
    ) throws -> CoverageReport {
        let day = try ReportDays(store, today: today).asOf(asOf)
        let rows = try store.coverageCounts(scope: scope.coverageScope, groupBy: units, asOf: day)
        return CoverageReport(
            scope: scope, unitKind: units, units: rows, target: target, asOf: day, order: order, isSample: isSample)
    }

    /// The daily or weekly trend of `scope` from `from` (nil: its first status event) to `asOf`
    /// (nil: `today`), with the pace of the last weeks (``TrendPlan``). The days asked for must be
    /// plausible and the series at most ``TrendPlan/maximumPoints`` long (``ReportDayError``),
    /// which is checked before anything is counted.
    public static func trend(
        _ store: any RegistryStore, scope: ReportScope, from: CalendarDay? = nil, asOf: CalendarDay?,
        today: CalendarDay = .today(), target: CoverageTarget, step: TrendStep
    ) throws -> TrendReport {
        let days = try ReportDays(store, today: today)
        let end = try days.asOf(asOf)
        let start = try days.from(from, asOf: end)
        let first = try start ?? store.firstEventDay(scope: scope.coverageScope)
        try days.checkLength(from: first, asOf: end, step: step)
        let plan = TrendPlan(firstEvent: first, asOf: end, step: step)
        let points = try store.coverageSeries(scope: scope.coverageScope, days: plan.days + [plan.paceStart])
        return TrendReport(
            scope: scope, target: target, step: step, points: Array(points.dropLast()), paceStart: points.last!)
    }
}
