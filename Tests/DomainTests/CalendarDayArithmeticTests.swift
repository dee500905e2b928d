import Domain
import PropertyBased
import Testing

@Suite struct CalendarDayArithmeticTests {
    @Test func knownDays() {
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CalendarDay(year: 2025, month: 12, day: 31)?.dayNumber == 20_453)
        #expect(CalendarDay(year: 1900, month: 3, day: 1)?.dayNumber == -25_508)
        #expect(CalendarDay(iso: "2025-10-01")?.dayNumber == 20_362)
    }

    @Test func formatsForMachinesAndForVietnameseReaders() {
        let day = CalendarDay(year: 2025, month: 3, day: 7)!
        #expect(day.iso == "2025-03-07")
        #expect(day.vietnamese == "07/03/2025")
    }

    @Test func rejectsImpossibleDates() {
        #expect(CalendarDay(year: 2025, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2100, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2025, month: 13, day: 1) == nil)
        #expect(CalendarDay(iso: "2025-1-01") == nil)
        #expect(CalendarDay(iso: "31/12/2025") == nil)
    }

    @Test func civilDateRoundTrips() async {
        await propertyCheck(count: 500, input: Gen.int(in: -200_000...200_000)) { n in
            let day = CalendarDay(dayNumber: n)
            let (y, m, d) = day.components
            #expect(CalendarDay(year: y, month: m, day: d) == day)
            #expect(day.adding(days: 1).days(to: day) == -1)
            if y >= 1 && y <= 9999 { #expect(CalendarDay(iso: day.iso) == day) }
        }
    }
}
