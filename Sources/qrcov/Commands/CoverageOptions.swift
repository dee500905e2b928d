import ArgumentParser
import Coverage
import Domain
import SQLiteStore
import Store
import VietQR

extension ReportLanguage: ExpressibleByArgument {}
extension CoverageOrder: ExpressibleByArgument {}

/// `--province P | --commune C`: which part of the registry a report covers.
struct ReportScopeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only this province (2-digit code or name).", valueName: "province"))
    var province: String?

    @Option(help: ArgumentHelp("Only this commune (5-digit code, name, or a former commune's code or name).", valueName: "commune"))
    var commune: String?

    func validate() throws {
        if province != nil && commune != nil {
            throw ValidationError("give --province or --commune, not both")
        }
    }

    /// The scope for the registry's counts and for the report's heading.
    func resolve(in directory: CommuneDirectory) throws -> (counts: CoverageScope, report: ReportScope) {
        if let commune {
            let found = try RegistryCLI.run { try directory.resolve(commune) }
            return (.commune(found.code), ReportScope(level: .commune, code: found.code, name: found.fullName))
        }
        if let province {
            let key = VietnameseText.searchKey(province)
            let found = directory.province(code: province)
                ?? directory.provinces.first { VietnameseText.searchKey($0.name) == key }
            guard let found else {
                let known = directory.provinces.map { "\($0.code) \($0.name)" }.joined(separator: ", ")
                throw CLIError(.usage, "--province: no province \"\(province)\" in this registry (it has: \(known))")
            }
            return (.province(found.code), ReportScope(level: .province, code: found.code, name: found.name))
        }
        return (.country, .country)
    }
}

/// `--as-of`, `--target`, `--lang`: shared by `coverage` and `trend`.
struct ReportOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Count as of the end of this day (YYYY-MM-DD or dd/MM/yyyy; default: today, Vietnam time).", valueName: "date"))
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

    /// The as-of day; today in Vietnam when not given.
    var day: CalendarDay { asOf.flatMap(CalendarDay.init(_:)) ?? CalendarDay.today() }
}

extension CoverageUnit {
    /// A registry count row as a report unit.
    init(_ row: CoverageCountRow) {
        self.init(code: row.code, name: row.name, counts: CoverageCounts(total: row.total, covered: row.covered))
    }
}
