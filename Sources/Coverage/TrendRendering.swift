import Domain
import Tabular

/// Renders a ``TrendReport``: a series table with the pace and projection for people,
/// CSV and JSON for machines.
public struct TrendRenderer: Sendable {
    /// The language of labels, dates and number forms for people; machine output ignores it.
    public var language: ReportLanguage

    /// A renderer for people reading `language`.
    public init(language: ReportLanguage = .vi) {
        self.language = language
    }

    private var labels: ReportLabels { ReportLabels(language) }

    /// One row per point: day, merchants, covered, gain since the previous point, percent, shortfall.
    public func table(_ report: TrendReport) -> Table {
        var table = Table(columns: [
            Table.Column(labels.day),
            Table.Column(labels.total, alignment: .right),
            Table.Column(labels.covered, alignment: .right),
            Table.Column(labels.gain, alignment: .right),
            Table.Column(labels.percent, alignment: .right),
            Table.Column(labels.shortfall, alignment: .right),
        ])
        var previous: CoverageCounts?
        for point in report.points {
            let progress = CoverageProgress(point.counts, target: report.target)
            let gain = previous.map { point.counts.covered - $0.covered }
            table.append([
                language.date(point.day),
                labels.number(point.counts.total),
                labels.number(point.counts.covered),
                gain.map { ($0 > 0 ? "+" : "") + labels.number($0) } ?? "",
                progress.percentTenths.map { language.percent(tenths: $0) } ?? labels.noMerchants,
                labels.number(progress.shortfall),
            ])
            previous = point.counts
        }
        return table
    }

    /// Title, series table, the recent pace and the projected date.
    public func terminal(_ report: TrendReport, useColor: Bool = false) -> String {
        var out = labels.trendTitle(report) + "\n"
        if report.isSample { out += labels.sample + "\n" }
        out += "\n" + TerminalRenderer(useColor: useColor).render(table(report)) + "\n"
        out += labels.pace(report.projection) + "\n" + labels.projection(report.projection) + "\n"
        return out
    }

    /// Machine CSV: `date,total,covered,percent,met,shortfall`, one record per point.
    public func csv(_ report: TrendReport) -> String {
        var table = Table(
            columns: ["date", "total", "covered", "percent", "met", "shortfall"].map { Table.Column($0) })
        for point in report.points {
            let progress = CoverageProgress(point.counts, target: report.target)
            table.append([
                point.day.iso, String(point.counts.total), String(point.counts.covered),
                progress.percentText ?? "", progress.met.map { $0 ? "true" : "false" } ?? "",
                String(progress.shortfall),
            ])
        }
        return CSVWriter().render(table)
    }

    /// Machine JSON: target, scope code, step, points, the pace window and the projection
    /// (`status` is `met`, `reaches` with a `date`, or `not_at_this_pace`).
    public func json(_ report: TrendReport) -> String {
        let projection = report.projection
        let points = report.points.map { point -> String in
            let progress = CoverageProgress(point.counts, target: report.target)
            return JSONText.object([
                ("date", JSONText.string(point.day.iso)),
                ("total", String(point.counts.total)),
                ("covered", String(point.counts.covered)),
                ("percent", progress.percentText ?? "null"),
                ("met", progress.met.map { $0 ? "true" : "false" } ?? "null"),
                ("shortfall", String(progress.shortfall)),
            ])
        }
        let pace = JSONText.object([
            ("from", JSONText.string(projection.windowStart.day.iso)),
            ("to", JSONText.string(projection.windowEnd.day.iso)),
            ("days", String(projection.windowDays)),
            ("covered_gain", String(projection.coveredGain)),
            ("per_week", projection.weeklyGainTenths.map { DecimalText.tenths($0) } ?? "null"),
        ])
        let status: String
        let date: String
        switch projection.outcome {
        case .met: (status, date) = ("met", "null")
        case .noData: (status, date) = ("no_data", "null")
        case .reaches(let day): (status, date) = ("reaches", JSONText.string(day.iso))
        case .notAtThisPace: (status, date) = ("not_at_this_pace", "null")
        }
        var out = "{\n"
        out += "  \"target\": \(report.target.percent),\n"
        out += "  \"scope\": \(JSONText.optionalString(report.scope.code)),\n"
        out += "  \"step\": \(JSONText.string(report.step.rawValue)),\n"
        if report.isSample { out += "  \"sample\": true,\n" }
        out += "  \"points\": " + JSONText.lines(points, indent: "  ") + ",\n"
        out += "  \"pace\": " + pace + ",\n"
        out += "  \"projection\": " + JSONText.object([("status", JSONText.string(status)), ("date", date)]) + "\n"
        return out + "}\n"
    }
}

extension ReportLabels {
    var day: String { language == .vi ? "Ngày" : "Date" }
    var gain: String { language == .vi ? "Tăng" : "Change" }

    func trendTitle(_ report: TrendReport) -> String {
        let step =
            report.step == .weekly
            ? (language == .vi ? "theo tuần" : "weekly")
            : (language == .vi ? "theo ngày" : "daily")
        return language == .vi
            ? "Tiến độ phủ QR thanh toán \(step) — \(scopeName(report.scope)) — mục tiêu \(report.target.percent)%"
            : "Payment QR coverage, \(step) — \(scopeName(report.scope)) — target \(report.target.percent)%"
    }

    func pace(_ projection: TrendProjection) -> String {
        let from = language.date(projection.windowStart.day)
        let to = language.date(projection.windowEnd.day)
        guard let tenths = projection.weeklyGainTenths else {
            return language == .vi ? "Chưa đủ dữ liệu để tính tốc độ." : "Not enough history to measure a pace."
        }
        let perWeek = (tenths > 0 ? "+" : "") + language.decimal(tenths: tenths)
        return language == .vi
            ? "Tốc độ gần đây (\(from) – \(to), \(projection.windowDays) ngày): \(perWeek) cửa hàng có QR mỗi tuần."
            : "Recent pace (\(from) – \(to), \(projection.windowDays) days): \(perWeek) merchants with a QR per week."
    }

    func projection(_ projection: TrendProjection) -> String {
        let target = projection.target.percent
        switch projection.outcome {
        case .met:
            return language == .vi ? "Đã đạt mục tiêu \(target)%." : "The \(target)% target is met."
        case .noData:
            return language == .vi ? "Chưa có dữ liệu: chưa có cửa hàng nào." : "No data: there are no shops yet."
        case .reaches(let day):
            return language == .vi
                ? "Dự kiến đạt mục tiêu \(target)% vào ngày \(language.date(day)) nếu giữ tốc độ này."
                : "At this pace the \(target)% target is reached on \(language.date(day))."
        case .notAtThisPace:
            return language == .vi
                ? "Với tốc độ này sẽ không đạt mục tiêu \(target)%."
                : "The \(target)% target is not reached at this pace."
        }
    }
}
