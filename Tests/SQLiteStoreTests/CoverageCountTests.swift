import Coverage
import Domain
import Foundation
import Store
import Testing

@testable import SQLiteStore

@Suite struct CoverageCountTests {
    @Test func closedMerchantsLeaveTheTotalOnTheirClosingDay() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "A", opened: "2025-10-01")
        try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-10-01 10:00")))
        try registry.closeMerchant(id: id, on: Days.day("2025-10-20"))
        #expect(try registry.counts(commune: "11953", asOf: "2025-09-30") == (0, 0))  // not open yet
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-01") == (1, 1))  // opened that day
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-19") == (1, 1))
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-20") == (0, 0))  // closed that day
        #expect(try registry.counts(commune: "11953", asOf: nil) == (0, 0))
    }

    @Test func eventsAfterTheAsOfDayDoNotCount() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "A")
        try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-10-31 23:59:59")))
        try registry.mark([id], StatusChange(.none, at: Days.at("2025-11-01 00:00:00")))
        try registry.mark([id], StatusChange(.verified, at: Days.at("2025-11-15 08:00")))
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-30") == (1, 0))
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-31") == (1, 1))  // last second of the day counts
        #expect(try registry.counts(commune: "11953", asOf: "2025-11-01") == (1, 0))  // withdrawn at midnight
        #expect(try registry.counts(commune: "11953", asOf: "2025-11-14") == (1, 0))
        #expect(try registry.counts(commune: "11953", asOf: "2025-11-15") == (1, 1))
        #expect(try registry.counts(commune: "11953", asOf: nil) == (1, 1))
        #expect(try registry.firstEventDay(scope: .commune("11953")) == Days.day("2025-10-31"))
        #expect(try registry.firstEventDay(scope: .commune("11977")) == nil)
        #expect(try registry.firstEventDay(scope: .country) == Days.day("2025-10-31"))
    }

    @Test func registeredIsNotCovered() throws {
        let registry = try SQLiteRegistry.hungYen()
        let ids = try (0..<4).map { try registry.add("11953", "Shop \($0)") }
        try registry.mark([ids[0]], StatusChange(.registered, at: Days.at("2025-10-02")))
        try registry.mark([ids[1]], StatusChange(.displayed, at: Days.at("2025-10-02")))
        try registry.mark([ids[2]], StatusChange(.verified, at: Days.at("2025-10-02")))
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-03") == (4, 2))
    }

    @Test func communeRowsIncludeEmptyUnitsAndProvincesSumThem() throws {
        let registry = try SQLiteRegistry.inMemory(provinces: ["01", "33"])
        let a = try registry.add("11953", "A")
        _ = try registry.add("11977", "B")
        _ = try registry.add("00004", "C")
        try registry.mark([a], StatusChange(.displayed, at: Days.at("2025-10-02")))
        let communes = try registry.coverageCounts(scope: .province("33"), groupBy: .commune, asOf: nil)
        #expect(communes.count == 104)
        #expect(
            communes.first { $0.code == "11953" } == CoverageUnit(code: "11953", name: "Phố Hiến", total: 1, covered: 1)
        )
        #expect(communes.filter { $0.total == 0 }.count == 102)
        let provinces = try registry.coverageCounts(scope: .country, groupBy: .province, asOf: nil)
        #expect(provinces.map(\.code) == ["01", "33"])
        #expect(provinces[1] == CoverageUnit(code: "33", name: "Hưng Yên", total: 2, covered: 1))
        #expect(provinces.map(\.total).reduce(0, +) == 3)
        let all = try registry.coverageCounts(scope: .country, groupBy: .commune, asOf: nil)
        #expect(all.count == registry.communes.communes.count)
    }

    @Test func hamletsGroupBySpellingVariants() throws {
        let registry = try SQLiteRegistry.hungYen()
        let a = try registry.add("11953", "A", hamlet: "TDP 3")
        _ = try registry.add("11953", "B", hamlet: "Tổ dân phố 3")
        _ = try registry.add("11953", "C", hamlet: "Thôn Đông")
        _ = try registry.add("11953", "D")
        try registry.mark([a], StatusChange(.verified, at: Days.at("2025-10-02")))
        let rows = try registry.coverageCounts(scope: .commune("11953"), groupBy: .hamlet, asOf: nil)
        #expect(
            rows == [
                CoverageUnit(code: "", name: "", total: 1, covered: 0),
                CoverageUnit(code: "thon dong", name: "Thôn Đông", total: 1, covered: 0),
                CoverageUnit(code: "to dan pho 3", name: "TDP 3", total: 2, covered: 1),
            ])
    }

    @Test func unknownScopesAreErrors() throws {
        let registry = try SQLiteRegistry.hungYen()
        #expect(throws: RegistryError.unknownCommune("00004")) {
            try registry.coverageCounts(scope: .commune("00004"), groupBy: .commune, asOf: nil)
        }
        #expect(throws: RegistryError.unknownProvince("01")) {
            try registry.coverageCounts(scope: .province("01"), groupBy: .commune, asOf: nil)
        }
    }

    @Test func bulkInsertStoresMerchantsAndDerivesStatus() throws {
        let registry = try SQLiteRegistry.hungYen()
        let items = (0..<300).map { index in
            BulkMerchant(
                merchant: ValidMerchant(
                    communeCode: index % 2 == 0 ? "11953" : "11977", name: "Shop \(index)", hamlet: "Thôn \(index % 5)"),
                events: index % 3 == 0
                    ? [
                        StatusChange(.displayed, at: Days.at("2025-11-02")),
                        StatusChange(.registered, at: Days.at("2025-10-02")),
                    ] : [])
        }
        let ids = try registry.bulkInsert(items)
        #expect(ids.count == 300 && Set(ids).count == 300)
        // the later event wins, whatever the order given
        #expect(try registry.merchant(id: ids[0])?.status == .displayed)
        #expect(try registry.counts(commune: "11953", asOf: nil) == (150, 50))
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-15") == (150, 0))
    }
}
