import Coverage
import Domain
import PropertyBased
import Testing

/// Reports: roll-ups sum counts, rows are ordered worst first, units with no merchants are listed last.
@Suite struct CoverageReportTests {
    static let day = CalendarDay(year: 2025, month: 12, day: 31)!

    static func unit(_ code: String, _ name: String, _ covered: Int, _ total: Int) -> CoverageUnit {
        CoverageUnit(code: code, name: name, counts: CoverageCounts(total: total, covered: covered))
    }

    static func report(_ units: [CoverageUnit], order: CoverageOrder = .worst) -> CoverageReport {
        CoverageReport(
            scope: ReportScope(level: .province, code: "33", name: "Hưng Yên"), unitKind: .commune,
            units: units, target: .campaign, asOf: day, order: order)
    }

    @Test func rollUpSumsCountsInsteadOfAveragingPercents() {
        let report = Self.report([Self.unit("1", "A", 1, 1), Self.unit("2", "B", 0, 9)])
        #expect(report.total.counts == CoverageCounts(total: 10, covered: 1))
        #expect(report.total.progress.percentText == "10.0")  // not the 50.0 an average would give
        #expect(report.total.progress.shortfall == 8)
    }

    @Test func rowsComeWorstFirstWithEmptyUnitsLast() {
        let report = Self.report([
            Self.unit("11953", "Phố Hiến", 95, 100),
            Self.unit("11977", "Tân Hưng", 0, 0),
            Self.unit("11980", "Hồng Châu", 8, 9),
            Self.unit("11983", "Sơn Nam", 800, 900),  // same 88.9% as 8 of 9, larger shortfall
            Self.unit("11992", "Lạc Đạo", 1, 10),
        ])
        #expect(report.rows.map(\.code) == ["11992", "11983", "11980", "11953", "11977"])
        #expect(report.rowsBelowTarget.map(\.code) == ["11992", "11983", "11980"])
        #expect(report.emptyRows.map(\.code) == ["11977"])
        #expect(report.rowsMeetingTarget.map(\.code) == ["11953"])
        #expect(report.totalRowShortfall == 8 + 10 + 1)
    }

    @Test func codeOrderListsUnitsByCode() {
        let report = Self.report([Self.unit("2", "B", 0, 1), Self.unit("1", "A", 1, 1)], order: .code)
        #expect(report.rows.map(\.code) == ["1", "2"])
    }

    @Test func rollUpEqualsTheSumOfItsRowsForAnyUnits() async {
        let counts = zip(Gen.int(in: 0...2_000), Gen.int(in: 0...2_000)).array(of: 0...60)
        await propertyCheck(count: 200, input: counts) { pairs in
            let units = pairs.enumerated().map { index, pair in
                Self.unit(String(index), "U\(index)", min(pair.0, pair.1), max(pair.0, pair.1))
            }
            let report = Self.report(units)
            #expect(report.rows.count == units.count)
            #expect(report.total.counts.total == report.rows.reduce(0) { $0 + $1.counts.total })
            #expect(report.total.counts.covered == report.rows.reduce(0) { $0 + $1.counts.covered })
            // Worst first: percents never decrease down the rows (exact comparison), empty units at the end.
            let counted = report.rows.filter { $0.counts.total > 0 }
            #expect(Array(report.rows.prefix(counted.count)) == counted)
            for (a, b) in zip(counted, counted.dropFirst()) {
                #expect(a.counts.covered * b.counts.total <= b.counts.covered * a.counts.total)
            }
        }
    }
}

@Suite struct NumberFormTests {
    @Test func vietnameseAndEnglishNumberForms() {
        #expect(ReportLanguage.vi.number(1_234_567) == "1.234.567")
        #expect(ReportLanguage.en.number(1_234_567) == "1,234,567")
        #expect(ReportLanguage.vi.number(-1_000) == "-1.000")
        #expect(ReportLanguage.en.number(999) == "999")
        #expect(ReportLanguage.vi.decimal(tenths: 41_483) == "4.148,3")
        #expect(ReportLanguage.en.decimal(tenths: -17) == "-1.7")
        #expect(ReportLanguage.vi.percent(tenths: 889) == "88,9%")
        #expect(ReportLanguage.en.percent(tenths: 1_000) == "100.0%")
    }
}
