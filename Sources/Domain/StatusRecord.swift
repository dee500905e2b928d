import Foundation

/// A status as a merchant's history sets it: the status an event recorded, the second it took
/// effect, and the order in which the event was recorded.
///
/// **The rule every count rests on.** A merchant's status at an instant is the status of its
/// latest event at or before that instant, events ordered by time (``at``) and, among events of
/// the same second, by the order they were recorded (``order``: the event's id in the history,
/// which only grows, since the history is append-only). So of two events of the same second,
/// the one recorded last is the status. A merchant with no event at or before the instant has
/// status none (``beforeHistory``). Its current status is its status after its latest event.
///
/// ``isLater(than:)`` states the order, ``latest(of:atOrBefore:)`` folds a history with it, and
/// ``appendedEvent(at:replacesCurrentSince:)`` is its form for an event appended now: the form
/// the registry's status trigger (`qr_status_event_current`) applies to each new event, and the
/// bulk paths that set that trigger aside apply in its place.
public struct StatusRecord: Sendable, Hashable {
    public var status: QRStatus
    /// Seconds since 1970 (the registry's stored time); `Int64.min` for ``beforeHistory``.
    public var at: Int64
    /// The order of recording: the event's id, or any numbers that order a merchant's events as
    /// they were (or will be) appended to its history.
    public var order: Int64

    @inlinable
    public init(status: QRStatus, at: Int64, order: Int64) {
        self.status = status
        self.at = at
        self.order = order
    }

    /// The status of a merchant before its first event: none, since always (earlier than every
    /// event).
    @inlinable
    public static var beforeHistory: StatusRecord { StatusRecord(status: .none, at: .min, order: .min) }

    /// ``at`` as the registry stores a current status's time (`merchant_state.status_at`): nil
    /// for ``beforeHistory``.
    @inlinable
    public var storedAt: Int64? { at == Int64.min ? nil : at }

    /// True when this event is later than `other` by the rule: a later time, or the same second
    /// and recorded after it.
    @inlinable
    public func isLater(than other: StatusRecord) -> Bool {
        at != other.at ? at > other.at : order > other.order
    }

    /// The latest of `events` (a merchant's, in any order) at or before `instant`, by
    /// ``isLater(than:)``; nil when none is. Over a merchant's whole history, nil means its status
    /// is none (``beforeHistory``).
    @inlinable
    public static func latest<Events: Sequence>(of events: Events, atOrBefore instant: Int64 = .max) -> StatusRecord?
    where Events.Element == StatusRecord {
        var fold = LatestStatusFold(atOrBefore: instant)
        for event in events { fold.consider(event) }
        return fold.latest
    }

    /// True when an event appended to a merchant's history now, taking effect at `at`, becomes
    /// its current status, the current one having taken effect at `currentAt` (nil: none, the
    /// merchant has no event). Appended now, the event is recorded after the current one: so it
    /// wins unless it is earlier. The rule for those who keep the current status's time but not
    /// its event's id: `merchant_state`, its trigger, and the Swift paths that stand in for it.
    @inlinable
    public static func appendedEvent(at: Int64, replacesCurrentSince currentAt: Int64?) -> Bool {
        let current = currentAt.map { StatusRecord(status: .none, at: $0, order: 0) } ?? .beforeHistory
        return StatusRecord(status: .none, at: at, order: 1).isLater(than: current)
    }
}

/// ``StatusRecord/latest(of:atOrBefore:)`` for callers that walk a merchant's events themselves:
/// the latest of the events considered so far at or before an instant.
public struct LatestStatusFold: Sendable {
    /// Events after this instant are left out.
    public let instant: Int64
    @usableFromInline
    var kept: StatusRecord?

    /// The latest event considered at or before ``instant``, nil while there is none.
    @inlinable
    public var latest: StatusRecord? { kept }

    @inlinable
    public init(atOrBefore instant: Int64 = .max) {
        self.instant = instant
        kept = nil
    }

    /// Takes `event` into account: it becomes ``latest`` when it is at or before ``instant`` and
    /// later than the latest so far (``StatusRecord/isLater(than:)``).
    @inlinable
    public mutating func consider(_ event: StatusRecord) {
        guard event.at <= instant else { return }
        if let kept, !event.isLater(than: kept) { return }
        kept = event
    }
}

extension QRStatusEvent {
    /// The event as its history orders it (time, then id).
    public var record: StatusRecord {
        StatusRecord(status: status, at: Int64(at.timeIntervalSince1970.rounded(.down)), order: id)
    }

    /// True when this event is later than `other` in a merchant's history
    /// (``StatusRecord/isLater(than:)``): a later time, or the same second and a larger id.
    public func isLater(than other: QRStatusEvent) -> Bool { record.isLater(than: other.record) }
}
