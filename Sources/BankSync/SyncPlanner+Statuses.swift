import Domain
import Foundation

/// The status decisions: each status row, after the last row of the file, merchant by merchant in
/// date order, against what the planner knows of the merchant's history (its current status in
/// the registry and the events planned so far), by the domain's rule of which event is the
/// status (``StatusRecord``).
extension SyncPlanner {
    /// Decides the statuses of the rows read, merchant by merchant in date order; their plan
    /// entries are made from what this returns (``StatusDecisions/emit(stopping:_:)``). When the
    /// file gives a merchant several statuses for one day, the last row (in file order) is that
    /// day's status and the others are superseded: imports record days, and the same file
    /// imported again must decide the same way.
    public mutating func finish() throws -> StatusDecisions {
        let rows = Self.inDecisionOrder(pending, slots: firstPlanned.count)
        pending = []
        var decisions = StatusDecisions(source: profile.source)
        decisions.decisions.reserveCapacity(rows.count)
        for (offset, row) in rows.enumerated() {
            let next = offset + 1 < rows.count ? rows[offset + 1] : nil
            let decision: StatusDecisions.Decision
            if let next, next.slot == row.slot, next.day == row.day {
                decision = self.decision(
                    row, .superseded, before: 0,
                    detail: StatusDecisions.Decision.supersedingDetail(line: next.line, status: next.status))
            } else {
                decision = try decide(row)
            }
            if decision.kind.isNothing && !row.rowChanged { counts.unchanged += 1 }
            decisions.decisions.append(decision)
        }
        return decisions
    }

