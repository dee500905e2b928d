import Foundation
import Testing

@testable import Domain

@Suite struct CalendarDayTests {
    @Test func parsesISOAndVietnameseDates() {
        #expect(CalendarDay("2025-10-31")?.description == "2025-10-31")
        #expect(CalendarDay("31/10/2025") == CalendarDay("2025-10-31"))
        #expect(CalendarDay("1/9/2025")?.description == "2025-09-01")
        #expect(CalendarDay("2024-02-29") != nil)
    }

    @Test func rejectsDatesThatDoNotExist() {
        for text in ["2025-02-29", "2025-13-01", "31/04/2025", "2025-1-5", "20251031", "", "tomorrow", "2025-10-3x"] {
            #expect(CalendarDay(text) == nil, "\(text)")
        }
    }

    @Test func daysAreVietnamLocal() {
        // 17:00 UTC is midnight in Vietnam: the next day starts there.
        #expect(CalendarDay(containing: Days.at("2025-10-31T16:59:59Z")).description == "2025-10-31")
        #expect(CalendarDay(containing: Days.at("2025-10-31T17:00:00Z")).description == "2025-11-01")
        #expect(Days.day("2025-10-31").endTime == Days.at("2025-11-01 00:00"))
        #expect(Days.day("2025-10-31").startTime == Days.at("2025-10-30T17:00:00Z"))
    }

    @Test func timestampsAcceptTimesAndOffsets() {
        #expect(Timestamp.parse("2025-10-31 08:30") == Days.at("2025-10-31T01:30:00Z"))
        #expect(Timestamp.parse("31/10/2025 08:30:15") == Days.at("2025-10-31T08:30:15+07:00"))
        #expect(Timestamp.parse("2025-10-31T08:30:00+09:00") == Days.at("2025-10-30T23:30:00Z"))
        #expect(Timestamp.parse("2025-10-31 25:00") == nil)
        #expect(Timestamp.format(Days.at("2025-10-31T01:30:00Z")) == "2025-10-31 08:30:00")
    }

    @Test func encodesAsISOText() throws {
        let data = try JSONEncoder().encode([Days.day("2025-12-01")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-12-01\"]")
        #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [Days.day("2025-12-01")])
    }
}
