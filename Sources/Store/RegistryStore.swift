import BankSync
import Coverage
import Domain
import Foundation

/// Everything the use cases need from a registry, in domain terms: no SQL, no database types.
///
/// An implementation (``SQLiteStore`` today) keeps merchants, their append-only QR status history
/// and the bank-import ledger, and answers with the rules the domain states: a merchant's current
/// status is its latest event by (time, id) (``QRStatusEvent/isLater(than:)``); coverage counts
/// are exact (``CoverageScope``, ``CoverageUnitKind``). Multi-row changes are one transaction: a
/// thrown error leaves the registry as it was. Methods may be called from any thread.
public protocol RegistryStore: AnyObject, Sendable {
    /// The communes (and their provinces) this registry tracks.
    var communes: CommuneDirectory { get }

    /// Adds the official communes of these provinces (nil: all) that the registry lacks; returns
    /// how many were added.
    @discardableResult
    func addCommunes(provinces: Set<String>?) throws -> Int

    // MARK: Merchants

    /// Validates a draft, refuses duplicates (``RegistryError/duplicate(existingId:reason:)``)
    /// unless `force`, stores it and returns its id.
    func addMerchant(_ draft: MerchantDraft, force: Bool, now: Date) throws -> Int64
    /// Replaces a merchant's fields with a validated draft (duplicates refused unless `force`).
    func updateMerchant(id: Int64, with draft: MerchantDraft, force: Bool, now: Date) throws
    /// Records that a merchant closed on `day`; throws when it is unknown, already closed or
    /// opened after `day`.
    func closeMerchant(id: Int64, on day: CalendarDay, now: Date) throws
    /// The merchant with this id and its current status, nil when there is none.
    func merchant(id: Int64) throws -> MerchantWithStatus?
    /// The merchants a filter selects, ordered by commune, hamlet, name, id.
    func merchants(matching filter: MerchantFilter) throws -> [MerchantWithStatus]
    /// Calls `body` with each merchant a filter selects, in ``merchants(matching:)``'s order,
    /// without holding them all in memory.
    func forEachMerchant(matching filter: MerchantFilter, _ body: (MerchantWithStatus) throws -> Void) throws
    /// A merchant's whole QR status history, oldest first (by time, then id).
    func statusHistory(merchantId: Int64) throws -> [QRStatusEvent]
    /// Appends `change` to each merchant's history in one transaction: either every merchant gets
    /// its event or none does — on an unknown id (``RegistryError/unknownMerchants(_:)``), or,
    /// unless `force`, on an event day before a merchant opened or after it closed
    /// (``RegistryError/eventsOutsideOpenDays(_:)``). Returns the number of events added.
    @discardableResult
    func mark(_ ids: [Int64], _ change: StatusChange, force: Bool) throws -> Int

    // MARK: Coverage

    /// Exact counts as of the end of `asOf` (nil: now), one row per unit of `groupBy` in code
    /// order; province and commune rows include units with no merchants.
    func coverageCounts(scope: CoverageScope, groupBy: CoverageUnitKind, asOf: CalendarDay?) throws
        -> [CoverageUnit]
    /// The counts of a whole scope on each of `days` (in their order), each equal to the sum of
    /// ``coverageCounts(scope:groupBy:asOf:)``'s rows for that day.
    func coverageSeries(scope: CoverageScope, days: [CalendarDay]) throws -> [TrendPoint]
    /// The day of the first status event in scope, nil when there is none.
    func firstEventDay(scope: CoverageScope) throws -> CalendarDay?

    // MARK: Bulk loads

    /// Inserts trusted merchants and their events in one transaction, without validation or
    /// duplicate checks (generators); returns the new ids in input order.
    @discardableResult
    func bulkInsert<S: Sequence>(_ merchants: S, now: Date) throws -> [Int64] where S.Element == BulkMerchant
    /// Imports a merchant CSV (``MerchantCSV``) in one transaction: every row validated and
    /// checked for duplicates; any bad row rejects the file (``MerchantImportError``) unless
    /// `skipInvalid`, when each is passed to the sink. The sink's `finished` runs before the
    /// transaction commits: what it throws rolls the import back.
    func importMerchants(
        from path: String, force: Bool, skipInvalid: Bool, now: Date, sink: MerchantImportSink
    ) throws -> MerchantImportSummary

    // MARK: Bank imports

    /// Runs `body` with a ``BankImportSession`` over one consistent view of the registry: with
    /// `writing`, one transaction that commits when `body` returns and rolls back whole when it
    /// throws (or the process dies); without, a read-only snapshot (dry runs).
    func withBankImportSession<T>(writing: Bool, _ body: (any BankImportSession) throws -> T) throws -> T

    /// Makes the registry's main file (or database) hold everything written so far.
    func checkpoint() throws

    /// Writes a copy of the registry into the file at `path` (absent or empty) and returns what
    /// the copy holds. The copy is one consistent snapshot, whatever other connections write
    /// meanwhile (they are not held up), and one self-contained file: nothing beside it is part
    /// of it. A thrown error may leave a partial file at `path` for the caller to remove.
    @discardableResult
    func backup(to path: String) throws -> RegistryContents
}

extension RegistryStore {
    /// ``addMerchant(_:force:now:)`` now.
    public func addMerchant(_ draft: MerchantDraft, force: Bool = false) throws -> Int64 {
        try addMerchant(draft, force: force, now: Date())
    }

    /// ``updateMerchant(id:with:force:now:)`` now.
    public func updateMerchant(id: Int64, with draft: MerchantDraft, force: Bool = false) throws {
        try updateMerchant(id: id, with: draft, force: force, now: Date())
    }

    /// ``mark(_:_:force:)`` without force: events outside a merchant's open days are refused.
    @discardableResult
    public func mark(_ ids: [Int64], _ change: StatusChange) throws -> Int {
        try mark(ids, change, force: false)
    }

    /// ``closeMerchant(id:on:now:)`` now.
    public func closeMerchant(id: Int64, on day: CalendarDay) throws {
        try closeMerchant(id: id, on: day, now: Date())
    }

    /// ``bulkInsert(_:now:)`` now.
    @discardableResult
    public func bulkInsert<S: Sequence>(_ merchants: S) throws -> [Int64] where S.Element == BulkMerchant {
        try bulkInsert(merchants, now: Date())
    }
}
