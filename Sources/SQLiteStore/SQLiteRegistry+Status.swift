import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// Appends a status change to each merchant's history, all in one transaction: either every
    /// merchant gets its event or (an unknown id) none does. Returns the number of events added.
    @discardableResult
    public func mark(_ ids: [Int64], _ change: StatusChange) throws -> Int {
        try write { db in
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM merchant WHERE id = ?")
            var missing: [Int64] = []
            for id in ids where try Bool.fetchOne(exists, arguments: [id]) != true { missing.append(id) }
            guard missing.isEmpty else { throw RegistryError.unknownMerchants(missing) }
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
