import BankSync
import Concurrency
import Domain
import Foundation
import Store

/// How ``SyncImport`` runs.
public struct SyncImportOptions: Sendable {
    /// Plan only: read the registry in a snapshot, change nothing.
    public var dryRun = false
    /// Apply the valid rows when some are invalid (by default any invalid row stops the import).
    public var skipInvalid = false
    /// Create a merchant for each unmatched row (the file needs a commune column).
    public var createMissing = false
    /// The import's day: the day of rows without a date, and the latest date a row may have.
    public var today: CalendarDay
    /// When the import happens (the ledger's time, the updated-at of changed merchants).
    public var now: Date

    public init(dryRun: Bool = false, skipInvalid: Bool = false, createMissing: Bool = false, now: Date = Date()) {
        self.dryRun = dryRun
        self.skipInvalid = skipInvalid
        self.createMissing = createMissing
        self.now = now
        today = CalendarDay.today(now: now)
    }
}

/// What an import did.
public enum SyncImportResult: Sendable, Equatable {
    /// A file with the same SHA-256 is in the ledger: nothing was done.
    case alreadyImported(ImportRecord)
    /// Some rows are invalid and `skipInvalid` was off: nothing was applied.
    case rejected(ImportCounts)
    /// A dry run: the plan was made (invalid rows included), nothing was applied.
    case planned(ImportCounts)
    /// The plan was applied in one transaction and recorded in the ledger.
    case applied(ImportRecord)
    /// The file has a header but no data rows: nothing was applied or recorded (a dry run of it
    /// is ``planned(_:)``, with an empty plan).
    case noRows
}

/// Where an import's rows go, as they are planned (the command line writes them to the plan
/// and rejects files).
public struct SyncImportSink {
    /// The plan entries as they are decided: each row's in file order, then the status of every
    /// row that has one, merchant by merchant in date order. The statuses' entries are passed on
    /// from another thread, after every row's (never two calls at once), while the changes are applied.
    public var entries: ([PlanEntry]) throws -> Void
    /// Each invalid row, in file order: why, and its fields as read.
    public var rejection: (RowRejection, [String]) throws -> Void
    /// Bytes of the file read so far, every few thousand rows.
    public var progress: (Int) -> Void
    /// Called once every entry and rejection was passed on: before the import's transaction
    /// commits (a sink that writes them on another thread waits here, and throws what stopped it,
    /// which rolls the import back), and before a dry run or a rejected file returns.
    public var planned: () throws -> Void

    public init(
        entries: @escaping ([PlanEntry]) throws -> Void = { _ in },
        rejection: @escaping (RowRejection, [String]) throws -> Void = { _, _ in },
        progress: @escaping (Int) -> Void = { _ in },
        planned: @escaping () throws -> Void = {}
    ) {
        self.entries = entries
        self.rejection = rejection
        self.progress = progress
        self.planned = planned
    }
}

/// Imports one bank file into a registry: the ledger is checked, the registry's merchants are
/// loaded into a ``MatchIndex``, every row is planned (``SyncPlanner``) and, unless it is a dry
/// run or a row is invalid without `skipInvalid`, the plan and its ledger row are applied —
/// all in one transaction, which a failure or a killed process rolls back whole.
public enum SyncImport {
    /// Imports `file` into `store` (see the type's summary); the rows' plan entries and
    /// rejections go to `sink` as they are planned.
    public static func run(
        _ file: inout BankFile, into store: any RegistryStore, options: SyncImportOptions,
        sink: SyncImportSink = SyncImportSink()
    ) throws -> SyncImportResult {
        let path = file.path
        // The SHA-256 of the file is computed on another thread while the registry's merchants load.
        let digest = BackgroundJob { _ in try SHA256.hex(ofFileAt: path) }
        defer { digest.cancel() }
        let profile = file.layout.profile
        let fileName = URL(fileURLWithPath: file.path).lastPathComponent
        let communes = store.communes
        return try store.withBankImportSession(writing: !options.dryRun) { session in
            // The rows are read on another thread while the registry's merchants load.
            let rows = RowPipeline(file: file, today: options.today)
            rows.start()
            defer { rows.stop() }
            var index = MatchIndex(expected: try session.merchantCount())
            try index.addExisting(from: session.forEachMerchant)
            let sha256 = try digest.value()
            if let record = try session.importRecord(sha256: sha256) { return .alreadyImported(record) }

            var planner = SyncPlanner(
                index: consume index, profile: profile, communes: communes, today: options.today,
                createMissing: options.createMissing, note: fileName, columnNames: file.layout.columnNames
            ) { id, status, day in
                try session.hasEvent(merchantId: id, status: status, on: day, source: profile.source)
            }
            try planner.planRows(
                from: rows, totalBytes: file.totalBytes, entries: sink.entries, rejection: sink.rejection,
                progress: sink.progress)
            let rowCounts = planner.counts
            let applies = !options.dryRun && rowCounts.rows > 0 && (rowCounts.rejected == 0 || options.skipInvalid)
            // The account details are written while the statuses are decided (unless merchants
            // are created: they go in first).
            let accountsAhead = applies && !planner.changes.accounts.isEmpty && planner.changes.newMerchants.isEmpty
            if accountsAhead { try session.beginAccountDetails(planner.changes.accounts, now: options.now) }
            let statuses = try planner.finish()
            let counts = planner.counts
            var changes = planner.takeChanges()
            if accountsAhead {
                // Meanwhile: the events in the order they go in (no merchant is created here).
                changes.sortEventsForInsert()
                try session.finishAccountDetails()
                changes.accounts = []
            }
            _ = consume planner
            // The statuses' plan entries are made and passed on on another thread, while the
            // changes are applied; the plan is complete before the transaction commits.
            let statusEntries = BackgroundJob { isCancelled in
                _ = try statuses.emit(stopping: isCancelled, sink.entries)
            }
            defer { statusEntries.cancel() }
            func planned() throws {
                try statusEntries.value()
                try sink.planned()
            }
            guard applies else {
                try planned()
                if options.dryRun { return .planned(counts) }
                return counts.rows == 0 ? .noRows : .rejected(counts)
            }
            let record = ImportRecord(
                sha256: sha256, profile: profile.name, bank: profile.bank, source: profile.source,
                fileName: fileName, importedAt: options.now, counts: counts)
            try session.apply(&changes, record: record, now: options.now)
            try planned()
            return .applied(record)
        }
    }
}
