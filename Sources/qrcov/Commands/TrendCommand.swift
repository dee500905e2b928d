import ArgumentParser
import Coverage
import Domain
import SQLiteStore
import Store

/// `qrcov trend`: covered merchants and percent per day or week since the first status event,
/// and the day the target is reached at the recent (four-week) pace.
struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Coverage over time for a commune or province, and when the target is reached at the recent pace.",
        discussion: """
            The series runs from the first status event in scope to --as-of (default today), one point \
            per day, or per week with --weekly. The pace is the change over the last four weeks; the \
            projection divides what is still missing by it, or says "not at this pace" when coverage \
            did not move closer to the target.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var scope: ReportScopeOptions

    @Flag(help: "One point per week instead of one per day.")
    var weekly = false

    @OptionGroup var report: ReportOptions

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if scope.province == nil && scope.commune == nil {
            throw ValidationError("give --commune C or --province P")
        }
    }

    func run() throws {
        let registry = try database.openRegistry()
        let (countScope, reportScope) = try scope.resolve(in: registry.communes)
        let asOf = report.day
        let first = try RegistryCLI.run { try registry.firstEventDay(scope: countScope) }
        let plan = TrendPlan(firstEvent: first, asOf: asOf, step: weekly ? .weekly : .daily)
        let days = plan.days + [plan.paceStart]
        let series = try RegistryCLI.run { try registry.coverageSeries(scope: countScope, days: days) }
        let points = zip(days, series).map { TrendPoint(day: $0, counts: CoverageCounts(total: $1.total, covered: $1.covered)) }
        let paceStart = points.last!
        let trend = TrendReport(scope: reportScope, target: report.coverageTarget, step: weekly ? .weekly : .daily,
                                points: Array(points.dropLast()), paceStart: paceStart)
        let renderer = TrendRenderer(language: report.lang)
        let out = Terminal.standardOutput
        switch format {
        case .table: out.write(renderer.terminal(trend, useColor: out.allowsColor))
        case .csv: out.write(renderer.csv(trend))
        case .json: out.write(renderer.json(trend))
        }
    }
}
