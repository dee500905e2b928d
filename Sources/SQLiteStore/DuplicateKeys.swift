import Concurrency
import Coverage
import DelimitedText
import Domain
import Foundation
import GRDB
import HashIndex
import Store
import VietQR

/// The duplicate-detection keys of every merchant, hashed, with the id that has each: an import
/// checks each row in memory and reads at most one candidate row back to confirm a match.
struct DuplicateKeys {
    /// One id per key: the first merchant that has it.
    private var ids: KeyMultimap<Int64>

    /// The hashed keys of one merchant (nil where it lacks the fields), computed once per row.
    struct Hashes: Sendable {
        var phone: UInt64?
        var taxCode: UInt64?
        var account: UInt64?
    }

    /// An empty set of keys.
    init() {
        ids = KeyMultimap(expected: 0)
    }

    init(_ db: Database, expectedRows: Int = 0) throws {
        let existing = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM merchant") ?? 0
        // One and a half keys a row up front (1 to 3 with phones, tax codes and accounts): the
        // table grows at most once, without a larger-than-needed table in memory.
        ids = KeyMultimap(expected: (existing + expectedRows) * 3 / 2)
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT id, commune_code, phone, tax_code, bank_bin, account_number FROM merchant")
        while let row = try cursor.next() {
            insert(
                Self.hashes(communeCode: row[1], phone: row[2], taxCode: row[3], bin: row[4], account: row[5]),
                id: row[0])
        }
    }

    private static func hashes(communeCode: String, phone: String?, taxCode: String?, bin: String?, account: String?)
        -> Hashes
    {
        var hashes = Hashes()
        if let phone { hashes.phone = key(1, communeCode, phone) }
        if let taxCode { hashes.taxCode = key(2, taxCode, "") }
        if let bin, let account { hashes.account = key(3, bin, account) }
        return hashes
    }

    /// The hashed keys of row `row` of encoded rows.
    static func hashes(_ rows: EncodedMerchantRows, row: Int) -> Hashes {
        var hashes = Hashes()
        rows.withValue(row: row, .communeCode) { commune in
            rows.withValue(row: row, .phone) { phone in
                if let commune, let phone { hashes.phone = key(1, commune, phone) }
            }
        }
        rows.withValue(row: row, .taxCode) { taxCode in
            if let taxCode { hashes.taxCode = key(2, taxCode, UnsafeBufferPointer(start: nil, count: 0)) }
        }
        rows.withValue(row: row, .bankBIN) { bin in
            rows.withValue(row: row, .accountNumber) { account in
                if let bin, let account { hashes.account = key(3, bin, account) }
            }
        }
        return hashes
    }

    private static func key(_ kind: UInt64, _ first: String, _ second: String) -> UInt64 {
        var first = first
        var second = second
        return first.withUTF8 { first in second.withUTF8 { second in key(kind, first, second) } }
    }

    /// FNV-1a over the UTF-8 bytes (0xFF, which UTF-8 never uses, between the two parts): much
    /// cheaper than hashing Strings, and a collision only costs a confirming read.
    private static func key(_ kind: UInt64, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>)
        -> UInt64
    {
        var hash = fnv1a(first, seed: 0xcbf2_9ce4_8422_2325 ^ kind)
        hash = (hash ^ 0xFF) &* 0x100_0000_01b3
        return fnv1a(second, seed: hash)
    }

    /// 64-bit FNV-1a of bytes.
    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Records a merchant's keys (a key already held keeps its first merchant).
    mutating func insert(_ hashes: Hashes, id: Int64) {
        if let key = hashes.phone { _ = ids.insertIfAbsent(key, id) }
        if let key = hashes.taxCode { _ = ids.insertIfAbsent(key, id) }
        if let key = hashes.account { _ = ids.insertIfAbsent(key, id) }
    }

    /// The merchants that have one of these hashed keys (empty for most rows: no duplicate).
    func candidates(_ hashes: Hashes) -> [Int64] {
        var candidates: [Int64] = []
        if let key = hashes.phone, let id = ids.first(key) { candidates.append(id) }
        if let key = hashes.taxCode, let id = ids.first(key) { candidates.append(id) }
        if let key = hashes.account, let id = ids.first(key) { candidates.append(id) }
        return candidates
    }

    /// The merchant this one duplicates and why, nil when none, reading the ``candidates(_:)``
    /// back from the database to confirm.
    func duplicate(of m: ValidMerchant, among candidates: [Int64], in db: Database) throws -> (Int64, String)? {
        for id in candidates {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT commune_code, phone, tax_code, bank_bin, account_number FROM merchant WHERE id = ?"
                    ),
                    arguments: [id])
            else { continue }
            let (commune, phone, taxCode, bin, account): (String, String?, String?, String?, String?) = (
                row[0], row[1], row[2], row[3], row[4]
            )
            if let p = m.phone, p == phone, m.communeCode == commune {
                return (id, "same phone \(p) in commune \(commune)")
            }
            if let t = m.taxCode, t == taxCode { return (id, "same tax code \(t)") }
            if let b = m.bankBIN, let a = m.accountNumber, b == bin, a == account {
                return (id, "same bank account \(b) \(a)")
            }
        }
        // A hash matched another key (vanishingly rare): ask the database.
        return try SQLiteRegistry.duplicateId(db, m, excluding: nil)
    }
}

/// The file line of each merchant an import has inserted, for messages about duplicates within
/// the file: ids given by SQLite only grow, so they are kept in two parallel arrays searched by
/// bisection (12 bytes a row); the rare explicit ids from an `id` column go in a dictionary.
struct ImportedLines {
    private var ids: [Int64] = []
    private var lines: [Int32] = []
    private var explicit: [Int64: Int] = [:]

    init(expectedRows: Int) {
        ids.reserveCapacity(expectedRows)
        lines.reserveCapacity(expectedRows)
    }

    mutating func record(id: Int64, line: Int) {
        if let last = ids.last, id <= last {
            explicit[id] = line
        } else {
            ids.append(id)
            lines.append(Int32(clamping: line))
        }
    }

    func line(of id: Int64) -> Int? {
        if let line = explicit[id] { return line }
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < ids.count && ids[low] == id ? Int(lines[low]) : nil
    }
}
