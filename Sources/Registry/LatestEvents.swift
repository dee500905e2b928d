import GRDB
import GRDBSQLite

/// The latest new event of each merchant a bank import touches, and the SQL functions through
/// which one `UPDATE` pass over `merchant_state` applies them.
///
/// SQLite runs `UPDATE … FROM` (or a `WHERE` with a subquery) in two passes: it collects the
/// keys of the rows to change, then seeks each one — 2.7 s for a million merchants in the
/// `sqlite3` shell. An `UPDATE` whose `WHERE` and new values are plain expressions of the row is
/// done in one pass over the table, changing rows where it stands: 0.7 s. So the condition and
/// the new values come from functions of the row, looked up here:
/// `qrcov_latest_newer(merchant_id, status_at)` is 1 when the merchant has a new event at or after
/// `status_at` (the status trigger's rule), and `qrcov_latest_status(merchant_id)` and
/// `qrcov_latest_at(merchant_id)` give that event. Rows without a new event are only read.
///
/// The functions run up to three times for each of a million rows, so their look-up is a table
/// indexed by id when the ids are dense (as a registry's are), else a binary search, and their
/// storage is plain memory (no bounds or exclusivity checks on each call). Any function call
/// makes SQLite keep a statement journal (a function may fail halfway through the table), which
/// no conflict clause avoids: every page the update changes is copied to a temporary file once
/// (57 MB for a million merchants, measured with `strace`).
final class LatestEvents {
    /// Merchant ids, ascending, and each one's latest new event.
    private let ids: UnsafeMutableBufferPointer<Int64>
    private let statuses: UnsafeMutableBufferPointer<QRStatus>
    private let times: UnsafeMutableBufferPointer<Int64>
    /// When the ids are dense: the position of id `firstId + k` at `k` (-1: none).
    private let positions: UnsafeMutableBufferPointer<Int32>
    private let firstId: Int64
    /// The number of merchants.
    private let count: Int
    /// The id looked up last and its position (-1: none): an update asks about a row up to three times in turn.
    private let last: UnsafeMutablePointer<(id: Int64, position: Int)>

    /// - Parameter events: `(merchant id, status, time)` sorted by merchant id; each merchant's last
    ///   entry is its latest.
    init(sortedByMerchant events: some Collection<(Int64, QRStatus, Int64)>) {
        var count = 0
        ids = .allocate(capacity: events.count)
        statuses = .allocate(capacity: events.count)
        times = .allocate(capacity: events.count)
        for (id, status, at) in events {
            precondition(count == 0 || ids[count - 1] <= id, "events must be sorted by merchant id")
            if count == 0 || ids[count - 1] != id {
                ids[count] = id
                count += 1
            }
            statuses[count - 1] = status
            times[count - 1] = at
        }
        firstId = count > 0 ? ids[0] : 0
        let span = count > 0 ? Int(clamping: ids[count - 1] - firstId + 1) : 0
        if count > 0, span <= 4 * count + 1024 {
            positions = .allocate(capacity: span)
            positions.initialize(repeating: -1)
            for position in 0..<count { positions[Int(ids[position] - firstId)] = Int32(position) }
        } else {
            positions = .allocate(capacity: 0)
        }
        self.count = count
        last = .allocate(capacity: 1)
        last.initialize(to: (id: Int64.min, position: -1))
    }

    deinit {
        ids.deallocate()
        statuses.deallocate()
        times.deallocate()
        positions.deallocate()
        last.deallocate()
    }

    /// Sets each merchant's current status in `merchant_state` to its latest new event, unless the
    /// current one is later, in one pass over the table.
    func apply(_ db: Database) throws {
        typealias Body = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void
        // No retain and release per call: the table outlives the statement (`withExtendedLifetime` below).
        let functions: [(name: String, arguments: Int32, body: Body)] = [
            ("qrcov_latest_newer", 2, { context, _, values in
                Unmanaged<LatestEvents>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef { table in
                    sqlite3_result_int(context, table.newerPosition(values!) >= 0 ? 1 : 0)
                }
            }),
            ("qrcov_latest_status", 1, { context, _, values in
                Unmanaged<LatestEvents>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef { table in
                    let position = table.position(ofRow: values!)
                    if position >= 0 { table.statuses[position].resultText(context) } else { sqlite3_result_null(context) }
                }
            }),
            ("qrcov_latest_at", 1, { context, _, values in
                Unmanaged<LatestEvents>.fromOpaque(sqlite3_user_data(context)!)._withUnsafeGuaranteedRef { table in
                    let position = table.position(ofRow: values!)
                    if position >= 0 { sqlite3_result_int64(context, table.times[position]) } else { sqlite3_result_null(context) }
                }
            }),
        ]
        // Unregistered whatever happens (even when registering one of them fails), before the
        // table can be freed.
        defer {
            for function in functions {
                sqlite3_create_function_v2(db.sqliteConnection, function.name, function.arguments, SQLITE_UTF8, nil, nil, nil, nil, nil)
            }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        for function in functions {
            let code = sqlite3_create_function_v2(db.sqliteConnection, function.name, function.arguments, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                                  context, function.body, nil, nil, nil)
            guard code == SQLITE_OK else { throw BulkSQL.error(db, code) }
        }
        try withExtendedLifetime(self) {
            try db.execute(sql: """
                UPDATE merchant_state SET status = qrcov_latest_status(merchant_id), status_at = qrcov_latest_at(merchant_id)
                WHERE qrcov_latest_newer(merchant_id, status_at)
                """)
        }
    }

    /// The position of the latest new event of the row's merchant (`values[0]`) when it is at or
    /// after the row's `status_at` (`values[1]`), else -1.
    private func newerPosition(_ values: UnsafeMutablePointer<OpaquePointer?>) -> Int {
        let position = position(ofRow: values)
        guard position >= 0, sqlite3_value_type(values[1]) == SQLITE_NULL || sqlite3_value_int64(values[1]) <= times[position] else { return -1 }
        return position
    }

    /// The position of the latest new event of the row's merchant (`values[0]`), -1 for none.
    private func position(ofRow values: UnsafeMutablePointer<OpaquePointer?>) -> Int {
        let id = sqlite3_value_int64(values[0])
        if last.pointee.id != id { last.pointee = (id, position(of: id)) }
        return last.pointee.position
    }

    /// The position of a merchant id, -1 when it has no new event.
    private func position(of id: Int64) -> Int {
        if positions.count > 0 {
            let offset = id &- firstId
            return offset >= 0 && offset < positions.count ? Int(positions[Int(offset)]) : -1
        }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < count && ids[low] == id ? low : -1
    }
}
