import Coverage
import Domain
import GRDB
import GRDBSQLite
import Store

/// A bank import's update of current statuses: the latest new event of each merchant the import
/// touches, and the SQL functions through which one `UPDATE` pass over `merchant_state` applies
/// them.
///
/// It stands in for the status trigger, `qr_status_event_current`, which the import sets aside
/// while it appends its events (``SyncSession``): run for each event, the trigger would seek the
/// merchant's state row once per event, and make SQLite keep a statement journal for the insert.
/// Instead the trigger's rule, ``StatusRecord/appendedEvent(at:replacesCurrentSince:)``, is applied
/// twice: here, to fold each merchant's new events in the order they are appended, and in the
/// update, to the fold's result against the merchant's current status. The rule keeps the latest
/// of a merchant's events by one order, so folding the new events first gives what the trigger
/// gives event by event.
///
/// SQLite runs `UPDATE … FROM` (or a `WHERE` with a subquery) in two passes: it collects the
/// keys of the rows to change, then seeks each one. An `UPDATE` whose `WHERE` and new values are
/// plain expressions of the row is done in one pass over the table, changing rows where it
/// stands, with no seek. So the condition and the new values come from functions of the row,
/// looked up here: `qrcov_latest_newer(merchant_id, status_at)` is 1 when the merchant has a new
/// event that replaces its current status (the trigger's rule), and
/// `qrcov_latest_status(merchant_id)` and `qrcov_latest_at(merchant_id)` give that event. Rows
/// without a new event are only read.
///
/// The functions run up to three times for each of a million rows, in the table's commune order
/// (random in id order), so each merchant's event is one packed 8-byte word (status and time):
/// in a table indexed by id when the ids are dense (as a registry's are), else found by a binary
/// search; its storage is plain memory (no bounds or exclusivity checks on each call). Given the
/// order of the table's rows (read when the import loaded the registry), the events are first
/// gathered into that order, in one tight loop whose memory reads overlap, and the update then
/// reads them one after the other (looked up one by one as the update visits them, each would be
/// a cache miss); a row out of that order (a merchant created since) is looked up by id.
///
/// Any function call makes SQLite keep a statement journal (a function may fail halfway through
/// the table), which no conflict clause avoids: every page the update changes is copied to a
/// temporary file once.
final class ImportStatusUpdate {
    /// Each merchant's latest new event, packed (``pack(_:_:)``; 0: no new event): at `id - firstId`
    /// when the ids are dense, else at the position of the id in ``ids``.
    private let events: UnsafeMutableBufferPointer<Int64>
    /// The merchant ids, ascending, when they are sparse; empty when they are dense.
    private let ids: UnsafeMutableBufferPointer<Int64>
    private let firstId: Int64
    /// The table's merchant ids in its order, each one's packed event, and the next row expected.
    private let orderIds: UnsafeMutableBufferPointer<Int64>
    private let orderEvents: UnsafeMutableBufferPointer<Int64>
    private let next: UnsafeMutablePointer<Int>
    /// The id looked up last and its packed event: an update asks about a row up to three times in turn.
    private let last: UnsafeMutablePointer<(id: Int64, event: Int64)>

    /// - Parameters:
    ///   - events: the new events, `(merchant id, status, time)`, in the order they are appended
    ///     to the history, which is by merchant id; of a merchant's events, each one appended
    ///     later replaces the one kept unless it is earlier (the status trigger's rule).
    ///   - tableOrder: the merchant ids in `merchant_state`'s order, when known.
    init(sortedByMerchant events: some Collection<(Int64, QRStatus, Int64)>, tableOrder: [Int64] = []) {
        var merchants = 0
        var previous: Int64?
        for (id, _, _) in events {
            precondition(previous.map { $0 <= id } ?? true, "events must be sorted by merchant id")
            if previous != id { merchants += 1 }
            previous = id
        }
        firstId = events.first?.0 ?? 0
        let span = merchants > 0 ? Int(clamping: previous! - firstId + 1) : 0
        if merchants > 0, span <= 4 * merchants + 1024 {
            self.events = .allocate(capacity: span)
            self.events.initialize(repeating: 0)
            ids = .allocate(capacity: 0)
            for (id, status, at) in events {
                let slot = Int(id - firstId)
                if Self.appended(at: at, replaces: self.events[slot]) { self.events[slot] = Self.pack(status, at) }
            }
        } else {
            self.events = .allocate(capacity: merchants)
            ids = .allocate(capacity: merchants)
            var count = 0
            for (id, status, at) in events {
                if count == 0 || ids[count - 1] != id {
                    ids[count] = id
                    self.events[count] = Self.pack(status, at)
                    count += 1
                } else if Self.appended(at: at, replaces: self.events[count - 1]) {
                    self.events[count - 1] = Self.pack(status, at)
                }
            }
        }
        orderIds = .allocate(capacity: tableOrder.count)
        _ = orderIds.initialize(from: tableOrder)
        orderEvents = .allocate(capacity: tableOrder.count)
        next = .allocate(capacity: 1)
        next.initialize(to: 0)
        last = .allocate(capacity: 1)
        last.initialize(to: (id: Int64.min, event: 0))
        for position in 0..<tableOrder.count { orderEvents[position] = lookUp(orderIds[position]) }
    }

