import ArgumentParser
import Coverage
import Domain
import Store
import UseCases

/// `qrcov coverage`: merchants displaying a QR against the target, per province, commune,
/// hamlet or business type, as of a day, with a roll-up that sums the counts.
struct CoverageCommand: RegistryCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Coverage against the 90% target: total, covered, percent, met, shortfall per unit.",
        discussion: """
            Without --province or --commune there is one row per province (--by commune lists every \
            commune). With --province the rows are its communes; with --commune, that commune \
            (--by hamlet, only with --commune, splits it by thôn / tổ dân phố). Rows are worst first. A unit with no \
            merchants has no percent. --fail-below exits 3 when any unit with merchants is below \
            the target. --format xlsx writes a workbook for officials (needs --output): numbers as \
            numbers, the percent as a percent, a frozen header row, title and summary below.
            """
    )

    /// What one row stands for.
    /// `--format`: the listing formats plus Markdown and XLSX for reports.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, md, xlsx
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var scope: ReportScopeOptions

    @Option(
        help:
            "Rows per: province, commune, hamlet or business-type (default: province for the whole country, else commune)."
    )
    var by: CoverageUnitKind?

    @OptionGroup var report: ReportOptions

    @Option(help: "Output format: table, csv, json, md or xlsx.")
    var format: Format = .table

    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "Write the report to this file instead of stdout (required for xlsx).", valueName: "file"))
    var output: String?

    @Option(help: "Row order: worst (lowest percent first) or code.")
    var sort: CoverageOrder = .worst

    @Option(help: ArgumentHelp("Also write an SVG bar chart of the rows to this file.", valueName: "file.svg"))
    var chart: String?

    @Flag(name: .customLong("fail-below"), help: "Exit with status 3 when any unit is below the target.")
    var failBelow = false

    func validate() throws {
        if by == .hamlet && scope.commune == nil {
            throw ValidationError(
                "--by hamlet needs --commune: hamlet names (Thôn Đông, Tổ dân phố 1) repeat across communes")
        }
        if format == .xlsx && output == nil {
            throw ValidationError("--format xlsx needs --output FILE.xlsx: a workbook is never written to a terminal")
        }
    }

    func run() throws {
        try database.checkOutputs([output, chart])
        let registry = try database.openRegistry()
        let reportScope = try scope.resolve(in: registry.communes)
        let coverage = try RegistryCLI.run {
            try CoverageReports.report(
                registry, scope: reportScope, units: by ?? CoverageReports.defaultUnits(for: reportScope),
                asOf: report.day, target: report.coverageTarget, order: sort)
        }
        let renderer = CoverageReportRenderer(language: report.lang)
        if let output, format == .xlsx {
            try XLSXOutput.write([renderer.sheet(coverage)], to: output)
        } else if let output {
            try RegistryCLI.writeAtomically(text(coverage, renderer, useColor: false), to: output)
        } else {
            let out = Terminal.standardOutput
            out.write(text(coverage, renderer, useColor: out.allowsColor))
        }
        if let chart {
            try RegistryCLI.writeAtomically(CoverageChart(language: report.lang).svg(coverage), to: chart)
        }
        if failBelow {
            // A unit without data fails too: no unit passes a gate it has shown nothing for.
            let failing = coverage.rows.filter(\.failsGate)
            if !failing.isEmpty {
                let listed = failing.prefix(10).map { "\($0.code) \($0.name)" }.joined(separator: ", ")
                let more = failing.count > 10 ? ", …" : ""
                let noData = failing.filter { $0.counts.total == 0 }.count
                let reason = noData == 0 ? "" : " (\(noData) without data)"
                throw CLIError(
                    .gateNotMet,
                    "\(failing.count) of \(coverage.rows.count) units below \(coverage.target)\(reason): \(listed)\(more)"
                )
            }
        }
    }
}

extension CoverageCommand {
    /// The report in a text format.
    private func text(_ coverage: CoverageReport, _ renderer: CoverageReportRenderer, useColor: Bool) -> String {
        switch format {
        case .table: renderer.terminal(coverage, useColor: useColor)
        case .csv: renderer.csv(coverage)
        case .json: renderer.json(coverage)
        case .md: renderer.markdown(coverage)
        case .xlsx: preconditionFailure("a workbook is written to its --output file, not rendered as text")
        }
    }
}

extension CoverageUnitKind: ExpressibleByArgument {}
