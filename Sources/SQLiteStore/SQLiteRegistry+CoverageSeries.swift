import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// The coverage counts of a whole scope on each of `days`, with the same rule as
    /// ``coverageCounts(scope:groupBy:asOf:)`` (each point equals the sum of that call's rows for the day).
    ///
    /// One pass over the scope's merchants and their events, whatever the number of days: each
    /// merchant adds +1 to a running total on the day it opens and −1 on the day it closes, and
    /// the same for the spans of days its status is covered (clipped to its open span); the counts
    /// of every day are then prefix sums. Days need not be sorted; the result follows their order.
    public func coverageSeries(scope: CoverageScope, days: [CalendarDay]) throws -> [TrendPoint] {
        guard let first = days.min(), let last = days.max() else { return [] }
        // Changes before the first day are folded into it; after the last day they do not matter.
        let width = last.dayNumber - first.dayNumber + 2
        var totalDelta = [Int](repeating: 0, count: width)
        var coveredDelta = [Int](repeating: 0, count: width)
        func slot(_ day: Int) -> Int { min(max(day - first.dayNumber, 0), width - 1) }
        func add(_ deltas: inout [Int], from start: Int, to end: Int) {
            guard start < end else { return }
            deltas[slot(start)] += 1
            deltas[slot(end)] -= 1
        }

        let (scopeSQL, arguments) = try scopeCondition(scope, column: "s.commune_code")
        try read { db in
            // Every merchant in scope (in the state table's order) with its events in recording
            // order (time, then id); a merchant with no event comes once with a NULL status.
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.merchant_id, s.opened_on, s.closed_on, e.status, e.at
                    FROM merchant_state s LEFT JOIN qr_status_event e ON e.merchant_id = s.merchant_id
                    WHERE \(scopeSQL)
                    ORDER BY s.commune_code, s.merchant_id, e.at, e.id
                    """, arguments: arguments)
            var merchant = MerchantSpans()
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                if id != merchant.id {
                    merchant.flush(into: &totalDelta, &coveredDelta, add: add)
                    let opened: String? = row[1]
                    let closed: String? = row[2]
                    merchant = MerchantSpans(
                        id: id, opened: opened.flatMap(CalendarDay.init(_:))?.dayNumber ?? Int.min / 2,
                        closed: closed.flatMap(CalendarDay.init(_:))?.dayNumber ?? Int.max / 2)
                }
                if let status: String = row[3], let at: Int64 = row[4] {
                    merchant.record(
                        covered: QRStatus(rawValue: status)?.isCovered == true,
                        day: CalendarDay(containing: Date(storedSeconds: at)).dayNumber)
                }
            }
            merchant.flush(into: &totalDelta, &coveredDelta, add: add)
        }

        var totals = [Int](repeating: 0, count: width)
        var covered = [Int](repeating: 0, count: width)
        var runningTotal = 0
        var runningCovered = 0
        for index in 0..<width {
            runningTotal += totalDelta[index]
            runningCovered += coveredDelta[index]
            totals[index] = runningTotal
            covered[index] = runningCovered
        }
        return days.map { day in
            let index = day.dayNumber - first.dayNumber
            return TrendPoint(day: day, total: totals[index], covered: covered[index])
        }
    }
}

/// One merchant's open span and covered spans, in day numbers (end exclusive), built from its
/// events in recording order: the status on a day is the last event recorded up to that day.
private struct MerchantSpans {
    var id: Int64 = -1
    var opened = 0
    var closed = 0
    /// The day the current covered span began, nil while not covered.
    private var coveredSince: Int?
    private var spans: [(start: Int, end: Int)] = []

    init() {}

    init(id: Int64, opened: Int, closed: Int) {
        self.id = id
        self.opened = opened
        self.closed = closed
    }

    /// An event taking effect from the end of `day` (so counted on that day and after).
    mutating func record(covered: Bool, day: Int) {
        if covered, coveredSince == nil {
            coveredSince = day
        } else if !covered, let start = coveredSince {
            // A span that begins and ends on the same day never counts: only the day's last event does.
            spans.append((start, day))
            coveredSince = nil
        }
    }

    /// Adds this merchant's spans to the day deltas.
    mutating func flush(into total: inout [Int], _ covered: inout [Int], add: (inout [Int], Int, Int) -> Void) {
        guard id >= 0 else { return }
        if let start = coveredSince { spans.append((start, Int.max / 2)) }
        add(&total, opened, closed)
        for span in spans {
            add(&covered, max(span.start, opened), min(span.end, closed))
        }
    }
}
