import ArgumentParser
import Coverage
import Domain
import Store
import UseCases

/// `qrcov trend`: covered merchants and percent per day or week since the first status event,
/// and the day the target is reached at the recent (four-week) pace.
struct TrendCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Coverage over time for a commune or province, and when the target is reached at the recent pace.",
        discussion: """
            The series runs from --from (default: the first status event in scope) to --as-of (default \
            today), one point per day, or per week with --weekly; both days lie between the \
            registry's first status event and today, and a series of more than 3,660 points is \
            refused (exit 64). The pace is the change over the last four weeks; the \
            projection divides what is still missing by it, or says "not at this pace" when coverage \
            did not move closer to the target.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var scope: ReportScopeOptions

    @Flag(help: "One point per week instead of one per day.")
    var weekly = false

    @Option(
        help: ArgumentHelp(
            "Start the series on this day (YYYY-MM-DD or dd/MM/yyyy; default: the first status event in scope).",
            valueName: "date"))
    var from: String?

    @OptionGroup var report: ReportOptions

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if scope.province == nil && scope.commune == nil {
            throw ValidationError("give --commune C or --province P")
        }
        if let from, CalendarDay(from) == nil {
            throw ValidationError("--from: \"\(from)\" is not a date (YYYY-MM-DD or dd/MM/yyyy)")
        }
    }

    func run() throws {
        let registry = try database.openRegistry()
        let reportScope = try scope.resolve(in: registry.communes)
        let trend = try RegistryCLI.run {
            try CoverageReports.trend(
                registry, scope: reportScope, from: from.flatMap(CalendarDay.init(_:)), asOf: report.day,
                target: report.coverageTarget, step: weekly ? .weekly : .daily)
        }
        let renderer = TrendRenderer(language: report.lang)
        let out = Terminal.standardOutput
        switch format {
        case .table: out.write(renderer.terminal(trend, useColor: out.allowsColor))
        case .csv: out.write(renderer.csv(trend))
        case .json: out.write(renderer.json(trend))
        }
    }
}