    /// The status rows by slot, then day, then line: a counting sort by slot (one pass to count,
    /// one to place), then each slot's few rows by day and line. (A comparison sort of the whole
    /// array would compare and move every row about log₂ n times, where most slots have one or
    /// two rows.)
    private static func inDecisionOrder(_ rows: [PendingStatus], slots: Int) -> [PendingStatus] {
        // starts[s] is where slot s's rows begin; after placing, where the next slot's begin.
        var starts = [Int32](repeating: 0, count: slots + 1)
        for row in rows { starts[Int(row.slot) + 1] += 1 }
        for slot in 0..<slots { starts[slot + 1] += starts[slot] }
        return [PendingStatus](unsafeUninitializedCapacity: rows.count) { sorted, count in
            // A permutation: each place is initialized once.
            for row in rows {
                (sorted.baseAddress! + Int(starts[Int(row.slot)])).initialize(to: row)
                starts[Int(row.slot)] += 1
            }
            count = rows.count
            // Each slot's rows by day and line: an insertion sort for the few rows most slots
            // have, a comparison sort for a merchant the file names many times.
            func isBefore(_ a: PendingStatus, _ b: PendingStatus) -> Bool { (a.day, a.line) < (b.day, b.line) }
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count, sorted[end].slot == sorted[start].slot { end += 1 }
                if end - start > 16 {
                    var group = UnsafeMutableBufferPointer(rebasing: sorted[start..<end])
                    group.sort(by: isBefore)
                } else if end - start > 1 {
                    for position in start + 1..<end {
                        let row = sorted[position]
                        var hole = position
                        while hole > start, isBefore(row, sorted[hole - 1]) {
                            sorted[hole] = sorted[hole - 1]
                            hole -= 1
                        }
                        sorted[hole] = row
                    }
                }
                start = end
            }
        }
    }

    /// A status row waiting for ``finish()``: 16 bytes, so a million-row file's wait in 16 MB.
    struct PendingStatus {
        var slot: Int32
        /// The day (``CalendarDay/dayNumber``).
        var day: Int32
        var line: Int32
        var status: QRStatus
        /// The match key (``keyCode(_:)``).
        var key: UInt8
        /// The row also changed something else (account details, a created merchant).
        var rowChanged: Bool
        /// The row had no date (the import's day).
        var undated: Bool

        init(_ row: BankRow, status: QRStatus, slot: Int32, key: UInt8, rowChanged: Bool, today: CalendarDay) {
            self.slot = slot
            day = Int32(clamping: (row.day ?? today).dayNumber)
            line = Int32(clamping: row.line)
            self.status = status
            self.key = key
            self.rowChanged = rowChanged
            undated = row.day == nil
        }
    }

    /// The merchant's latest event at or before `instant` that the planner knows of, by the
    /// domain's rule (``LatestStatusFold``): its current status in the registry when that took
    /// effect by then (``StatusRecord/beforeHistory`` for a merchant without events: none since
    /// always), and the events planned so far; nil when neither says (the registry's status took
    /// effect later and no planned event is as early).
    ///
    /// The planned events are recorded after the registry's: the registry's current status has
    /// order 0, a planned event 1 + its index in ``changes``, the order in which the import
    /// appends a merchant's events of the same second (``SyncChanges/sortEventsForInsert()`` is
    /// stable).
    private func knownStatus(_ slot: Int32, atOrBefore instant: Int64) -> StatusRecord? {
        var fold = LatestStatusFold(atOrBefore: instant)
        fold.consider(
            index.statusAt(slot).map { StatusRecord(status: index.status(slot), at: $0, order: 0) } ?? .beforeHistory)
        var event = firstPlanned[Int(slot)]
        while event >= 0 {
            let planned = changes.events[Int(event)]
            fold.consider(
                StatusRecord(
                    status: planned.status, at: Int64(planned.at.timeIntervalSince1970), order: Int64(event) + 1))
            event = nextPlanned[Int(event)]
        }
        return fold.latest
    }

    private mutating func decide(_ row: PendingStatus) throws -> StatusDecisions.Decision {
        let slot = row.slot
        let status = row.status
        let day = CalendarDay(dayNumber: Int(row.day))
        let start = Int64(day.startTime.timeIntervalSince1970)
        let end = Int64(day.endTime.timeIntervalSince1970)
        let latest = knownStatus(slot, atOrBefore: .max)!
        let before = StatusDecisions.Decision.packedStatus(latest.status, at: latest.storedAt)
        if let earlierLine = plannedLine(slot, status, day) {
            return decision(row, .sameEvent, before: before, detail: Int64(earlierLine))
        }
        let onThatDay = knownStatus(slot, atOrBefore: end - 1)
        if let onThatDay, onThatDay.status == status {
            if let since = onThatDay.storedAt { return decision(row, .alreadySince, before: before, detail: since) }
            return decision(row, .alreadyNone, before: before, detail: 0)
        }
        if let registryAt = index.statusAt(slot), registryAt >= start, let id = index.id(slot),
            try eventExists(id, status, day)
        {
            return decision(row, .alreadyRecorded, before: before, detail: Int64(day.dayNumber))
        }
        var time = start
        if let at = onThatDay?.storedAt, at >= start { time = min(at + 1, end - 1) }
        nextPlanned.append(firstPlanned[Int(slot)])
        firstPlanned[Int(slot)] = Int32(changes.events.count)
        plannedLines.append(row.line)
        let reference: SyncMerchantReference = index.id(slot).map { .existing($0) } ?? .new(index.createdIndex(slot)!)
        changes.events.append(
            SyncEvent(merchant: reference, status: status, at: Date(timeIntervalSince1970: TimeInterval(time))))
        counts.events += 1
        // The event just planned is the merchant's status now unless a later one is known.
        let now = knownStatus(slot, atOrBefore: .max)!
        guard now.order == Int64(changes.events.count) else {
            return decision(row, .historyOnly, before: before, detail: Int64(day.dayNumber))
        }
        return decision(row, row.undated ? .newStatusUndated : .newStatus, before: before, detail: time)
    }

    private func decision(_ row: PendingStatus, _ kind: StatusDecisions.Decision.Kind, before: Int64, detail: Int64)
        -> StatusDecisions.Decision
    {
        let id = index.id(row.slot)
        return StatusDecisions.Decision(
            line: row.line, kind: kind, status: row.status, key: row.key, isNew: id == nil,
            merchantId: id ?? 0, before: before, detail: detail)
    }

    /// The line that already planned this event (merchant, status, day) in this file, if any.
    private func plannedLine(_ slot: Int32, _ status: QRStatus, _ day: CalendarDay) -> Int32? {
        var event = firstPlanned[Int(slot)]
        while event >= 0 {
            let planned = changes.events[Int(event)]
            if planned.status == status, CalendarDay(containing: planned.at) == day { return plannedLines[Int(event)] }
            event = nextPlanned[Int(event)]
        }
        return nil
    }
}
