import Domain

/// Draws a coverage report as an SVG bar chart: one horizontal bar per unit, sorted by percent
/// (lowest at the top), a vertical line at the target, and each bar labelled with the unit's
/// name (Vietnamese diacritics kept: the file is UTF-8 and names a font that has them), its
/// percent and its counts. Units with no merchants are listed without a bar.
///
/// All geometry comes from integers (tenths of a percent, tenths of a pixel), so the same
/// report always gives the same bytes.
public struct CoverageChart: Sendable {
    /// The language of the title, summary, legend and placeholders.
    public var language: ReportLanguage
    /// Width of the 0–100% plot area in pixels.
    public var plotWidth: Int = 640
    /// Height of one row in pixels.
    public var rowHeight: Int = 20

    /// A chart in `language` with the default plot size.
    public init(language: ReportLanguage = .vi) {
        self.language = language
    }

    static let fontFamily = "DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif"
    static let metColor = "#2e7d32"
    static let belowColor = "#e65100"
    static let targetColor = "#c62828"

    /// The chart as a standalone SVG document.
    public func svg(_ report: CoverageReport) -> String {
        let labels = ReportLabels(language)
        let rows = report.rows.sorted(by: CoverageOrder.worst.precedes)
        let fontSize = 12
        let names = rows.map { labels.displayName($0, report.unitKind) }
        let nameWidth = names.map { Self.textWidth($0, fontSize: fontSize) }.max() ?? 60
        let left = 20 + max(nameWidth, 60) + 12
        let valueWidth = 190
        let width = left + plotWidth + 16 + valueWidth
        let top = report.isSample ? 128 : 104
        let plotHeight = max(1, rows.count) * rowHeight
        let bottom = top + plotHeight
        let height = bottom + 70

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="\(Self.fontFamily)" font-size="\(fontSize)">

            """
        svg += "<title>\(Self.escape(labels.title(report)))</title>\n"
        svg += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        svg += text(x: 20, y: 32, labels.title(report), size: 17, weight: "bold")
        svg += text(x: 20, y: 56, labels.summary(report), size: 13, fill: "#333333")
        if report.isSample {
            svg += text(
                x: 20, y: 82, labels.sample, size: 15, weight: "bold", fill: Self.targetColor, cssClass: "sample")
        }

        // Grid and axis labels every 10%.
        for step in 0...10 {
            let x = xPosition(tenths: step * 100, left: left)
            svg +=
                "<line x1=\"\(x)\" y1=\"\(top - 6)\" x2=\"\(x)\" y2=\"\(bottom)\" "
                + "stroke=\"#dddddd\" stroke-width=\"1\"/>\n"
            svg += text(x: x, y: top - 10, "\(step * 10)%", size: 11, anchor: "middle", fill: "#555555")
            svg += text(x: x, y: bottom + 16, "\(step * 10)%", size: 11, anchor: "middle", fill: "#555555")
        }

        for (index, row) in rows.enumerated() {
            let y = top + index * rowHeight
            let baseline = y + rowHeight / 2 + fontSize / 2 - 2
            svg += text(x: left - 10, y: baseline, names[index], size: fontSize, anchor: "end", cssClass: "label")
            guard let tenths = row.progress.percentTenths else {
                svg += text(x: left + 4, y: baseline, labels.noMerchants, size: 11, fill: "#777777", style: "italic")
                continue
            }
            let color = row.progress.met == true ? Self.metColor : Self.belowColor
            let barWidth = DecimalText.tenths(plotWidth * tenths / 100)
            let tooltip =
                "\(names[index]): \(labels.number(row.counts.covered))/\(labels.number(row.counts.total)) "
                + "(\(language.percent(tenths: tenths))) — "
                + "\(labels.shortfall.lowercased()) \(labels.number(row.progress.shortfall))"
            svg +=
                "<rect class=\"bar\" data-code=\"\(Self.escape(row.code))\" x=\"\(left)\" y=\"\(y + 3)\" "
                + "width=\"\(barWidth)\" height=\"\(rowHeight - 6)\" fill=\"\(color)\">"
                + "<title>\(Self.escape(tooltip))</title></rect>\n"
            let value =
                "\(language.percent(tenths: tenths))  "
                + "(\(labels.number(row.counts.covered))/\(labels.number(row.counts.total)))"
            svg += text(x: left + plotWidth + 16, y: baseline, value, size: 11, fill: "#222222")
        }

        // The target line on top of the bars.
        let targetX = xPosition(tenths: report.target.percent * 10, left: left)
        svg +=
            "<line class=\"target\" x1=\"\(targetX)\" y1=\"\(top - 4)\" x2=\"\(targetX)\" y2=\"\(bottom + 4)\" "
            + "stroke=\"\(Self.targetColor)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n"
        svg += text(
            x: targetX, y: top - 24, labels.targetLine(report.target), size: 12, weight: "bold",
            anchor: "middle", fill: Self.targetColor)

        // Legend.
        let legendY = bottom + 44
        svg += "<rect x=\"20\" y=\"\(legendY - 11)\" width=\"14\" height=\"14\" fill=\"\(Self.metColor)\"/>\n"
        svg += text(x: 40, y: legendY, labels.legendMet(report.target), size: 12)
        svg += "<rect x=\"260\" y=\"\(legendY - 11)\" width=\"14\" height=\"14\" fill=\"\(Self.belowColor)\"/>\n"
        svg += text(x: 280, y: legendY, labels.legendBelow(report.target), size: 12)
        return svg + "</svg>\n"
    }

    /// The x of a percent given in tenths, as a decimal string in tenths of a pixel.
    private func xPosition(tenths: Int, left: Int) -> String {
        DecimalText.tenths(left * 10 + plotWidth * tenths / 100)
    }

    private func text(
        x: CustomStringConvertible, y: Int, _ content: String, size: Int, weight: String? = nil,
        anchor: String? = nil, fill: String? = nil, style: String? = nil, cssClass: String? = nil
    ) -> String {
        var attributes = "x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\""
        if let weight { attributes += " font-weight=\"\(weight)\"" }
        if let anchor { attributes += " text-anchor=\"\(anchor)\"" }
        if let fill { attributes += " fill=\"\(fill)\"" }
        if let style { attributes += " font-style=\"\(style)\"" }
        if let cssClass { attributes += " class=\"\(cssClass)\"" }
        return "<text \(attributes)>\(Self.escape(content))</text>\n"
    }

    /// A generous width estimate for a label in DejaVu Sans (about 0.62 em per letter), in pixels.
    static func textWidth(_ text: String, fontSize: Int) -> Int {
        (text.count * fontSize * 62 + 99) / 100
    }

    /// Escapes text for XML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 forbids most control characters; a stray one becomes a space.
            case _ where character.unicodeScalars.contains(where: { $0.value < 0x20 }): out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

extension ReportLabels {
    func targetLine(_ target: CoverageTarget) -> String {
        language == .vi ? "Mục tiêu \(target.percent)%" : "Target \(target.percent)%"
    }

    func legendMet(_ target: CoverageTarget) -> String {
        language == .vi ? "Đạt mục tiêu (≥ \(target.percent)%)" : "Meets the target (≥ \(target.percent)%)"
    }

    func legendBelow(_ target: CoverageTarget) -> String {
        language == .vi ? "Chưa đạt (< \(target.percent)%)" : "Below the target (< \(target.percent)%)"
    }
}
