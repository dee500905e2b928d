import Coverage
import Domain
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The SVG chart: well-formed, one bar per commune with merchants sorted by percent, the target line, readable labels.
@Suite struct CoverageChartTests {
    /// Collects elements and text from an SVG document.
    final class SVGCollector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String] = []
        private var current = ""
        private var inText = false

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append((name, attributes))
            if name == "text" {
                inText = true
                current = ""
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "text" {
                texts.append(current)
                inText = false
            }
        }
    }

    static func parse(_ svg: String) throws -> SVGCollector {
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    @Test func oneBarPerCommuneSortedByPercentWithTheTargetLine() throws {
        let report = CoverageReportTests.report(
            [
                CoverageReportTests.unit("11953", "Phố Hiến", 95, 100),
                CoverageReportTests.unit("11977", "Tân Hưng", 5, 10),
                CoverageReportTests.unit("11980", "Hồng Châu", 0, 0),
                CoverageReportTests.unit("11983", "Thụy Anh & <Đông>", 70, 100),
            ], order: .code)
        let svg = CoverageChart(language: .vi).svg(report)
        let parsed = try Self.parse(svg)
        let bars = parsed.elements.filter { $0.attributes["class"] == "bar" }
        #expect(bars.map { $0.attributes["data-code"] } == ["11977", "11983", "11953"])
        // Bar widths are the percent of the 640-pixel plot.
        #expect(bars.map { $0.attributes["width"] } == ["320.0", "448.0", "608.0"])
        #expect(
            bars.map { $0.attributes["fill"] } == [
                CoverageChartTests.belowColor, CoverageChartTests.belowColor, CoverageChartTests.metColor,
            ])
        let target = try #require(parsed.elements.first { $0.attributes["class"] == "target" })
        let barX = try #require(Double(bars[0].attributes["x"] ?? ""))
        #expect(Double(target.attributes["x1"] ?? "") == barX + 576)  // 90% of 640
        let labels = parsed.elements.filter { $0.attributes["class"] == "label" }
        #expect(labels.count == 4)
        #expect(parsed.texts.contains("Thụy Anh & <Đông>"))
        #expect(parsed.texts.contains("Phố Hiến"))
        #expect(parsed.texts.contains("Mục tiêu 90%"))
        #expect(parsed.texts.contains("chưa có dữ liệu"))
        #expect(svg.contains("font-family=\"DejaVu Sans"))
    }

    static let metColor = "#2e7d32"
    static let belowColor = "#e65100"

    @Test func sampleDataIsLabelledOnTheChart() throws {
        let sample = CoverageReport(
            scope: ReportScope(level: .province, code: "33", name: "Hưng Yên"), unitKind: .commune,
            units: [CoverageReportTests.unit("1", "A", 1, 2)], target: .campaign,
            asOf: CoverageReportTests.day, isSample: true)
        let parsed = try Self.parse(CoverageChart(language: .en).svg(sample))
        #expect(parsed.texts.contains("SAMPLE DATA — not real figures"))
        #expect(parsed.texts.contains("Target 90%"))
    }

    @Test func sameReportSameBytes() {
        let report = ReportRenderingTests.report
        #expect(CoverageChart().svg(report) == CoverageChart().svg(report))
    }
}
