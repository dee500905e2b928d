/// Why a QR status event's day does not fit a merchant's open days.
///
/// A shop's QR is put up, checked or taken down while it trades: an event before the day it
/// opened, or after the day it closed, is far more likely a mistyped date (`1900-01-01`) than a
/// fact, and it would stretch every trend back to it. On the closing day itself an event is
/// plausible (the QR taken down as the shop closes) and accepted. Front ends refuse such an event
/// unless told to record it anyway (`--force`).
public enum EventDayConflict: Sendable, Equatable {
    /// The event is before the merchant's opening day.
    case beforeOpening(CalendarDay)
    /// The event is after the merchant's closing day.
    case afterClosing(CalendarDay)

    /// The conflict of an event on `day` for a merchant open from `openedOn` (nil: unknown, no
    /// limit) and closed on `closedOn` (nil: still open); nil when the day fits.
    public init?(day: CalendarDay, openedOn: CalendarDay?, closedOn: CalendarDay?) {
        if let openedOn, day < openedOn {
            self = .beforeOpening(openedOn)
        } else if let closedOn, day > closedOn {
            self = .afterClosing(closedOn)
        } else {
            return nil
        }
    }

    /// "opened on 2011-03-01" / "closed on 2025-10-01": the day the event falls outside of.
    public var reason: String {
        switch self {
        case .beforeOpening(let opened): "opened on \(opened)"
        case .afterClosing(let closed): "closed on \(closed)"
        }
    }

    /// "before" or "after".
    public var side: String {
        switch self {
        case .beforeOpening: "before"
        case .afterClosing: "after"
        }
    }
}

/// An event a merchant's open days refuse (``EventDayConflict``): which merchant, which day.
public struct MerchantEventConflict: Sendable, Equatable, CustomStringConvertible {
    public let merchantId: Int64
    /// The event's day (Vietnam time).
    public let day: CalendarDay
    public let conflict: EventDayConflict

    public init(merchantId: Int64, day: CalendarDay, conflict: EventDayConflict) {
        self.merchantId = merchantId
        self.day = day
        self.conflict = conflict
    }

    /// `merchant 1 opened on 2011-03-01: an event on 1900-01-01 is before that`.
    public var description: String {
        "merchant \(merchantId) \(conflict.reason): an event on \(day) is \(conflict.side) that"
    }
}
