import Coverage
import Domain
import Foundation

/// Which merchants a listing returns: those of a scope, optionally only those open on a day,
/// with one of some current statuses, in one hamlet, or with an account at one bank.
public struct MerchantFilter: Sendable, Equatable {
    public var scope: CoverageScope
    /// Only these current statuses (nil: any).
    public var statuses: Set<QRStatus>?
    /// Only this hamlet (compared by ``MerchantNormalization/hamletKey(_:)``).
    public var hamlet: String?
    /// Only merchants whose account is at this bank (6-digit BIN).
    public var bankBIN: String?
    /// Only merchants open on this day (``Merchant/isOpen(on:)``); nil: every merchant, closed or not.
    public var openOn: CalendarDay?

    public init(
        scope: CoverageScope = .country, statuses: Set<QRStatus>? = nil, hamlet: String? = nil, bankBIN: String? = nil,
        openOn: CalendarDay?
    ) {
        self.scope = scope
        self.statuses = statuses
        self.hamlet = hamlet
        self.bankBIN = bankBIN
        self.openOn = openOn
    }
}

/// A merchant and its status history for ``SQLiteRegistry/bulkInsert(_:now:)``.
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
