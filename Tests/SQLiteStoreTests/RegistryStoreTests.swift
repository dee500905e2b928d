import Coverage
import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import SQLiteStore

@Suite struct RegistryStoreTests {
    @Test func addStoresNormalizedFields() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.addMerchant(
            MerchantDraft(
                commune: "phố hiến", name: "  Tạp hóa   Minh Anh ", hamlet: "TDP 3", phone: "+84 912 345 678",
                taxCode: "0101234567-001", businessType: "tạp hóa", openedOn: "05/01/2024", bank: "VCB",
                accountNumber: "0011 0045 6789", accountName: "NGUYEN VAN A"))
        let stored = try #require(try registry.merchant(id: id))
        #expect(stored.merchant.communeCode == "11953")
        #expect(stored.merchant.name == "Tạp hóa Minh Anh")
        #expect(stored.merchant.phone == "0912345678")
        #expect(stored.merchant.taxCode == "0101234567001")
        #expect(stored.merchant.openedOn == Days.day("2024-01-05"))
        #expect(stored.merchant.bankBIN == "970436")
        #expect(stored.merchant.accountNumber == "001100456789")
        #expect(stored.status == .none && stored.statusAt == nil)
    }

    @Test func duplicatesAreRefusedWithTheExistingId() throws {
        let registry = try SQLiteRegistry.hungYen()
        let first = try registry.add(
            "11953", "A", phone: "0912345678", taxCode: "0101234567", bank: "970436", account: "123456")
        let cases: [(MerchantDraft, String)] = [
            (MerchantDraft(commune: "11953", name: "B", phone: "+84912345678"), "phone"),
            (MerchantDraft(commune: "11977", name: "C", taxCode: "0101234567"), "tax code"),
            (MerchantDraft(commune: "11977", name: "D", bank: "VCB", accountNumber: "123456"), "bank account"),
        ]
        for (draft, reason) in cases {
            #expect {
                try registry.addMerchant(draft)
            } throws: { error in
                guard case .duplicate(let existing, let message) = error as? RegistryError else { return false }
                return existing == first && message.contains(reason)
            }
        }
        // The same phone in another commune is another shop; --force adds a real duplicate.
        _ = try registry.add("11977", "E", phone: "0912345678")
        let forced = try registry.add("11953", "F", phone: "0912345678", force: true)
        #expect(forced > first)
    }

    @Test func editKeepsIdAndChecksDuplicatesAgainstOthers() throws {
        let registry = try SQLiteRegistry.hungYen()
        let a = try registry.add("11953", "A", phone: "0912345678")
        let b = try registry.add("11953", "B", phone: "0987654321")
        var draft = MerchantDraft(try #require(try registry.merchant(id: b)).merchant)
        draft.name = "B2"
        try registry.updateMerchant(id: b, with: draft)  // its own phone is not a duplicate
        #expect(try registry.merchant(id: b)?.merchant.name == "B2")
        draft.phone = "0912345678"
        #expect(throws: RegistryError.duplicate(existingId: a, reason: "same phone 0912345678 in commune 11953")) {
            try registry.updateMerchant(id: b, with: draft)
        }
    }

    @Test func closingTwiceOrBeforeOpeningIsRefused() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "A", opened: "2025-10-10")
        #expect(throws: RegistryError.closesBeforeOpening(id: id, opened: Days.day("2025-10-10"))) {
            try registry.closeMerchant(id: id, on: Days.day("2025-10-09"))
        }
        try registry.closeMerchant(id: id, on: Days.day("2025-11-01"))
        #expect(throws: RegistryError.alreadyClosed(id: id, on: Days.day("2025-11-01"))) {
            try registry.closeMerchant(id: id, on: Days.day("2025-11-02"))
        }
    }

    @Test func markIsAllOrNothingAndHistoryIsAppendOnly() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "A")
        #expect(throws: RegistryError.unknownMerchants([999])) {
            try registry.mark([id, 999], StatusChange(.displayed, at: Days.at("2025-10-02")))
        }
        #expect(try registry.statusHistory(merchantId: id).isEmpty)
        try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-10-05"), actor: "Lan"))
        try registry.mark([id], StatusChange(.registered, at: Days.at("2025-10-01")))  // back-dated: history only
        let history = try registry.statusHistory(merchantId: id)
        #expect(history.map(\.status) == [.registered, .displayed])
        #expect(try registry.merchant(id: id)?.status == .displayed)
        #expect(throws: DatabaseError.self) {
            try registry.writer.write { try $0.execute(sql: "UPDATE qr_status_event SET status = 'none'") }
        }
        #expect(throws: DatabaseError.self) {
            try registry.writer.write { try $0.execute(sql: "DELETE FROM qr_status_event") }
        }
    }

    @Test func sameInstantEventsResolveToTheLastRecorded() throws {
        let registry = try SQLiteRegistry.hungYen()
        let id = try registry.add("11953", "A")
        let at = Days.at("2025-10-05 09:00")
        try registry.mark([id], StatusChange(.displayed, at: at))
        try registry.mark([id], StatusChange(.none, at: at))
        #expect(try registry.merchant(id: id)?.status == QRStatus.none)
        #expect(try registry.counts(commune: "11953", asOf: "2025-10-05").covered == 0)
        #expect(try registry.counts(commune: "11953", asOf: nil).covered == 0)
    }

    static let migrations = [
        "v1: communes, merchants, status events", "bank sync: import ledger",
        "event time bounds instead of an index on event time",
        "merchant state: coverage columns and current status in a narrow table",
    ]

    @Test func theEventBoundsMigrationTakesTheBoundsOfTheExistingHistory() throws {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: "bank sync: import ledger")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO province VALUES ('33', 'Hưng Yên');
                    INSERT INTO commune VALUES ('11953', '33', 'Phố Hiến', 'phường');
                    INSERT INTO merchant(id, commune_code, name, created_at, updated_at) VALUES (1, '11953', 'A', 0, 0), (2, '11953', 'B', 0, 0);
                    INSERT INTO qr_status_event(merchant_id, status, at, source) VALUES (1, 'registered', 300, 't'), (2, 'displayed', 100, 't'), (1, 'displayed', 200, 't');
                    """)
        }
        try Schema.migrator.migrate(queue)
        try queue.write { db in
            #expect(
                try Row.fetchOne(db, sql: "SELECT first_at, last_at FROM event_bounds") == [
                    "first_at": 100, "last_at": 300,
                ])
            #expect(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE name = 'qr_status_event_at'") == 0)
            try db.execute(
                sql:
                    "INSERT INTO qr_status_event(merchant_id, status, at, source) VALUES (2, 'verified', 50, 't'), (2, 'verified', 400, 't')"
            )
            #expect(
                try Row.fetchOne(db, sql: "SELECT first_at, last_at FROM event_bounds") == [
                    "first_at": 50, "last_at": 400,
                ])
        }
        // A history that was empty has no bounds until its first event.
        let empty = try DatabaseQueue()
        try Schema.migrator.migrate(empty)
        #expect(try empty.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM event_bounds") } == 0)
    }

    @Test func migrationsRunOnceAndDataSurvivesReopening() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.sqlite").path
        let id: Int64
        do {
            let registry = try SQLiteRegistry(path: path, provinces: ["33"])
            #expect(try registry.appliedMigrations() == Self.migrations)
            id = try registry.add("11953", "A")
        }
        let reopened = try SQLiteRegistry(path: path)
        #expect(try reopened.appliedMigrations() == Self.migrations)
        #expect(reopened.communes.communes.count == 104)
        #expect(try reopened.merchant(id: id)?.merchant.name == "A")
        let mode = try reopened.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try reopened.addCommunes(provinces: ["01"]) > 0)
        #expect(try SQLiteRegistry(path: path).communes.provinces.map(\.code) == ["01", "33"])
    }

    @Test func everyWriteLeavesTheDatabaseFileWholeAndTheWALEmpty() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.sqlite").path
        func walBytes() throws -> Int { try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as! Int }
        func exists(_ suffix: String) -> Bool { FileManager.default.fileExists(atPath: path + suffix) }
        do {
            let registry = try SQLiteRegistry(path: path, provinces: ["33"])
            #expect(try walBytes() == 0)
            // A bulk write, a small write, a write of many pages: each ends with the WAL copied
            // into the database file and truncated, while the registry is still open.
            let ids = try registry.bulkInsert(
                (1...5_000).map { n in
                    BulkMerchant(merchant: ValidMerchant(communeCode: "11953", name: "Cửa hàng \(n)"), events: [])
                })
            #expect(try walBytes() == 0)
            let id = try registry.add("11977", "A")
            try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-11-01 08:00")))
            #expect(try walBytes() == 0)
            try registry.mark(ids, StatusChange(.registered, at: Days.at("2025-11-02 08:00")))
            #expect(try walBytes() == 0)
            // The database file alone is the whole registry.
            let copy = folder.appendingPathComponent("copy.sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let copied = try SQLiteRegistry(path: copy)
            #expect(try copied.counts(commune: "11977", asOf: nil) == (1, 1))
            #expect(
                try copied.merchants(matching: MerchantFilter(scope: .commune("11953"), openOn: nil)).count == 5_000)
        }
        // The last connection to close removes the WAL and shared-memory files.
        #expect(!exists("-wal") && !exists("-shm"))
    }

    @Test func readingChangesNoByteWithOrWithoutAnEmptyWALFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.sqlite").path
        do {
            let registry = try SQLiteRegistry(path: path, provinces: ["33"])
            try registry.mark([try registry.add("11953", "A")], StatusChange(.displayed, at: Days.at("2025-11-01")))
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // No WAL file, then an empty one (as a process that did not close its connection leaves
        // it): opening and reading writes nothing to the database (GRDB's DatabasePool would).
        for emptyWAL in [false, true] {
            if emptyWAL { #expect(FileManager.default.createFile(atPath: path + "-wal", contents: Data())) }
            do {
                let registry = try SQLiteRegistry(path: path)
                #expect(try registry.counts(commune: "11953", asOf: nil) == (1, 1))
                #expect(try registry.statusHistory(merchantId: 1).count == 1)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test func listingFiltersByStatusHamletAndClosure() throws {
        let registry = try SQLiteRegistry.hungYen()
        let a = try registry.add("11953", "A", hamlet: "TDP 3")
        let b = try registry.add("11953", "B", hamlet: "Tổ dân phố 3")
        let c = try registry.add("11953", "C", hamlet: "Thôn Đông")
        let d = try registry.add("11977", "D")
        try registry.mark([a, c, d], StatusChange(.displayed, at: Days.at("2025-10-02")))
        try registry.closeMerchant(id: c, on: Days.day("2025-11-01"))
        let today = CalendarDay.today()
        func ids(_ filter: MerchantFilter) throws -> [Int64] {
            try registry.merchants(matching: filter).map(\.merchant.id)
        }
        #expect(try ids(MerchantFilter(scope: .commune("11953"), openOn: today)) == [a, b])
        #expect(try ids(MerchantFilter(scope: .commune("11953"), statuses: [.displayed], openOn: today)) == [a])
        #expect(try ids(MerchantFilter(scope: .commune("11953"), hamlet: "tdp 3", openOn: today)) == [a, b])
        #expect(try ids(MerchantFilter(scope: .province("33"), openOn: nil)).count == 4)
        // Open on a day before the closing: the closed merchant is listed then.
        #expect(try ids(MerchantFilter(scope: .commune("11953"), openOn: Days.day("2025-10-31"))).count == 3)
    }
}
