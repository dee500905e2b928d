import Coverage
import Domain
import Foundation
import PropertyBased
import Store
import Testing

@testable import SQLiteStore

/// For random registries and dates, the registry's counts equal a naive recomputation from every
/// merchant's full event history.
@Suite struct CoveragePropertyTests {
    struct EventSpec: Sendable {
        var status: QRStatus
        var day: Int
        var second: Int
    }
    struct MerchantSpec: Sendable {
        var commune: Int
        var opened: Int
        var closed: Int
        var hamlet: Int
        var events: [EventSpec]
    }

    static let communes = ["11953", "11977", "11980"]
    static let base = CalendarDay("2025-10-01")!

    /// Seconds of the day, biased to the boundaries (first and last second) and to ties.
    static let second = Gen<Int?>.element(of: [0, 1, 43_200, 86_398, 86_399]).map { $0 ?? 0 }
    static let event = zip(Gen<QRStatus>.case, Gen.int(in: 0...9), second)
        .map { EventSpec(status: $0, day: $1, second: $2) }
    static let merchant = zip(
        Gen.int(in: 0...2), Gen.int(in: -1...9), Gen.int(in: -1...12), Gen.int(in: 0...3), event.array(of: 0...4)
    )
    .map { MerchantSpec(commune: $0, opened: $1, closed: $2, hamlet: $3, events: $4) }

    /// The instant of an event: a day of the campaign and a second of that day, Vietnam time.
    static func instant(_ e: EventSpec) -> Date {
        base.adding(days: e.day).startTime.addingTimeInterval(TimeInterval(e.second))
    }

    @Test func countsEqualANaiveRecount() async throws {
        await propertyCheck(count: 60, input: Self.merchant.array(of: 0...30), Gen.int(in: -1...11)) {
            specs, queryDay in
            do {
                let registry = try SQLiteRegistry.hungYen()
                try registry.bulkInsert(
                    specs.map { spec in
                        BulkMerchant(
                            merchant: ValidMerchant(
                                communeCode: Self.communes[spec.commune], name: "Shop", hamlet: "Thôn \(spec.hamlet)",
                                openedOn: spec.opened < 0 ? nil : Self.base.adding(days: spec.opened),
                                closedOn: spec.closed < 0 ? nil : Self.base.adding(days: spec.closed)),
                            events: spec.events.map { StatusChange($0.status, at: Self.instant($0)) })
                    })
                // Day 11 stands for "now" (after every event).
                let asOf: CalendarDay? = queryDay == 11 ? nil : Self.base.adding(days: queryDay)
                let day = asOf ?? CalendarDay.today()
                let end = day.endTime

                func naive(_ specs: [MerchantSpec]) -> (total: Int, covered: Int) {
                    var total = 0
                    var covered = 0
                    for spec in specs {
                        let opened = spec.opened < 0 ? nil : Self.base.adding(days: spec.opened)
                        let closed = spec.closed < 0 ? nil : Self.base.adding(days: spec.closed)
                        guard opened.map({ $0 <= day }) ?? true, closed.map({ $0 > day }) ?? true else { continue }
                        total += 1
                        // Latest at or before the end of the day; ties go to the one recorded last.
                        let latest = spec.events.enumerated()
                            .filter { Self.instant($0.element) < end }
                            .max { (Self.instant($0.element), $0.offset) < (Self.instant($1.element), $1.offset) }
                        if latest?.element.status.isCovered == true { covered += 1 }
                    }
                    return (total, covered)
                }

                let rows = try registry.coverageCounts(scope: .province("33"), groupBy: .commune, asOf: asOf)
                for (index, code) in Self.communes.enumerated() {
                    let expected = naive(specs.filter { $0.commune == index })
                    let row = try #require(rows.first { $0.code == code })
                    #expect(
                        row.total == expected.total && row.covered == expected.covered, "commune \(code) as of \(day)")
                }
                let hamlets = try registry.coverageCounts(scope: .commune("11953"), groupBy: .hamlet, asOf: asOf)
                for hamlet in 0...3 {
                    let expected = naive(specs.filter { $0.commune == 0 && $0.hamlet == hamlet })
                    let row = hamlets.first { $0.name == "Thôn \(hamlet)" }
                    #expect(
                        (row?.total ?? 0) == expected.total && (row?.covered ?? 0) == expected.covered,
                        "hamlet \(hamlet)")
                }
                let province = try registry.coverageCounts(scope: .country, groupBy: .province, asOf: asOf)
                let all = naive(specs)
                #expect(
                    province == [CoverageUnit(code: "33", name: "Hưng Yên", total: all.total, covered: all.covered)])
            } catch {
                Issue.record(error)
            }
        }
    }

    /// The one-pass series (for trends) equals the per-day counts on every day, in any order.
    @Test func seriesEqualsTheCountsOfEachDay() async throws {
        await propertyCheck(count: 40, input: Self.merchant.array(of: 0...30), Gen.int(in: -3...14).array(of: 1...6)) {
            specs, offsets in
            do {
                let registry = try SQLiteRegistry.hungYen()
                try registry.bulkInsert(
                    specs.map { spec in
                        BulkMerchant(
                            merchant: ValidMerchant(
                                communeCode: Self.communes[spec.commune], name: "Shop",
                                openedOn: spec.opened < 0 ? nil : Self.base.adding(days: spec.opened),
                                closedOn: spec.closed < 0 ? nil : Self.base.adding(days: spec.closed)),
                            events: spec.events.map { StatusChange($0.status, at: Self.instant($0)) })
                    })
                let days = offsets.map { Self.base.adding(days: $0) }
                for scope in [CoverageScope.province("33"), .commune("11977")] {
                    let series = try registry.coverageSeries(scope: scope, days: days)
                    #expect(series.map(\.day) == days)
                    for point in series {
                        let rows = try registry.coverageCounts(scope: scope, groupBy: .commune, asOf: point.day)
                        #expect(
                            point.total == rows.reduce(0) { $0 + $1.total }
                                && point.covered == rows.reduce(0) { $0 + $1.covered },
                            "\(scope) on \(point.day)")
                    }
                }
            } catch {
                Issue.record(error)
            }
        }
    }
}
