import BankSync
import Domain
import Foundation

/// The reads and writes of one bank import inside one transaction (or, for a dry run, one
/// read-only snapshot): see ``RegistryStore/withBankImportSession(writing:_:)``. Valid only inside
/// the closure that received it, and used from one thread at a time.
///
/// The usual walk: ``merchantCount()`` and ``forEachMerchant(_:)`` to build the match index,
/// ``importRecord(sha256:)`` to check the ledger, ``hasEvent(merchantId:status:on:source:)`` while
/// planning, then (writing sessions) ``beginAccountDetails(_:now:)`` and ``apply(_:record:now:)``.
public protocol BankImportSession: AnyObject {
    /// False for a dry run's read-only snapshot.
    var isWritable: Bool { get }
    /// The ledger row of a file already imported, by the SHA-256 of its bytes.
    func importRecord(sha256: String) throws -> ImportRecord?
    /// The number of merchants (to size the match index up front).
    func merchantCount() throws -> Int
    /// Calls `body` with every merchant's keys and current status, in id order.
    func forEachMerchant(_ body: (SyncMerchantKeys) throws -> Void) throws
    /// Whether the merchant already has an event with this status, on this day, from this source.
    func hasEvent(merchantId: Int64, status: QRStatus, on day: CalendarDay, source: String) throws -> Bool
    /// Starts giving merchants the account details they lack, in this session's transaction,
    /// while the caller goes on planning; the session's other calls wait for it to finish, and
    /// ``apply(_:record:now:)`` is then given changes without those details.
    func beginAccountDetails(_ details: [SyncAccountDetails], now: Date) throws
    /// Waits for the account details begun with ``beginAccountDetails(_:now:)``, if any, and
    /// rethrows what stopped them.
    func finishAccountDetails() throws
    /// Applies the changes and the ledger row (writing sessions only); returns the ids of the
    /// merchants created, in the order of `changes.newMerchants`.
    @discardableResult
    func apply(_ changes: inout SyncChanges, record: ImportRecord, now: Date) throws -> [Int64]
}
