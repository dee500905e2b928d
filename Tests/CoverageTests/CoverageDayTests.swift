import Coverage
import PropertyBased
import Testing

@Suite struct CoverageDayTests {
    @Test func knownDays() {
        #expect(CoverageDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CoverageDay(year: 2025, month: 12, day: 31)?.daysSinceEpoch == 20_453)
        #expect(CoverageDay(year: 1900, month: 3, day: 1)?.daysSinceEpoch == -25_508)
        #expect(CoverageDay(iso: "2025-10-01")?.daysSinceEpoch == 20_362)
    }

    @Test func formatsForMachinesAndForVietnameseReaders() {
        let day = CoverageDay(year: 2025, month: 3, day: 7)!
        #expect(day.iso == "2025-03-07")
        #expect(day.vietnamese == "07/03/2025")
    }

    @Test func rejectsImpossibleDates() {
        #expect(CoverageDay(year: 2025, month: 2, day: 29) == nil)
        #expect(CoverageDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CoverageDay(year: 2100, month: 2, day: 29) == nil)
        #expect(CoverageDay(year: 2000, month: 2, day: 29) != nil)
        #expect(CoverageDay(year: 2025, month: 13, day: 1) == nil)
        #expect(CoverageDay(iso: "2025-1-01") == nil)
        #expect(CoverageDay(iso: "31/12/2025") == nil)
    }

    @Test func civilDateRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.int(in: -200_000...200_000)) { n in
            let day = CoverageDay(daysSinceEpoch: n)
            let (y, m, d) = day.components
            #expect(CoverageDay(year: y, month: m, day: d) == day)
            #expect(day.adding(days: 1).days(to: day) == -1)
            if y >= 0 && y <= 9999 { #expect(CoverageDay(iso: day.iso) == day) }
        }
    }
}
