import Coverage
import Domain
import Foundation

/// Which merchants a listing returns.
public struct MerchantFilter: Sendable, Equatable {
    public var scope: CoverageScope
    /// Only these current statuses (nil: any).
    public var statuses: Set<QRStatus>?
    /// Only this hamlet (compared by ``MerchantNormalization/hamletKey(_:)``).
    public var hamlet: String?
    /// Include merchants that have closed.
    public var includeClosed: Bool

    public init(scope: CoverageScope = .country, statuses: Set<QRStatus>? = nil, hamlet: String? = nil, includeClosed: Bool = false) {
        self.scope = scope
        self.statuses = statuses
        self.hamlet = hamlet
        self.includeClosed = includeClosed
    }
}

/// Which merchants an outreach list holds: those of one commune, open on a day, whose current
/// QR status is one of `statuses`, optionally only those with an account at one bank.
public struct OutreachQuery: Sendable, Equatable {
    public var communeCode: String
    /// Current statuses to include; by default the merchants with no QR on display yet.
    public var statuses: Set<QRStatus>
    /// Only merchants whose account is at this bank (6-digit BIN).
    public var bankBIN: String?
    /// Only merchants open on this day (opened on or before it, not closed on or before it).
    public var openOn: CalendarDay

    public init(communeCode: String, statuses: Set<QRStatus> = [.none, .registered], bankBIN: String? = nil, openOn: CalendarDay) {
        self.communeCode = communeCode
        self.statuses = statuses
        self.bankBIN = bankBIN
        self.openOn = openOn
    }
}

/// A merchant and its status history for ``Registry/bulkInsert(_:now:)``.
public struct BulkMerchant: Sendable, Equatable {
    public var merchant: ValidMerchant
    /// Its status events, recorded in this order: the latest by time, and of events of the same
    /// second the last given, becomes the current status (``StatusRecord``).
    public var events: [StatusChange]

    public init(merchant: ValidMerchant, events: [StatusChange]) {
        self.merchant = merchant
        self.events = events
    }
}

/// Total and covered merchants of a scope on one day.
public struct CoverageSeriesPoint: Sendable, Equatable {
    public var day: CalendarDay
    /// Merchants open on the day.
    public var total: Int
    /// Of those, merchants whose latest status event at or before the end of the day is displayed or verified.
    public var covered: Int

    public init(day: CalendarDay, total: Int, covered: Int) {
        self.day = day
        self.total = total
        self.covered = covered
    }
}
