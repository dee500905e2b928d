import Domain
import Foundation

/// A merchant a sync plan changes: one already in the registry, or one the plan creates.
public enum SyncMerchantReference: Sendable, Hashable {
    case existing(Int64)
    /// The merchant at this index of ``SyncChanges/newMerchants``.
    case new(Int)

    /// The id of an existing merchant (0 for a new one, before it is inserted).
    public var existingId: Int64 {
        if case .existing(let id) = self { return id }
        return 0
    }
}

/// A status event a sync plan adds.
public struct SyncEvent: Sendable, Equatable {
    public var merchant: SyncMerchantReference
    public var status: QRStatus
    public var at: Date

    public init(merchant: SyncMerchantReference, status: QRStatus, at: Date) {
        self.merchant = merchant
        self.status = status
        self.at = at
    }
}

/// Account details a sync plan gives a merchant that lacks them (nil fields are left as they are;
/// existing values are never overwritten).
public struct SyncAccountDetails: Sendable, Equatable {
    public var merchantId: Int64
    public var bankBIN: String?
    public var accountNumber: String?
    public var accountName: String?

    public init(merchantId: Int64, bankBIN: String?, accountNumber: String?, accountName: String?) {
        self.merchantId = merchantId
        self.bankBIN = bankBIN
        self.accountNumber = accountNumber
        self.accountName = accountName
    }
}

/// Everything one bank file changes, applied by ``SyncSession/apply(_:record:now:)`` in the
/// transaction that planned it, together with its ledger row.
public struct SyncChanges: Sendable, Equatable {
    /// Merchants to create (validated; duplicates are checked again when they are inserted).
    public var newMerchants: [ValidMerchant] = []
    /// Account details for existing merchants.
    public var accounts: [SyncAccountDetails] = []
    /// Status events, in any order (they are inserted in merchant order).
    public var events: [SyncEvent] = []
    /// The source every event carries.
    public var source: String
    /// The note every event carries (the bank file's name), nil for none.
    public var note: String?

    public init(source: String, note: String?) {
        self.source = source
        self.note = note
    }

    /// Puts the events in the order they are inserted: by merchant id, then time (a merchant's
    /// events at the same instant keep the plan's order: the sort is stable). Merchants the plan
    /// creates come first until they have ids (``SyncSession/apply(_:record:now:)`` sorts again
    /// then; sorting sorted events takes one pass).
    public mutating func sortEventsForInsert() {
        events.sort { ($0.merchant.existingId, $0.at) < ($1.merchant.existingId, $1.at) }
    }

    /// True when applying would change nothing but the ledger.
    public var isEmpty: Bool { newMerchants.isEmpty && accounts.isEmpty && events.isEmpty }
}
