import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// Counts as of the end of `asOf` (nil = now): total = merchants open then (opened on or before, not closed on or before),
    /// covered = those whose latest status event at or before then is displayed or verified.
    /// province/commune groupings include units with no merchants (total 0). Rows are in code order.
    ///
    /// When no status event is later than that instant (the usual "today" case), each merchant's
    /// stored current status is its status then, and the count is one ordered scan of
    /// `merchant_state`; otherwise the latest event at or before the instant is looked up per merchant.
    public func coverageCounts(scope: CoverageScope, groupBy: CoverageUnitKind, asOf: CalendarDay?) throws
        -> [CoverageUnit]
    {
        let now = Date()
        let day = asOf ?? CalendarDay.today(now: now)
        let end = asOf?.endTime ?? now
        let (scopeSQL, scopeArguments) = try scopeCondition(scope, column: "s.commune_code")
        let groupColumn: String
        let nameColumn: String
        // Hamlets and business types are the merchant's details: those counts join its row.
        var source = "merchant_state s"
        switch groupBy {
        case .province, .commune: (groupColumn, nameColumn) = ("s.commune_code", "s.commune_code")
        case .hamlet:
            (groupColumn, nameColumn) = ("m.hamlet_key", "MIN(COALESCE(m.hamlet, ''))")
            source = SQLiteRegistry.merchantsWithState
        case .businessType:
            (groupColumn, nameColumn) = ("COALESCE(m.business_type, '')", "COALESCE(m.business_type, '')")
            source = SQLiteRegistry.merchantsWithState
        }
        return try read { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT last_at FROM event_bounds") ?? Int64.min
            let useCurrentStatus = latest < end.storedSeconds
            let covered =
                useCurrentStatus
                ? "s.status IN ('displayed', 'verified')"
                : """
                (SELECT e.status FROM qr_status_event e WHERE e.merchant_id = s.merchant_id AND e.at < ?
                 ORDER BY e.at DESC, e.id DESC LIMIT 1) IN ('displayed', 'verified')
                """
            var arguments: StatementArguments = useCurrentStatus ? [] : [end.storedSeconds]
            arguments += scopeArguments
            arguments += [day.description, day.description]
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(groupColumn), \(nameColumn), COUNT(*), TOTAL(\(covered))
                    FROM \(source)
                    WHERE \(scopeSQL)
                      AND \(SQLiteRegistry.openOnDay)
                    GROUP BY \(groupColumn)
                    """, arguments: arguments)
            var rows: [CoverageUnit] = []
            while let row = try cursor.next() {
                rows.append(CoverageUnit(code: row[0], name: row[1], total: row[2], covered: Int(row[3] as Double)))
            }
            return rows
        }.withUnits(groupBy, scope: scope, communes: communes)
    }

    /// The day of the first status event in scope (for trends), nil when none.
    public func firstEventDay(scope: CoverageScope) throws -> CalendarDay? {
        let (scopeSQL, arguments) = try scopeCondition(scope, column: "s.commune_code")
        return try read { db in
            let seconds: Int64?
            if case .country = scope {
                seconds = try Int64.fetchOne(db, sql: "SELECT first_at FROM event_bounds")
            } else {
                seconds = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MIN(e.at) FROM qr_status_event e JOIN merchant_state s ON s.merchant_id = e.merchant_id WHERE \(scopeSQL)
                        """, arguments: arguments)
            }
            return seconds.map { CalendarDay(containing: Date(storedSeconds: $0)) }
        }
    }
}