    deinit {
        events.deallocate()
        ids.deallocate()
        orderIds.deallocate()
        orderEvents.deallocate()
        next.deallocate()
        last.deallocate()
    }

    /// An event as one word: its time shifted left by 3 bits (times are seconds, far within
    /// ±2⁶⁰), its status's rank + 1 in the low bits; never 0.
    private static func pack(_ status: QRStatus, _ at: Int64) -> Int64 {
        at << 3 | Int64(status.rank + 1)
    }

    private static func status(_ event: Int64) -> QRStatus { QRStatus(rank: Int(event & 7) - 1) }
    private static func time(_ event: Int64) -> Int64 { event >> 3 }

    /// True when a new event at `at`, appended after the new event `kept` (packed; 0 for none),
    /// replaces it: the status trigger's rule.
    private static func appended(at: Int64, replaces kept: Int64) -> Bool {
        StatusRecord.appendedEvent(at: at, replacesCurrentSince: kept == 0 ? nil : time(kept))
    }

    /// Sets each merchant's current status in `merchant_state` to its latest new event, unless the
    /// current one is later, in one pass over the table.
    func apply(_ db: Database) throws {
        typealias Body = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void
        // No retain and release per call: the table outlives the statement (`withExtendedLifetime` below).
        let functions: [(name: String, arguments: Int32, body: Body)] = [
            (
                "qrcov_latest_newer", 2,
                { context, _, values in
                    Unmanaged<ImportStatusUpdate>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef {
                        table in
                        sqlite3_result_int(context, table.hasNewerEvent(values!) ? 1 : 0)
                    }
                }
            ),
            (
                "qrcov_latest_status", 1,
                { context, _, values in
                    Unmanaged<ImportStatusUpdate>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef {
                        table in
                        let event = table.event(ofRow: values!)
                        if event != 0 {
                            ImportStatusUpdate.status(event).resultText(context)
                        } else {
                            sqlite3_result_null(context)
                        }
                    }
                }
            ),
            (
                "qrcov_latest_at", 1,
                { context, _, values in
                    Unmanaged<ImportStatusUpdate>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef {
                        table in
                        let event = table.event(ofRow: values!)
                        if event != 0 {
                            sqlite3_result_int64(context, ImportStatusUpdate.time(event))
                        } else {
                            sqlite3_result_null(context)
                        }
                    }
                }
            ),
        ]
        // Unregistered whatever happens (even when registering one of them fails), before the
        // table can be freed.
        defer {
            for function in functions {
                sqlite3_create_function_v2(
                    db.sqliteConnection, function.name, function.arguments, SQLITE_UTF8, nil, nil, nil, nil, nil)
            }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        for function in functions {
            let code = sqlite3_create_function_v2(
                db.sqliteConnection, function.name, function.arguments, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                context, function.body, nil, nil, nil)
            guard code == SQLITE_OK else { throw SQLiteCAPI.error(db, code) }
        }
        try withExtendedLifetime(self) {
            try db.execute(
                sql: """
                    UPDATE merchant_state SET status = qrcov_latest_status(merchant_id), status_at = qrcov_latest_at(merchant_id)
                    WHERE qrcov_latest_newer(merchant_id, status_at)
                    """)
        }
    }

    /// True when the row's merchant (`values[0]`) has a new event that replaces the row's
    /// current status, which took effect at `status_at` (`values[1]`; NULL: no event): the status
    /// trigger's rule, the new event being appended after the current one.
    private func hasNewerEvent(_ values: UnsafeMutablePointer<OpaquePointer?>) -> Bool {
        let event = event(ofRow: values)
        guard event != 0 else { return false }
        let currentAt = sqlite3_value_type(values[1]) == SQLITE_NULL ? nil : sqlite3_value_int64(values[1])
        return StatusRecord.appendedEvent(at: Self.time(event), replacesCurrentSince: currentAt)
    }

    /// The packed latest new event of the row's merchant (`values[0]`), 0 for none.
    private func event(ofRow values: UnsafeMutablePointer<OpaquePointer?>) -> Int64 {
        let id = sqlite3_value_int64(values[0])
        if last.pointee.id != id { last.pointee = (id, event(of: id)) }
        return last.pointee.event
    }

    /// The packed latest new event of a merchant, 0 for none: the next row's in the table's
    /// order when it is that merchant, else looked up.
    private func event(of id: Int64) -> Int64 {
        let position = next.pointee
        if position < orderIds.count, orderIds[position] == id {
            next.pointee = position + 1
            return orderEvents[position]
        }
        return lookUp(id)
    }

    /// The packed latest new event of a merchant, looked up by id; 0 for none.
    private func lookUp(_ id: Int64) -> Int64 {
        if ids.isEmpty {
            let offset = id &- firstId
            return offset >= 0 && offset < events.count ? events[Int(offset)] : 0
        }
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? events[low] : 0
    }
}
