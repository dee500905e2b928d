import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// Appends a status change to each merchant's history, all in one transaction: either every
    /// merchant gets its event or none does (an unknown id; unless `force`, an event day outside a
    /// merchant's open days, ``EventDayConflict``). Returns the number of events added.
    @discardableResult
    public func mark(_ ids: [Int64], _ change: StatusChange, force: Bool) throws -> Int {
        let day = CalendarDay(containing: change.at)
        return try write { db in
            let openDays = try db.cachedStatement(sql: "SELECT opened_on, closed_on FROM merchant WHERE id = ?")
            var missing: [Int64] = []
            var conflicts: [MerchantEventConflict] = []
            for id in ids {
                guard let row = try Row.fetchOne(openDays, arguments: [id]) else {
                    missing.append(id)
                    continue
                }
                let opened = (row[0] as String?).flatMap(CalendarDay.init(iso:))
                let closed = (row[1] as String?).flatMap(CalendarDay.init(iso:))
                if !force, let conflict = EventDayConflict(day: day, openedOn: opened, closedOn: closed) {
                    conflicts.append(MerchantEventConflict(merchantId: id, day: day, conflict: conflict))
                }
            }
            guard missing.isEmpty else { throw RegistryError.unknownMerchants(missing) }
            guard conflicts.isEmpty else { throw RegistryError.eventsOutsideOpenDays(conflicts) }
            for id in ids { try SQLiteRegistry.insertEvent(db, merchantId: id, change) }
            return ids.count
        }
    }

    static func insertEvent(_ db: Database, merchantId: Int64, _ change: StatusChange) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO qr_status_event(merchant_id, status, at, source, actor, note) VALUES (?, ?, ?, ?, ?, ?)")
        statement.setUncheckedArguments([
            merchantId, change.status.rawValue, change.at.storedSeconds, change.source, change.actor, change.note,
        ])
        try statement.execute()
    }
}
