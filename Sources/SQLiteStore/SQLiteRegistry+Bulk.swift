import Coverage
import Domain
import Foundation
import GRDB
import Store

extension SQLiteRegistry {
    /// Inserts merchants and their events in one transaction, through prepared statements, without
    /// validation or duplicate checks: for generators (demo, benchmarks) whose data is valid by
    /// construction. A commune code the registry lacks fails the whole insert (``RegistryError/unknownCommune(_:)``).
    /// Returns the new ids in input order. Roughly 100k merchants + 300k events take a few seconds.
    @discardableResult
    public func bulkInsert<S: Sequence>(_ merchants: S, now: Date = Date()) throws -> [Int64]
    where S.Element == BulkMerchant {
        try bulkWrite { db in
            var inserter = try MerchantInserter(db)
            try inserter.beginBulkLoad()
            var ids: [Int64] = []
            for item in merchants {
                guard communes.commune(code: item.merchant.communeCode) != nil else {
                    throw RegistryError.unknownCommune(item.merchant.communeCode)
                }
                ids.append(try inserter.insert(item.merchant, id: nil, now: now, events: item.events))
            }
            try inserter.finish()
            return ids
        }
    }
}

extension SQLiteRegistry {
    /// Creates indexes dropped for a bulk change, from their stored definitions, letting SQLite
    /// sort each index's entries on a second core with a 2 MB page cache: SQLite sorts in runs the
    /// size of the cache, and small runs are sorted on the second core while the table is read
    /// (large ones wait for the read to end). The cache stays at 2 MB for the rest of the caller's
    /// transaction, which sets it back when it ends.
    static func rebuildIndexes(_ db: Database, _ definitions: [String]) throws {
        guard !definitions.isEmpty else { return }
        try db.execute(sql: "PRAGMA threads = 2; PRAGMA cache_size = -2000")
        defer { try? db.execute(sql: "PRAGMA threads = 0") }
        for sql in definitions { try db.execute(sql: sql) }
    }
}

extension DatabaseWriter {
    /// A write transaction for loading many rows: a larger page cache, and foreign-key checks off
    /// for its duration (bulk rows name communes the caller has already resolved against the
    /// commune table, and a per-row check would cost a statement journal per insert); in WAL mode
    /// (``SQLiteRegistry/useWAL(_:)``); when it changed anything, the WAL is settled after the
    /// commit (``SQLiteRegistry/settleWAL(_:)``).
    func bulkWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try writeWithoutTransaction { db in
            try SQLiteRegistry.useWAL(db)
            try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -32768")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000") }
            var result: T?
            let changesBefore = db.totalChangesCount
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            if db.totalChangesCount != changesBefore { SQLiteRegistry.settleWAL(db) }
            return result!
        }
    }
}
