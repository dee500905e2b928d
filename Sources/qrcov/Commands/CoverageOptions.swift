import ArgumentParser
import Coverage
import Domain
import Store
import UseCases
import VietQR

extension ReportLanguage: ExpressibleByArgument {}
extension CoverageOrder: ExpressibleByArgument {}

/// `--province P | --commune C`: which part of the registry a report covers.
struct ReportScopeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only this province (2-digit code or name).", valueName: "province"))
    var province: String?

    @Option(
        help: ArgumentHelp(
            "Only this commune (5-digit code, name, or a former commune's code or name).", valueName: "commune"))
    var commune: String?

    func validate() throws {
        if province != nil && commune != nil {
            throw ValidationError("give --province or --commune, not both")
        }
    }

    /// The scope these options name in `directory`.
    func resolve(in directory: CommuneDirectory) throws -> ReportScope {
        do {
            return try CoverageReports.scope(province: province, commune: commune, in: directory)
        } catch .commune(let error) {
            throw CLIError(.dataError, error.description)
        } catch {
            throw CLIError(.usage, "--province: \(error)")
        }
    }
}

/// `--as-of`, `--target`, `--lang`: shared by `coverage` and `trend`.
struct ReportOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Count as of the end of this day (YYYY-MM-DD or dd/MM/yyyy; default: today, Vietnam time); "
                + "from the registry's first QR status event to today.",
            valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("Target percent of merchants displaying a QR (1–100).", valueName: "percent"))
    var target: Int = 90

    @Option(help: "Label language: vi (Vietnamese, for officials) or en.")
    var lang: ReportLanguage = .vi

    func validate() throws {
        guard CoverageTarget(percent: target) != nil else {
            throw ValidationError("--target must be a whole percent from 1 to 100, got \(target)")
        }
        if let asOf, CalendarDay(asOf) == nil {
            throw ValidationError("--as-of: \"\(asOf)\" is not a date (YYYY-MM-DD or dd/MM/yyyy)")
        }
    }

    var coverageTarget: CoverageTarget { CoverageTarget(percent: target)! }

    /// The as-of day given, nil for today (the use case's default, Vietnam time).
    var day: CalendarDay? { asOf.flatMap(CalendarDay.init(_:)) }
}
