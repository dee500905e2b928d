import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import SQLiteStore

/// `merchant_state` (commune, opening and closing days, current status) is kept equal to the
/// merchants and their histories: by the migration that created it, by its triggers, and by the
/// bulk load that writes it itself.
@Suite struct MerchantStateTests {
    /// The state rows, in merchant order: `id|commune|opened|closed|status|status_at`.
    static func states(_ db: Database) throws -> [String] {
        try Row.fetchAll(
            db,
            sql:
                "SELECT merchant_id, commune_code, opened_on, closed_on, status, status_at FROM merchant_state ORDER BY merchant_id"
        )
        .map { row in row.databaseValues.map(\.description).joined(separator: "|") }
    }

    @Test func theMigrationMovesStatusesAndKeepsEverythingElse() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "event time bounds instead of an index on event time")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO province VALUES ('33', 'Hưng Yên');
                    INSERT INTO commune VALUES ('11953', '33', 'Phố Hiến', 'phường'), ('11977', '33', 'Sơn Nam', 'phường');
                    INSERT INTO merchant(id, commune_code, name, phone, opened_on, closed_on, bank_bin, account_number, created_at, updated_at)
                    VALUES (1, '11953', 'A', '0912345678', '2025-01-02', NULL, '970436', '0011001', 5, 6),
                           (2, '11977', 'B', NULL, NULL, '2025-12-01', NULL, NULL, 7, 8),
                           (7, '11953', 'C', NULL, NULL, NULL, NULL, NULL, 9, 9);
                    INSERT INTO qr_status_event(merchant_id, status, at, source, note)
                    VALUES (1, 'registered', 300, 't', 'x'), (2, 'displayed', 100, 't', NULL), (1, 'displayed', 200, 't', NULL),
                           (2, 'verified', 100, 'u', NULL);
                    """)
        }
        let merchantsSQL = """
            SELECT id, commune_code, hamlet, hamlet_key, address, name, owner_name, phone, tax_code, business_type, opened_on,
                   closed_on, bank_bin, account_number, account_name, created_at, updated_at
            FROM merchant ORDER BY id
            """
        let before = try queue.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT * FROM qr_status_event ORDER BY id"),
                try Row.fetchAll(db, sql: merchantsSQL)
            )
        }
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            #expect(
                try Self.states(db) == [
                    "1|\"11953\"|\"2025-01-02\"|NULL|\"registered\"|300",
                    "2|\"11977\"|NULL|\"2025-12-01\"|\"verified\"|100",
                    "7|\"11953\"|NULL|NULL|\"none\"|NULL",
                ])
            #expect(try Row.fetchAll(db, sql: "SELECT * FROM qr_status_event ORDER BY id") == before.0)
            #expect(try Row.fetchAll(db, sql: merchantsSQL) == before.1)
            #expect(
                try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info('merchant') WHERE name LIKE 'status%'")
                    .isEmpty)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            #expect(
                indexes == [
                    "commune_province", "merchant_account", "merchant_phone", "merchant_tax_code",
                    "qr_status_event_merchant",
                ])
            // The history is still append-only, checked, and keeps its bounds and the current status.
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE qr_status_event SET status = 'none'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM qr_status_event") }
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: "INSERT INTO qr_status_event(merchant_id, status, at, source) VALUES (7, 'shown', 50, 't')")
            }
            try db.execute(
                sql:
                    "INSERT INTO qr_status_event(merchant_id, status, at, source) VALUES (7, 'displayed', 50, 't'), (1, 'none', 250, 't')"
            )
            #expect(
                try Row.fetchOne(db, sql: "SELECT first_at, last_at FROM event_bounds") == [
                    "first_at": 50, "last_at": 300,
                ])
            #expect(
                try String.fetchAll(db, sql: "SELECT status FROM merchant_state ORDER BY merchant_id") == [
                    "registered", "verified", "displayed",
                ])
        }
    }

    @Test func triggersFollowEveryChangeOfAMerchant() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "Tạp hoá Minh", opened: "2025-03-01")
        try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-10-05 09:00")))
        try registry.updateMerchant(
            id: id, with: MerchantDraft(commune: "11977", name: "Tạp hoá Minh", openedOn: "2025-04-01"))
        try registry.closeMerchant(id: id, on: Days.day("2025-12-01"))
        let stored = try registry.writer.read { try Self.states($0) }
        #expect(
            stored == [
                "\(id)|\"11977\"|\"2025-04-01\"|\"2025-12-01\"|\"displayed\"|\(Days.at("2025-10-05 09:00").storedSeconds)"
            ])
        let removed = try registry.add("11953", "Xóa")
        try registry.writer.write { try $0.execute(sql: "DELETE FROM merchant WHERE id = ?", arguments: [removed]) }
        #expect(try registry.writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM merchant_state") } == 1)
    }

    /// A first load (in-memory state rows, sorted, triggers set aside) and merchants added and
    /// marked one by one (the triggers) give the same state, ties of time going to the event
    /// recorded last.
    @Test func aBulkLoadWritesTheStateTheTriggersWould() throws {
        let statuses = QRStatus.allCases
        let items = (0..<600).map { n in
            BulkMerchant(
                merchant: ValidMerchant(
                    communeCode: ["11977", "11953", "11980"][n % 3], name: "Shop \(n)",
                    openedOn: n % 4 == 0 ? CalendarDay("2025-0\(n % 9 + 1)-1\(n % 10)") : nil,
                    closedOn: n % 7 == 0 ? CalendarDay("2025-12-0\(n % 9 + 1)") : nil),
                events: (0..<(n % 5)).map { k in
                    StatusChange(statuses[(n + k) % 4], at: Days.at("2025-10-0\((n * 7 + k * 3) % 3 + 1) 09:00"))
                })
        }
        let bulk = try SQLiteRegistry.hungYen()
        try bulk.bulkInsert(items)
        let oneByOne = try SQLiteRegistry.hungYen()
        for item in items {
            let id = try oneByOne.writer.write { db in
                var inserter = try MerchantInserter(db)
                let id = try inserter.insert(item.merchant, id: nil, now: Date(timeIntervalSince1970: 0))
                try inserter.flush()
                return id
            }
            for change in item.events { try oneByOne.mark([id], change) }
        }
        let expected = try oneByOne.writer.read { try Self.states($0) }
        #expect(
            expected.count == 600 && expected.contains { $0.hasSuffix("\"none\"|NULL") }
                && expected.contains { $0.contains("\"verified\"") })
        #expect(try bulk.writer.read { try Self.states($0) } == expected)
        // The triggers set aside during the load are back.
        let triggers = try bulk.writer.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        }
        #expect(
            triggers == [
                "merchant_state_delete", "merchant_state_insert", "merchant_state_update", "qr_status_event_bounds",
                "qr_status_event_current", "qr_status_event_no_delete", "qr_status_event_no_update",
            ])
    }

    /// A bank import's one-pass status update (``ImportStatusUpdate``) sets what the status trigger
    /// would, event by event: with ids dense (a look-up table) and sparse (a binary search), over
    /// merchants with and without a current status, events older, as old as and newer than it.
    @Test(arguments: [1, 1_000_003]) func theImportStatusUpdateSetsWhatTheTriggerWould(idStep: Int64) throws {
        let ids = (1...300).map { Int64($0) * idStep }
        let history = ids.enumerated().compactMap { n, id in
            n % 7 == 0 ? nil : (id, StatusChange(QRStatus.allCases[n % 4], at: Days.at("2025-10-1\(n % 3) 09:00")))
        }
        var planned: [(Int64, QRStatus, Int64)] = []
        for (n, id) in ids.enumerated() where n % 5 != 0 {
            for k in 0..<(n % 3 + 1) {
                planned.append(
                    (
                        id, QRStatus.allCases[(n + k + 1) % 4],
                        Days.at("2025-10-1\((n + k) % 3) 09:00").storedSeconds + Int64(k)
                    ))
            }
        }
        planned.sort { ($0.0, $0.2) < ($1.0, $1.2) }
        func registry() throws -> SQLiteRegistry {
            let registry = try SQLiteRegistry.hungYen()
            try registry.writer.write { db in
                var inserter = try MerchantInserter(db)
                // Two communes: the state table's order (commune, id) is not the ids' order.
                for (n, id) in ids.enumerated() {
                    _ = try inserter.insert(
                        ValidMerchant(communeCode: n % 2 == 0 ? "11953" : "11977", name: "Shop \(id)"), id: id,
                        now: Date())
                }
                try inserter.flush()
            }
            for (id, change) in history { try registry.mark([id], change) }
            return registry
        }
        let byTrigger = try registry()
        for (id, status, at) in planned { try byTrigger.mark([id], StatusChange(status, at: Date(storedSeconds: at))) }
        let byUpdate = try registry()
        try byUpdate.writer.write { db in try ImportStatusUpdate(sortedByMerchant: planned).apply(db) }
        let expected = try byTrigger.writer.read { try Self.states($0) }
        #expect(Set(expected.map { $0.split(separator: "|")[4] }).count == 4)
        #expect(try byUpdate.writer.read { try Self.states($0) } == expected)
        // Given the table's order (events gathered in it), with rows missing from it (merchants
        // created after it was read), and given an order that is not the table's at all.
        let tableOrder = try byUpdate.writer.read {
            try Int64.fetchAll($0, sql: "SELECT merchant_id FROM merchant_state")
        }
        #expect(tableOrder != tableOrder.sorted())
        for order in [tableOrder.enumerated().filter { $0.offset % 10 != 3 }.map(\.element), tableOrder.reversed()] {
            let byOrderedUpdate = try registry()
            try byOrderedUpdate.writer.write { db in
                try ImportStatusUpdate(sortedByMerchant: planned, tableOrder: order).apply(db)
            }
            #expect(try byOrderedUpdate.writer.read { try Self.states($0) } == expected)
        }
    }

    /// The state rows as the schema's rules define them, recomputed from `merchant` and the
    /// whole history: the latest event by time, then id.
    static func derivedStates(_ db: Database) throws -> [String] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.commune_code, m.opened_on, m.closed_on,
                       COALESCE((SELECT status FROM qr_status_event e WHERE e.merchant_id = m.id ORDER BY at DESC, id DESC LIMIT 1), 'none'),
                       (SELECT at FROM qr_status_event e WHERE e.merchant_id = m.id ORDER BY at DESC, id DESC LIMIT 1)
                FROM merchant m ORDER BY m.id
                """
        ).map { row in row.databaseValues.map(\.description).joined(separator: "|") }
    }

    /// A first import with explicit ids (in and out of order, one close to the largest possible,
    /// after which the next ids follow it) and initial statuses: the state written at the end is
    /// the one the rules give.
    @Test func aFirstImportWithIdsAndStatusesWritesTheStateTheRulesGive() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.csv").path
        var csv = "id,commune_code,name,opened_on,closed_on,status,status_at\n"
        for n in 0..<200 {
            let id = n == 150 ? "9007199254740000" : (n % 7 == 0 ? "" : "\(1_000 - n * 3)")
            let status = n % 3 == 0 ? "" : ["registered", "displayed", "verified", "none"][n % 4]
            csv += "\(id),\(["11953", "11977"][n % 2]),Shop \(n),\(n % 5 == 0 ? "2025-02-0\(n % 9 + 1)" : ""),"
            csv += "\(n % 11 == 0 ? "2025-12-01" : ""),\(status),\(status.isEmpty ? "" : "2025-10-0\(n % 9 + 1)")\n"
        }
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let registry = try SQLiteRegistry.hungYen()
        let summary = try registry.importMerchants(from: path)
        #expect(summary.imported == 200)
        try registry.writer.read { db in
            let states = try Self.states(db)
            #expect(states.count == 200 && states.contains { $0.hasPrefix("9007199254740000|") })
            #expect(states.contains { $0.hasPrefix("9007199254740001|") })  // row 154, the next without an id
            #expect(
                states.contains { $0.contains("\"displayed\"") } && states.contains { $0.hasSuffix("\"none\"|NULL") })
            #expect(states == (try Self.derivedStates(db)))
        }
        // The triggers are back: a merchant added and marked afterwards keeps its state.
        let id = try registry.add("11980", "Later")
        try registry.mark([id], StatusChange(.verified, at: Days.at("2025-11-01 08:00")))
        #expect(try registry.writer.read { try Self.states($0) == (try Self.derivedStates($0)) })
    }

    /// A bank import's status update touches only the merchants with new events, and leaves no
    /// SQL function behind.
    @Test func theStatusUpdateChangesOnlyTouchedRowsAndUnregistersItsFunctions() throws {
        let registry = try SQLiteRegistry.hungYen()
        let ids = try (0..<50).map { try registry.add("11953", "Shop \($0)") }
        let at = Days.at("2025-10-05 09:00").storedSeconds
        try registry.writer.write { db in
            let before = db.totalChangesCount
            try ImportStatusUpdate(sortedByMerchant: [
                (ids[3], .displayed, at), (ids[7], .registered, at), (ids[7], .verified, at + 5),
            ]).apply(db)
            #expect(db.totalChangesCount - before == 2)
            #expect(throws: DatabaseError.self) { try db.execute(sql: "SELECT qrcov_latest_newer(1, NULL)") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "SELECT qrcov_latest_status(1)") }
        }
        let statuses = try registry.writer.read {
            try String.fetchAll(
                $0, sql: "SELECT status FROM merchant_state WHERE status <> 'none' ORDER BY merchant_id")
        }
        #expect(statuses == ["displayed", "verified"])
    }
}
