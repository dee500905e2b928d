import Domain
import Foundation
import GRDB
import Store
import Testing

@testable import SQLiteStore

/// SQLite's errors reach the store's callers as ``RegistryFault``s that name the registry and
/// keep SQLite's message as their detail, whenever they happen: at open or in the middle of a command.
@Suite struct RegistryFaultTests {
    typealias Folder = RegistryFileTests.Folder

    @Test func aWriteThatWaitsLongerThanTheBusyTimeoutIsBusyWhileReadsGoOn() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let registry = try SQLiteRegistry(path: folder.path, provinces: ["33"], busyTimeout: 0.2)
        let id = try registry.add("11953", "A")
        let other = try DatabaseQueue(path: folder.path)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let fault = #expect(throws: RegistryFault.self) {
                try registry.mark([id], StatusChange(.displayed, at: Days.at("2025-10-05")))
            }
            #expect(fault?.kind == .busy)
            #expect(fault?.path == folder.path)
            #expect(fault?.detail.hasPrefix("SQLite error 5: database is locked") == true)
            #expect(try registry.merchant(id: id)?.status == QRStatus.none)
            // Communes it has already are not written again: no wait, no fault.
            #expect(try registry.addCommunes(provinces: ["33"]) == 0)
        }
        try other.close()
    }

    @Test func aPageDamagedAfterOpeningIsFoundWhenACommandReadsIt() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let merchantRoot: Int
        do {
            let registry = try SQLiteRegistry(path: folder.path, provinces: ["33"])
            _ = try registry.add("11953", "A")
            try registry.checkpoint()  // every page in the main file, none in the WAL file
            merchantRoot = try registry.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'merchant'") ?? 0
            }
        }
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("r.sqlite"))
        try handle.seek(toOffset: UInt64((merchantRoot - 1) * 4096))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        let registry = try SQLiteRegistry(path: folder.path)
        #expect(registry.communes.communes.count == 104)
        let fault = #expect(throws: RegistryFault.self) {
            try registry.merchants(matching: MerchantFilter(openOn: nil))
        }
        #expect(fault?.kind == .damaged)
        #expect(fault?.detail.hasPrefix("SQLite error 11") == true)
    }

    @Test func aTruncatedRegistryIsDamagedAndLeftAsItWas() throws {
        let folder = try Folder()
        defer { folder.remove() }
        do {
            let registry = try SQLiteRegistry(path: folder.path, provinces: ["33"])
            try registry.checkpoint()
        }
        // Closed: the last connection removed the WAL and shared-memory files.
        for suffix in ["-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: folder.path + suffix)) }
        let bytes = try #require(folder.bytes())
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: folder.path))
        for opening in [
            { try SQLiteRegistry(path: folder.path) }, { try SQLiteRegistry(path: folder.path, provinces: nil) },
        ] {
            let fault = #expect(throws: RegistryFault.self) { _ = try opening() }
            #expect(fault?.kind == .damaged)
        }
        #expect(folder.bytes() == bytes.prefix(bytes.count / 2))
        #expect(try folder.files() == ["r.sqlite"])
    }

    @Test func aFullDiskIsDiskFullAndSavesNothing() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let registry = try SQLiteRegistry(path: folder.path, provinces: ["33"])
        // The database may not grow (as on a full disk): the writer connection's page limit.
        try registry.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1") }
        let merchants = (0..<2000).map { index in
            BulkMerchant(
                merchant: ValidMerchant(communeCode: "11953", name: "Cửa hàng \(index)"), events: [])
        }
        let fault = #expect(throws: RegistryFault.self) { try registry.bulkInsert(merchants) }
        #expect(fault?.kind == .diskFull)
        #expect(try registry.merchants(matching: MerchantFilter(openOn: nil)).isEmpty)
    }

    @Test func otherErrorsAreIOFailuresOrUnexpectedWithSQLitesMessageAsTheDetail() {
        let read = RegistryFaults.fault(
            DatabaseError(resultCode: .SQLITE_IOERR_SHORT_READ, message: "disk I/O error"), path: "r.sqlite")
        #expect(read.kind == .ioFailure)
        #expect(read.detail == "SQLite error 10: disk I/O error (extended code 522)")
        #expect(read.description.hasPrefix("the registry r.sqlite could not be read or written"))
        let other = RegistryFaults.fault(
            DatabaseError(resultCode: .SQLITE_INTERNAL, message: "unexpected stored day", sql: "SELECT 1"),
            path: "r.sqlite")
        #expect(other.kind == .unexpected)
        #expect(other.detail == "SQLite error 2: unexpected stored day - while executing `SELECT 1`")
        #expect(!other.description.contains("SELECT"))
    }
}
