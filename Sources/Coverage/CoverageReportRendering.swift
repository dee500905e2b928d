import Domain
import Tabular

/// Renders a ``CoverageReport`` for people (terminal table, Markdown) and machines (CSV, JSON).
///
/// People get labels in the report language, grouped thousands and a summary line; machines get
/// fixed keys, plain numbers with a dot (`88.9`) and `null` where a unit has no merchants.
public struct CoverageReportRenderer: Sendable {
    /// The language of labels and number forms for people; machine output does not depend on it
    /// (except the country's name as the JSON roll-up's `name`).
    public var language: ReportLanguage

    /// A renderer for people reading `language`.
    public init(language: ReportLanguage = .vi) {
        self.language = language
    }

    private var labels: ReportLabels { ReportLabels(language) }

    /// The report as a table for people, with the roll-up as footer. Hamlets and business types
    /// have no official code, so their tables have no code column.
    public func table(_ report: CoverageReport) -> Table {
        let coded = report.unitKind.hasOfficialCode
        var columns = [
            Table.Column(labels.unit(report.unitKind)),
            Table.Column(labels.total, alignment: .right),
            Table.Column(labels.covered, alignment: .right),
            Table.Column(labels.percent, alignment: .right),
            Table.Column(labels.met(report.target)),
            Table.Column(labels.shortfall, alignment: .right),
        ]
        if coded { columns.insert(Table.Column(labels.code), at: 0) }
        var table = Table(columns: columns)
        for row in report.rows {
            table.append((coded ? [row.code] : []) + cells(row, name: labels.displayName(row, report.unitKind)))
        }
        table.appendFooter((coded ? [""] : []) + cells(report.total, name: labels.rollUp))
        return table
    }

    private func cells(_ row: CoverageRow, name: String) -> [String] {
        let progress = row.progress
        guard let tenths = progress.percentTenths else {
            return [name, "0", "0", "—", labels.noMerchants, "—"]
        }
        return [
            name,
            labels.number(row.counts.total),
            labels.number(row.counts.covered),
            language.percent(tenths: tenths),
            progress.met == true ? labels.yes : labels.no,
            labels.number(progress.shortfall),
        ]
    }

    /// Title, table and summary for a terminal; the header is bold when `useColor` is set.
    public func terminal(_ report: CoverageReport, useColor: Bool = false) -> String {
        var out = labels.title(report) + "\n"
        if report.isSample { out += labels.sample + "\n" }
        out += "\n" + TerminalRenderer(useColor: useColor).render(table(report))
        out += "\n" + labels.summary(report) + "\n"
        return out
    }

    /// A Markdown document for officials: heading, sample notice, table, summary.
    public func markdown(_ report: CoverageReport) -> String {
        var out = "# " + labels.title(report) + "\n\n"
        if report.isSample { out += "**" + labels.sample + "**\n\n" }
        out += MarkdownRenderer().render(table(report))
        out += "\n" + labels.summary(report) + "\n"
        return out
    }

    /// Machine CSV: header `code,name,total,covered,percent,met,shortfall`, one record per row,
    /// `percent` empty where a unit has no merchants. The roll-up is left out so that the
    /// records can be summed; JSON carries it as `total`. Officials open it in a spreadsheet, and
    /// hamlets and business types are text people typed: a cell a spreadsheet would run as a
    /// formula (`=HYPERLINK(…)`, `+1`, `@x`) is written with a leading apostrophe
    /// (``CSVWriter/spreadsheetSafe``). Counts, percents and official codes never start that
    /// way, so they stay as they were.
    public func csv(_ report: CoverageReport) -> String {
        var table = Table(columns: Self.machineKeys.map { Table.Column($0) })
        for row in report.rows {
            table.append([
                row.code, row.name, String(row.counts.total), String(row.counts.covered),
                row.progress.percentText ?? "", row.progress.met.map { $0 ? "true" : "false" } ?? "",
                String(row.progress.shortfall),
            ])
        }
        return CSVWriter(spreadsheetSafe: true).render(table)
    }

    /// Machine JSON: `{"target", "as_of", "rows": [...], "total": {...}}`, each row with
    /// `code, name, total, covered, percent, met, shortfall` and `percent` null where total is 0.
    /// With sample data a `"sample": true` member follows `as_of`.
    public func json(_ report: CoverageReport) -> String {
        var totalRow = report.total
        if report.scope.level == .country {
            totalRow = CoverageRow(
                CoverageUnit(code: "", name: labels.country, counts: report.total.counts), target: report.target)
        }
        var out = "{\n"
        out += "  \"target\": \(report.target.percent),\n"
        out += "  \"as_of\": \(JSONText.string(report.asOf.iso)),\n"
        if report.isSample { out += "  \"sample\": true,\n" }
        out += "  \"rows\": " + JSONText.lines(report.rows.map { jsonRow($0, code: $0.code) }, indent: "  ") + ",\n"
        out += "  \"total\": " + jsonRow(totalRow, code: report.scope.code) + "\n"
        return out + "}\n"
    }

    private func jsonRow(_ row: CoverageRow, code: String?) -> String {
        JSONText.object([
            ("code", JSONText.optionalString(code)),
            ("name", JSONText.string(row.name)),
            ("total", String(row.counts.total)),
            ("covered", String(row.counts.covered)),
            ("percent", row.progress.percentText ?? "null"),
            ("met", row.progress.met.map { $0 ? "true" : "false" } ?? "null"),
            ("shortfall", String(row.progress.shortfall)),
        ])
    }

    /// The column keys of machine output, shared by CSV headers and JSON members.
    public static let machineKeys = ["code", "name", "total", "covered", "percent", "met", "shortfall"]
}
