import Foundation
import GRDB

/// Which merchants a coverage count covers.
public enum CoverageScope: Sendable, Equatable {
    case country
    /// A province by its 2-digit code.
    case province(String)
    /// A commune by its 5-digit code.
    case commune(String)
}

/// What one row of a coverage count stands for.
public enum CoverageGrouping: Sendable, Equatable {
    case province
    case commune
    /// Thôn / tổ dân phố, grouped by ``MerchantNormalization/hamletKey(_:)``.
    case hamlet
    case businessType
}

/// The exact counts behind one coverage row.
public struct CoverageCountRow: Sendable, Equatable {
    /// Province or commune code; for hamlets and business types, the grouping key (empty: not given).
    public var code: String
    /// The display name (for hamlets and business types, the first spelling in sort order).
    public var name: String
    /// Merchants open at the date.
    public var total: Int
    /// Of those, merchants whose status at the date was displayed or verified.
    public var covered: Int

    public init(code: String, name: String, total: Int, covered: Int) {
        self.code = code
        self.name = name
        self.total = total
        self.covered = covered
    }
}

extension Registry {
    /// Counts as of the end of `asOf` (nil = now): total = merchants open then (opened on or before, not closed on or before),
    /// covered = those whose latest status event at or before then is displayed or verified.
    /// province/commune groupings include units with no merchants (total 0). Rows are in code order.
    ///
    /// When no status event is later than that instant (the usual "today" case), each merchant's
    /// stored current status is its status then, and the count is one ordered scan of
    /// `merchant_state`; otherwise the latest event at or before the instant is looked up per merchant.
    public func coverageCounts(scope: CoverageScope, groupBy: CoverageGrouping, asOf: CalendarDay?) throws -> [CoverageCountRow] {
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
            source = Registry.merchantsWithState
        case .businessType:
            (groupColumn, nameColumn) = ("COALESCE(m.business_type, '')", "COALESCE(m.business_type, '')")
            source = Registry.merchantsWithState
        }
        return try writer.read { db in
            let latest = try Int64.fetchOne(db, sql: "SELECT last_at FROM event_bounds") ?? Int64.min
            let useCurrentStatus = latest < end.storedSeconds
            let covered = useCurrentStatus
                ? "s.status IN ('displayed', 'verified')"
                : """
                  (SELECT e.status FROM qr_status_event e WHERE e.merchant_id = s.merchant_id AND e.at < ?
                   ORDER BY e.at DESC, e.id DESC LIMIT 1) IN ('displayed', 'verified')
                  """
            var arguments: StatementArguments = useCurrentStatus ? [] : [end.storedSeconds]
            arguments += scopeArguments
            arguments += [day.description, day.description]
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT \(groupColumn), \(nameColumn), COUNT(*), TOTAL(\(covered))
                FROM \(source)
                WHERE \(scopeSQL)
                  AND (s.opened_on IS NULL OR s.opened_on <= ?) AND (s.closed_on IS NULL OR s.closed_on > ?)
                GROUP BY \(groupColumn)
                """, arguments: arguments)
            var rows: [CoverageCountRow] = []
            while let row = try cursor.next() {
                rows.append(CoverageCountRow(code: row[0], name: row[1], total: row[2], covered: Int(row[3] as Double)))
            }
            return rows
        }.withUnits(groupBy, scope: scope, communes: communes)
    }

    /// The day of the first status event in scope (for trends), nil when none.
    public func firstEventDay(scope: CoverageScope) throws -> CalendarDay? {
        let (scopeSQL, arguments) = try scopeCondition(scope, column: "s.commune_code")
        return try writer.read { db in
            let seconds: Int64?
            if case .country = scope {
                seconds = try Int64.fetchOne(db, sql: "SELECT first_at FROM event_bounds")
            } else {
                seconds = try Int64.fetchOne(db, sql: """
                    SELECT MIN(e.at) FROM qr_status_event e JOIN merchant_state s ON s.merchant_id = e.merchant_id WHERE \(scopeSQL)
                    """, arguments: arguments)
            }
            return seconds.map { CalendarDay(containing: Date(storedSeconds: $0)) }
        }
    }
}

extension Array where Element == CoverageCountRow {
    /// Turns per-commune rows into the requested units: communes named and the empty ones added,
    /// or provinces summed; hamlet and business-type rows are kept as counted, sorted by code.
    func withUnits(_ grouping: CoverageGrouping, scope: CoverageScope, communes: CommuneDirectory) -> [CoverageCountRow] {
        let inScope: [Commune]
        switch scope {
        case .country: inScope = communes.communes
        case .province(let code):
            let province = communes.province(code: code)?.code
            inScope = communes.communes.filter { $0.provinceCode == province }
        case .commune(let code): inScope = communes.commune(code: code).map { [$0] } ?? []
        }
        let counted = Dictionary(map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        switch grouping {
        case .commune:
            return inScope.map { commune in
                let row = counted[commune.code]
                return CoverageCountRow(code: commune.code, name: commune.name, total: row?.total ?? 0, covered: row?.covered ?? 0)
            }
        case .province:
            var sums: [String: (total: Int, covered: Int)] = [:]
            for commune in inScope {
                let row = counted[commune.code]
                sums[commune.provinceCode, default: (0, 0)].total += row?.total ?? 0
                sums[commune.provinceCode, default: (0, 0)].covered += row?.covered ?? 0
            }
            return communes.provinces.compactMap { province in
                sums[province.code].map { CoverageCountRow(code: province.code, name: province.name, total: $0.total, covered: $0.covered) }
            }
        case .hamlet, .businessType:
            return sorted { $0.code < $1.code }
        }
    }
}
