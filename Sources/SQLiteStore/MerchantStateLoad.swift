import Coverage
import Domain
import Foundation
import GRDB
import GRDBSQLite
import Store

/// The `merchant_state` rows of a first load of merchants, kept in memory (40 bytes a merchant)
/// and written in key order, `(commune_code, merchant_id)`, when the load ends.
///
/// The state table is clustered by commune; rows arrive in id order. Inserted as each merchant
/// goes in (the schema's trigger `merchant_state_insert`), each row lands on a page of one of
/// 3,321 communes, and those pages compete with the merchant rows for the page cache; a sorting
/// `INSERT … SELECT` at the end would read back from SQLite what is in memory here. So the rows
/// are kept, sorted here and appended, each page written once.
///
/// It stands in for two triggers the load sets aside: `merchant_state_insert` (``add(id:commune:openedOn:closedOn:)``)
/// and `qr_status_event_current` (``record(_:at:index:)``, which applies the trigger's rule,
/// ``StatusRecord/appendedEvent(at:replacesCurrentSince:)``, to each event as it is inserted).
struct MerchantStateLoad {
    private struct Row {
        /// The commune code's bytes, big-endian (so integers sort as the text does).
        var commune: UInt64
        var id: Int64
        /// Seconds since 1970 of the current status; `Int64.min` for none.
        var statusAt: Int64
        /// `YYYYMMDD`, 0 for NULL.
        var openedOn: UInt32
        var closedOn: UInt32
        var status: QRStatus
    }

    private var rows: [Row] = []

    /// Records a merchant written to the table, from its stored values.
    mutating func add(
        id: Int64, commune: UnsafeBufferPointer<UInt8>, openedOn: UnsafeBufferPointer<UInt8>?,
        closedOn: UnsafeBufferPointer<UInt8>?
    ) throws {
        guard commune.count <= 8 else { throw Self.unexpected("commune code", commune) }
        var packed: UInt64 = 0
        for index in 0..<8 { packed = packed << 8 | UInt64(index < commune.count ? commune[index] : 0) }
        rows.append(
            Row(
                commune: packed, id: id, statusAt: Int64.min, openedOn: try Self.day(openedOn),
                closedOn: try Self.day(closedOn), status: .none))
    }

    /// The index of the row recorded last for merchant `id` among the last `window` rows (the
    /// rows of the statement just written), nil when it is not there.
    func recentIndex(of id: Int64, window: Int) -> Int? {
        rows.indices.suffix(window).last { rows[$0].id == id }
    }

    /// Applies an event just inserted into the history to the merchant at `index`, in place of
    /// the status trigger (`qr_status_event_current`) the load set aside, by the trigger's rule:
    /// it becomes the current status unless the current one is later.
    mutating func record(_ status: QRStatus, at seconds: Int64, index: Int) {
        let current = rows[index].statusAt
        guard StatusRecord.appendedEvent(at: seconds, replacesCurrentSince: current == Int64.min ? nil : current) else {
            return
        }
        rows[index].status = status
        rows[index].statusAt = seconds
    }

    /// Writes the rows in key order through prepared statements of `rowsPerStatement` rows.
    mutating func write(_ db: Database) throws {
        rows.sort { ($0.commune, $0.id) < ($1.commune, $1.id) }
        let row = "(?, ?, ?, ?, ?, ?)"
        let sql =
            "INSERT INTO merchant_state(commune_code, merchant_id, opened_on, closed_on, status, status_at) VALUES "
        let single = try db.makeStatement(sql: sql + row)
        let many = try db.makeStatement(
            sql: sql + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
        // The text values of a statement, end to end (bound without copies: the buffer outlives each step).
        var text: [UInt8] = []
        text.reserveCapacity(Self.rowsPerStatement * 25)
        var start = 0
        while start < rows.count {
            let statement = rows.count - start >= Self.rowsPerStatement ? many : single
            let count = statement === many ? Self.rowsPerStatement : 1
            text.removeAll(keepingCapacity: true)
            var spans: [(Int, Int)] = []
            spans.reserveCapacity(count * 3)
            for row in rows[start..<start + count] {
                let communeStart = text.count
                for shift in stride(from: 56, through: 0, by: -8) {
                    let byte = UInt8(truncatingIfNeeded: row.commune >> UInt64(shift))
                    if byte != 0 { text.append(byte) }
                }
                spans.append((communeStart, text.count - communeStart))
                Self.appendDay(row.openedOn, to: &text, spans: &spans)
                Self.appendDay(row.closedOn, to: &text, spans: &spans)
            }
            let handle = statement.sqliteStatement
            try text.withUnsafeBufferPointer { buffer in
                try buffer.withMemoryRebound(to: CChar.self) { chars in
                    for (offset, row) in rows[start..<start + count].enumerated() {
                        let base = Int32(offset * 6)
                        // The text values: commune code, opened on, closed on.
                        for (parameter, span) in zip(
                            [base + 1, base + 3, base + 4], spans[offset * 3..<offset * 3 + 3])
                        {
                            if span.0 < 0 {
                                sqlite3_bind_null(handle, parameter)
                            } else {
                                sqlite3_bind_text(handle, parameter, chars.baseAddress! + span.0, Int32(span.1), nil)
                            }
                        }
                        sqlite3_bind_int64(handle, base + 2, row.id)
                        row.status.bind(to: handle, at: base + 5)
                        if row.statusAt == Int64.min {
                            sqlite3_bind_null(handle, base + 6)
                        } else {
                            sqlite3_bind_int64(handle, base + 6, row.statusAt)
                        }
                    }
                    try SQLiteCAPI.step(db, statement, clearingBindings: true)
                }
            }
            start += count
        }
        rows = []
    }

    /// Rows bound into one statement (6 parameters each).
    private static let rowsPerStatement = 128

    /// `YYYY-MM-DD` as `YYYYMMDD`; 0 for NULL.
    private static func day(_ bytes: UnsafeBufferPointer<UInt8>?) throws -> UInt32 {
        guard let bytes else { return 0 }
        var value: UInt32 = 0
        guard bytes.count == 10 else { throw unexpected("date", bytes) }
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                guard byte == UInt8(ascii: "-") else { throw unexpected("date", bytes) }
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { throw unexpected("date", bytes) }
            value = value * 10 + UInt32(byte - 0x30)
        }
        return value
    }

    /// Appends `YYYYMMDD` as `YYYY-MM-DD` and its span (a NULL span for 0).
    private static func appendDay(_ value: UInt32, to text: inout [UInt8], spans: inout [(Int, Int)]) {
        guard value != 0 else { return spans.append((-1, 0)) }
        let start = text.count
        var divisor: UInt32 = 10_000_000
        for position in 0..<8 {
            if position == 4 || position == 6 { text.append(UInt8(ascii: "-")) }
            text.append(UInt8(value / divisor % 10) + 0x30)
            divisor /= 10
        }
        spans.append((start, text.count - start))
    }

    /// A stored value not in the form the registry writes (a commune code of at most 8 bytes, an
    /// ISO date): never so for rows the registry validated.
    private static func unexpected(_ what: String, _ bytes: UnsafeBufferPointer<UInt8>) -> DatabaseError {
        DatabaseError(
            resultCode: .SQLITE_INTERNAL,
            message: "unexpected stored \(what) \"\(String(decoding: bytes, as: UTF8.self))\"")
    }
}
