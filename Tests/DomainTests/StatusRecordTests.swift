import Domain
import Foundation
import PropertyBased
import Testing

/// The status-at-a-time rule: the latest event by time, then by order of recording.
@Suite struct StatusRecordTests {
    static func record(_ status: QRStatus, _ at: Int64, _ order: Int64) -> StatusRecord {
        StatusRecord(status: status, at: at, order: order)
    }

    @Test func laterMeansALaterTimeOrTheSameSecondRecordedAfter() {
        #expect(Self.record(.none, 11, 1).isLater(than: Self.record(.verified, 10, 2)))
        #expect(!Self.record(.verified, 10, 2).isLater(than: Self.record(.none, 11, 1)))
        #expect(Self.record(.registered, 10, 3).isLater(than: Self.record(.displayed, 10, 2)))
        #expect(!Self.record(.displayed, 10, 2).isLater(than: Self.record(.registered, 10, 3)))
        #expect(!Self.record(.displayed, 10, 2).isLater(than: Self.record(.displayed, 10, 2)))
        // Before any event: none, earlier than every event.
        #expect(StatusRecord.beforeHistory.status == .none && StatusRecord.beforeHistory.storedAt == nil)
        #expect(Self.record(.none, Int64.min + 1, Int64.min).isLater(than: .beforeHistory))
        #expect(Self.record(.displayed, 10, 2).storedAt == 10)
    }

    @Test func anEventFitsTheDaysFromOpeningToClosing() {
        let opened = CalendarDay(year: 2011, month: 3, day: 1)!
        let closed = CalendarDay(year: 2025, month: 10, day: 1)!
        func conflict(_ day: CalendarDay, _ openedOn: CalendarDay? = opened, _ closedOn: CalendarDay? = closed)
            -> EventDayConflict?
        {
            EventDayConflict(day: day, openedOn: openedOn, closedOn: closedOn)
        }
        #expect(conflict(opened.adding(days: -1)) == .beforeOpening(opened))
        #expect(conflict(CalendarDay(year: 1900, month: 1, day: 1)!) == .beforeOpening(opened))
        #expect(conflict(opened) == nil && conflict(closed) == nil)  // the opening and the closing day
        #expect(conflict(closed.adding(days: 1)) == .afterClosing(closed))
        #expect(conflict(opened.adding(days: -1), nil, nil) == nil)  // no opening day known: no limit
        #expect(conflict(closed.adding(days: 9), opened, nil) == nil)  // still open
        let description = MerchantEventConflict(
            merchantId: 7, day: closed.adding(days: 1), conflict: .afterClosing(closed)
        )
        .description
        #expect(description == "merchant 7 closed on 2025-10-01: an event on 2025-10-02 is after that")
    }

    @Test func anAppendedEventReplacesTheCurrentStatusUnlessItIsEarlier() {
        #expect(StatusRecord.appendedEvent(at: 10, replacesCurrentSince: nil))
        #expect(StatusRecord.appendedEvent(at: 10, replacesCurrentSince: 10))
        #expect(StatusRecord.appendedEvent(at: 11, replacesCurrentSince: 10))
        #expect(!StatusRecord.appendedEvent(at: 9, replacesCurrentSince: 10))
    }

    @Test func historyEventsOrderByTimeThenId() {
        let at = Date(timeIntervalSince1970: 1_760_000_000)
        func event(_ id: Int64, _ at: Date) -> QRStatusEvent {
            QRStatusEvent(id: id, merchantId: 1, status: .displayed, at: at, source: "cli", actor: nil, note: nil)
        }
        #expect(event(2, at).isLater(than: event(1, at)))
        #expect(!event(1, at).isLater(than: event(2, at)))
        #expect(event(1, at.addingTimeInterval(1)).isLater(than: event(2, at)))
    }

    /// The fold equals the last of the events at or before the instant once sorted by (time,
    /// order); appending events one by one with ``StatusRecord/appendedEvent(at:replacesCurrentSince:)``
    /// ends on the same status.
    @Test func theFoldIsTheLastOfTheSortedHistory() async {
        let event = zip(Gen<QRStatus>.case, Gen.int(in: 0...4)).map { (status: $0, at: Int64($1)) }
        await propertyCheck(count: 300, input: event.array(of: 0...12), Gen.int(in: -1...5)) { events, instant in
            let records = events.enumerated().map { StatusRecord(status: $1.status, at: $1.at, order: Int64($0)) }
            let sorted = records.filter { $0.at <= Int64(instant) }.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
            #expect(StatusRecord.latest(of: records.shuffled(), atOrBefore: Int64(instant)) == sorted.last)

            var current: (status: QRStatus, at: Int64?) = (.none, nil)
            for record in records where StatusRecord.appendedEvent(at: record.at, replacesCurrentSince: current.at) {
                current = (record.status, record.at)
            }
            let latest = StatusRecord.latest(of: records) ?? .beforeHistory
            #expect(current.status == latest.status && current.at == latest.storedAt)
        }
    }
}
