import DelimitedText
import Dispatch
import Foundation
import Registry

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

    public init(entries: @escaping ([PlanEntry]) throws -> Void = { _ in },
                rejection: @escaping (RowRejection, [String]) throws -> Void = { _, _ in },
                progress: @escaping (Int) -> Void = { _ in },
                planned: @escaping () throws -> Void = {}) {
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
    public static func run(_ file: inout BankFile, into registry: Registry, options: SyncImportOptions,
                           sink: SyncImportSink = SyncImportSink()) throws -> SyncImportResult {
        let path = file.path
        // The SHA-256 of the file is computed on another thread while the registry's merchants load.
        let digest = BackgroundJob { _ in try SHA256.hex(ofFileAt: path) }
        defer { digest.cancel() }
        let profile = file.layout.profile
        let fileName = URL(fileURLWithPath: file.path).lastPathComponent
        return try registry.withSyncSession(writing: !options.dryRun) { session in
            // The rows are read on another thread while the registry's merchants load.
            let rows = RowPipeline(file: file, today: options.today)
            rows.start()
            defer { rows.stop() }
            var index = MatchIndex(expected: try session.merchantCount())
            try index.addExisting(from: session.forEachMerchant)
            let sha256 = try digest.value()
            if let record = try session.importRecord(sha256: sha256) { return .alreadyImported(record) }

            let counts: ImportCounts
            var changes: SyncChanges
            let statuses: StatusDecisions
            (counts, changes, statuses) = try plan(rows, layout: file.layout, totalBytes: file.totalBytes, index: consume index,
                                                   registry: registry, session: session, options: options, note: fileName, sink: sink)
            // The statuses' plan entries are made and passed on on another thread, while the
            // changes are applied; the plan is complete before the transaction commits.
            let statusEntries = BackgroundJob { isCancelled in _ = try statuses.emit(stopping: isCancelled, sink.entries) }
            defer { statusEntries.cancel() }
            func planned() throws {
                try statusEntries.value()
                try sink.planned()
            }
            if options.dryRun || counts.rows == 0 || (counts.rejected > 0 && !options.skipInvalid) {
                try planned()
                if options.dryRun { return .planned(counts) }
                return counts.rows == 0 ? .noRows : .rejected(counts)
            }
            let record = ImportRecord(sha256: sha256, profile: profile.name, bank: profile.bank, source: profile.source,
                                      fileName: fileName, importedAt: options.now, counts: counts)
            try session.apply(&changes, record: record, now: options.now)
            try planned()
            return .applied(record)
        }
    }
}

extension SyncImport {
    /// Plans every row of the file; the rows' plan entries are passed on as they are made, the
    /// statuses' are returned to be made later. When the plan will be applied and creates no
    /// merchant, the account details are written while the statuses are decided (the changes
    /// returned then hold none). The planner, and the index it owns, are released when this
    /// returns, before the rest of the changes are applied.
    private static func plan(_ rows: RowPipeline, layout: BankFileLayout, totalBytes: Int, index: consuming MatchIndex,
                             registry: Registry, session: SyncSession, options: SyncImportOptions, note: String,
                             sink: SyncImportSink) throws -> (ImportCounts, SyncChanges, StatusDecisions) {
        let source = layout.profile.source
        let accounts = AccountsInFlight()
        var planner = SyncPlanner(
            index: index, profile: layout.profile, communes: registry.communes, today: options.today,
            createMissing: options.createMissing, note: note, columnNames: layout.columnNames
        ) { id, status, day in
            // The session is the account details' writer's until they are written.
            try accounts.writing?.value()
            return try session.hasEvent(merchantId: id, status: status, on: day, source: source)
        }
        defer { accounts.writing?.cancel() }
        var reserved = false
        while let batch = try rows.next() {
            for (position, item) in batch.items.enumerated() {
                if position + MatchIndex.lookAhead < batch.items.count, case .row(let ahead, _) = batch.items[position + MatchIndex.lookAhead] {
                    planner.prefetch(ahead)
                }
                let (checked, fields) = rows.checked(item, in: batch)
                switch checked {
                case .failure(let rejection):
                    try sink.rejection(rejection, Array(batch.fields[fields]))
                    try sink.entries(planner.reject(rejection))
                case .success(let row):
                    switch try planner.plan(row) {
                    case .success(let entries): try sink.entries(entries)
                    case .failure(let rejection):
                        try sink.rejection(rejection, Array(batch.fields[fields]))
                        try sink.entries(SyncPlanner.entries(for: rejection))
                    }
                }
            }
            let progress = rows.progress
            sink.progress(progress.bytes)
            if !reserved, progress.bytes > 0 {
                // Room for the whole file's rows at once, from the size of the rows read so far.
                reserved = true
                planner.reserve(rows: Int(Double(totalBytes) / Double(progress.bytes) * Double(progress.rows) * 1.05))
            }
        }
        planner.endRows()
        // The account details are written on another thread while the statuses are decided
        // (unless nothing will be applied, or merchants are created: they go in first).
        let counts = planner.counts
        if session.isWritable, !planner.changes.accounts.isEmpty, planner.changes.newMerchants.isEmpty,
           counts.rejected == 0 || options.skipInvalid {
            accounts.writing = try session.startAccountDetails(planner.changes.accounts, now: options.now)
        }
        let statuses = try planner.finish()
        var changes = planner.takeChanges()
        if let writing = accounts.writing {
            // Meanwhile: the events in the order they go in (no merchant is created here).
            changes.sortEventsForInsert()
            try writing.value()
            changes.accounts = []
        }
        return (planner.counts, changes, statuses)
    }
}

/// The account details a bank import writes while it decides the statuses, once started.
private final class AccountsInFlight {
    var writing: BackgroundJob<Void>?
}
