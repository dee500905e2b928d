import Domain
import Tabular

extension CoverageReportRenderer {
    /// The report as a spreadsheet table for officials: the same columns, labels, rows and
    /// roll-up as ``table(_:)``, but typed. Codes are identifiers (text: province `01` keeps its
    /// zero); totals, covered and shortfall are whole numbers; the percent is a fraction shown
    /// as a percent with one decimal, empty where a unit has no merchants; "met" is a word in the
    /// report language. Title, sample notice and summary are notes below the table.
    public func sheet(_ report: CoverageReport) -> SheetTable {
        let labels = ReportLabels(language)
        let coded = report.unitKind.hasOfficialCode
        var columns = [
            SheetTable.Column(labels.unit(report.unitKind)),
            SheetTable.Column(labels.total, .count),
            SheetTable.Column(labels.covered, .count),
            SheetTable.Column(labels.percent, .percent),
            SheetTable.Column(labels.met(report.target)),
            SheetTable.Column(labels.shortfall, .count),
        ]
        if coded { columns.insert(SheetTable.Column(labels.code, .identifier), at: 0) }
        var notes = [labels.title(report)]
        if report.isSample { notes.append(labels.sample) }
        notes.append(labels.summary(report))
        var sheet = SheetTable(
            name: language == .vi ? "Tỷ lệ có QR" : "QR coverage", columns: columns, notes: notes)

        func cells(_ row: CoverageRow, code: String, name: String) -> [SheetCell] {
            let progress = row.progress
            let met: String
            if progress.percentTenths == nil {
                met = labels.noMerchants
            } else {
                met = progress.met == true ? labels.yes : labels.no
            }
            return (coded ? [SheetCell(text: code)] : []) + [
                .text(name),
                .integer(row.counts.total),
                .integer(row.counts.covered),
                progress.percentTenths.map { .number(Double($0) / 1000) } ?? .empty,
                .text(met),
                .integer(progress.shortfall),
            ]
        }
        for row in report.rows {
            sheet.append(cells(row, code: row.code, name: labels.displayName(row, report.unitKind)))
        }
        sheet.appendFooter(cells(report.total, code: "", name: labels.rollUp))
        return sheet
    }
}
