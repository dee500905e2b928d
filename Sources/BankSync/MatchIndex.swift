import Concurrency
import Domain
import Foundation
import HashIndex

/// The registry's merchants as matching needs them, in memory and compact: per merchant its
/// id, current status, tax code, bank account and whether it has an account name, in flat
/// arrays indexed by a *slot*; and its keys (tax code, phone, BIN + account) in ``KeyMultimap``s.
///
/// Phones and tax codes are stored as exact integer keys (digits and their count), so a hit is
/// a match; a BIN + account is hashed and each hit is confirmed against the account's bytes,
/// kept in one shared byte arena. About 110 bytes a merchant: a million fit in ~110 MB.
///
/// Slots `0..<existingCount` are the registry's merchants in id order; merchants an import
/// creates (`--create-missing`) are appended after them, so later rows of the same file match them.
public struct MatchIndex {
    private var ids: [Int64] = []
    private var statuses: [QRStatus] = []
    /// Seconds since 1970 of the current status, `Int64.min` when there is no event.
    private var statusTimes: [Int64] = []
    /// Day numbers of the opening and closing days, `Int32.min` / `Int32.max` when there is none.
    private var openedDays: [Int32] = []
    private var closedDays: [Int32] = []
    /// ``digitKey(_:)`` of the tax code, 0 for none.
    private var taxKeys: [UInt64] = []
    /// The BIN as a number, 0 for none.
    private var bins: [UInt32] = []
    /// End offset of each slot's account in ``accountBytes`` (its start is the previous slot's end).
    private var accountEnds: [UInt32] = []
    private var accountBytes: [UInt8] = []
    private var accountNames: [Bool] = []
    /// Accounts given during this import (the arena is append-only), and which slots have one
    /// (so that most look-ups skip the dictionary).
    private var addedAccounts: [Int32: (bin: String, account: String)] = [:]
    private var hasAddedAccount: [Bool] = []
    /// The file line each created merchant came from, by slot − ``existingCount``.
    private var createdLines: [Int] = []

    /// The key look-up tables.
    private var tables: KeyTables
    private(set) var existingCount = 0

    /// An empty index sized for `expected` merchants.
    public init(expected: Int) {
        tables = KeyTables(expected: expected)
        ids.reserveCapacity(expected)
        statuses.reserveCapacity(expected)
        statusTimes.reserveCapacity(expected)
        openedDays.reserveCapacity(expected)
        closedDays.reserveCapacity(expected)
        taxKeys.reserveCapacity(expected)
        bins.reserveCapacity(expected)
        accountEnds.reserveCapacity(expected)
        accountBytes.reserveCapacity(expected * 12)
        accountNames.reserveCapacity(expected)
        hasAddedAccount.reserveCapacity(expected)
    }

    /// Adds a registry merchant; merchants must come in increasing id order, before any ``addCreated(_:line:)``.
    mutating func addExisting(_ merchant: SyncMerchantKeys) {
        addExisting([merchant])
    }

    /// Adds the registry's merchants to an empty index as `merchants` passes them to its closure
    /// (in increasing id order), on a thread of their own: the caller's thread only reads them
    /// (from SQLite), the other computes their keys, fills the look-up tables (random writes, a
    /// large share of the load's work) and stores their state.
    public mutating func addExisting(from merchants: ((SyncMerchantKeys) throws -> Void) throws -> Void) throws {
        precondition(count == 0, "merchants are loaded into an empty index")
        // The index moves into a box the filling thread owns until it is done (its arrays stay
        // uniquely referenced: no copy), then back.
        let loading = Loading(self)
        self = MatchIndex(expected: 0)
        defer { self = loading.index }
        // Unowned: the box outlives the filler, which is finished or cancelled before this returns.
        let filler = BackgroundWriter<SyncMerchantKeys>(writeBatches: { [unowned loading] in
            loading.index.addExisting($0)
        })
        do {
            try merchants { keys in try filler.append(keys) }
            try filler.finish()
        } catch {
            filler.cancel()
            throw error
        }
    }

    /// Adds registry merchants (in increasing id order, before any ``addCreated(_:line:)``):
    /// their state first, then their keys to the look-up tables, asking for each merchant's table
    /// entries a few merchants ahead (the tables are far larger than the caches: each insert's
    /// first read is a miss).
    mutating func addExisting(_ merchants: [SyncMerchantKeys]) {
        let keys = merchants.map { merchant in
            precondition(
                createdLines.isEmpty && (ids.last ?? 0) < merchant.id,
                "merchants must be added in id order, before created ones")
            existingCount += 1
            return append(
                id: merchant.id, phone: merchant.phone, taxCode: merchant.taxCode, bin: merchant.bankBIN,
                account: merchant.accountNumber, hasAccountName: merchant.hasAccountName, status: merchant.status,
                statusAt: merchant.statusAt, openedOn: merchant.openedOn, closedOn: merchant.closedOn)
        }
        for (position, slotKeys) in keys.enumerated() {
            if position + Self.lookAhead < keys.count { tables.prefetch(keys[position + Self.lookAhead]) }
            tables.insert(slotKeys)
        }
    }

    /// How many items ahead look-ups and inserts into the key tables ask for their entries.
    static let lookAhead = 8

    /// An index being filled on another thread.
    private final class Loading: @unchecked Sendable {
        var index: MatchIndex
        init(_ index: MatchIndex) { self.index = index }
    }

    /// Adds a merchant an import creates; returns its slot.
    mutating func addCreated(_ merchant: ValidMerchant, line: Int) -> Int32 {
        createdLines.append(line)
        let keys = append(
            id: 0, phone: merchant.phone, taxCode: merchant.taxCode, bin: merchant.bankBIN,
            account: merchant.accountNumber,
            hasAccountName: merchant.accountName != nil, status: .none, statusAt: nil)
        tables.insert(keys)
        return keys.slot
    }

    /// Appends a merchant's state and returns its keys (for ``KeyTables/insert(_:)``).
    private mutating func append(
        id: Int64, phone: String?, taxCode: String?, bin: String?, account: String?,
        hasAccountName: Bool, status: QRStatus, statusAt: Int64?, openedOn: CalendarDay? = nil,
        closedOn: CalendarDay? = nil
    ) -> SlotKeys {
        var keys = SlotKeys(slot: Int32(ids.count))
        ids.append(id)
        statuses.append(status)
        statusTimes.append(statusAt ?? Int64.min)
        openedDays.append(openedOn.map { Int32(clamping: $0.dayNumber) } ?? .min)
        closedDays.append(closedOn.map { Int32(clamping: $0.dayNumber) } ?? .max)
        let taxKey = taxCode.flatMap(Self.digitKey) ?? 0
        taxKeys.append(taxKey)
        if taxKey != 0 { keys.taxCode = taxKey }
        keys.phone = phone.flatMap(Self.digitKey)
        if let bin, let account, let binValue = Self.binValue(bin) {
            bins.append(binValue)
            accountBytes.append(contentsOf: account.utf8)
            keys.account = Self.accountKey(binValue, account.utf8)
            if account.utf8.first == UInt8(ascii: "0"), account.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                keys.accountWithoutZeros = Self.accountKey(binValue, account.utf8.drop { $0 == UInt8(ascii: "0") })
            }
        } else {
            bins.append(0)
        }
        accountEnds.append(UInt32(accountBytes.count))
        accountNames.append(hasAccountName)
        hasAddedAccount.append(false)
        return keys
    }

    /// Frees what only matching rows uses (the key tables, the accounts and tax codes), keeping
    /// each merchant's id and current status: after the last row, before the statuses are decided.
    mutating func releaseLookups() {
        tables = KeyTables(expected: 0)
        taxKeys = []
        bins = []
        accountEnds = []
        accountBytes = []
        accountNames = []
        addedAccounts = [:]
        hasAddedAccount = []
    }

    /// The number of merchants (existing and created).
    public var count: Int { ids.count }

    // MARK: - Per-merchant state

    /// The registry id, nil for a merchant this import creates.
    func id(_ slot: Int32) -> Int64? { Int(slot) < existingCount ? ids[Int(slot)] : nil }

    /// The index in the plan's new merchants of a created merchant's slot.
    func createdIndex(_ slot: Int32) -> Int? { Int(slot) >= existingCount ? Int(slot) - existingCount : nil }

    /// `merchant 42`, or `the merchant created from line 7`.
    func describe(_ slot: Int32) -> String {
        if let id = id(slot) { return "merchant \(id)" }
        return "the merchant created from line \(createdLines[Int(slot) - existingCount])"
    }

    /// Why an event on `day` does not fit the merchant's open days; nil when it does (or, for a
    /// merchant the import creates, always).
    func eventDayConflict(_ slot: Int32, on day: CalendarDay) -> EventDayConflict? {
        let (opened, closed) = (openedDays[Int(slot)], closedDays[Int(slot)])
        return EventDayConflict(
            day: day, openedOn: opened == .min ? nil : CalendarDay(dayNumber: Int(opened)),
            closedOn: closed == .max ? nil : CalendarDay(dayNumber: Int(closed)))
    }

    /// The merchant's current status in the registry (events planned by the import are not included).
    func status(_ slot: Int32) -> QRStatus { statuses[Int(slot)] }

    /// Seconds since 1970 of the current status in the registry, nil when the merchant has no event.
    func statusAt(_ slot: Int32) -> Int64? {
        let time = statusTimes[Int(slot)]
        return time == Int64.min ? nil : time
    }

    /// The merchant's bank account (BIN, account number), nil when it has none.
    func account(_ slot: Int32) -> (bin: String, account: String)? {
        if hasAddedAccount[Int(slot)], let added = addedAccounts[slot] { return added }
        let bin = bins[Int(slot)]
        guard bin != 0 else { return nil }
        let start = slot == 0 ? 0 : Int(accountEnds[Int(slot) - 1])
        let account = String(decoding: accountBytes[start..<Int(accountEnds[Int(slot)])], as: UTF8.self)
        return (Self.binText(bin), account)
    }

    func hasAccountName(_ slot: Int32) -> Bool { accountNames[Int(slot)] }

    /// Records account details planned for the merchant (later rows see them).
    mutating func recordAccount(_ slot: Int32, bin: String, account: String, hasName: Bool) {
        addedAccounts[slot] = (bin, account)
        hasAddedAccount[Int(slot)] = true
        if let binValue = Self.binValue(bin) { tables.accounts.insert(Self.accountKey(binValue, account.utf8), slot) }
        if hasName { accountNames[Int(slot)] = true }
    }

    /// The merchant's tax code key, 0 when it has none.
    func taxKey(_ slot: Int32) -> UInt64 { taxKeys[Int(slot)] }

    // MARK: - Look-ups

    /// The slot of a registry merchant by id.
    func slot(ofId id: Int64) -> Int32? {
        var low = 0
        var high = existingCount
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < existingCount && ids[low] == id ? Int32(low) : nil
    }

    /// Asks for the table entries the look-ups of a row's keys read first (a caller asks a few
    /// rows ahead: ``KeyMultimap/prefetch(_:)``).
    func prefetch(_ row: BankRow) {
        if let taxCode = row.taxCode, let key = Self.digitKey(taxCode) { tables.taxCodes.prefetch(key) }
        if let phone = row.phone, let key = Self.digitKey(phone) { tables.phones.prefetch(key) }
        if let bin = row.bin, let account = row.account, let (_, key) = Self.accountLookup(bin: bin, account: account) {
            tables.accounts.prefetch(key)
        }
    }

    /// Appends the slots of the merchants with this (normalized) tax code.
    func taxCodeCandidates(_ taxCode: String, into slots: inout [Int32]) {
        guard let key = Self.digitKey(taxCode) else { return }
        tables.taxCodes.forEach(key) { slots.append($0) }
    }

    /// Appends the slots of the merchants with this (normalized) phone.
    func phoneCandidates(_ phone: String, into slots: inout [Int32]) {
        guard let key = Self.digitKey(phone) else { return }
        tables.phones.forEach(key) { slots.append($0) }
    }

    /// Appends the slots of the merchants with this bank account.
    func accountCandidates(bin: String, account: String, into slots: inout [Int32]) {
        guard let (binValue, key) = Self.accountLookup(bin: bin, account: account) else { return }
        tables.accounts.forEach(key) { slot in
            if hasAccount(slot, bin: binValue, account: account) { slots.append(slot) }
        }
    }

    /// A row's BIN as a number and its BIN + account's table key; nil for a BIN that is not one.
    private static func accountLookup(bin: String, account: String) -> (bin: UInt32, key: UInt64)? {
        guard let binValue = binValue(bin) else { return nil }
        return (binValue, accountKey(binValue, account.utf8))
    }

    /// True when the merchant's account is exactly this one (compared in the arena, no copies).
    private func hasAccount(_ slot: Int32, bin: UInt32, account: String) -> Bool {
        if hasAddedAccount[Int(slot)], let added = addedAccounts[slot] {
            return Self.binValue(added.bin) == bin && added.account == account
        }
        guard bins[Int(slot)] == bin else { return false }
        let start = slot == 0 ? 0 : Int(accountEnds[Int(slot) - 1])
        let end = Int(accountEnds[Int(slot)])
        var account = account
        return account.withUTF8 { given in
            given.count == end - start
                && accountBytes.withUnsafeBufferPointer { stored in
                    given.count == 0 || memcmp(stored.baseAddress! + start, given.baseAddress!, given.count) == 0
                }
        }
    }

    /// The merchants whose account at this BIN is `account` with leading zeros in front.
    func accountsLosingZeros(bin: String, account: String) -> [Int32] {
        guard let binValue = Self.binValue(bin), account.utf8.first != UInt8(ascii: "0") else { return [] }
        var found: [Int32] = []
        tables.accountsWithoutZeros.forEach(Self.accountKey(binValue, account.utf8)) { slot in
            if let stored = self.account(slot), stored.bin == bin,
                stored.account.utf8.drop(while: { $0 == UInt8(ascii: "0") }).elementsEqual(account.utf8)
            {
                found.append(slot)
            }
        }
        return found
    }

    // MARK: - Keys

    /// A string of at most 17 ASCII digits as an exact key: the digits' value and their count
    /// (so leading zeros count); nil for anything else (such a value can never equal a
    /// normalized phone or tax code).
    static func digitKey(_ text: String) -> UInt64? {
        var value: UInt64 = 0
        var count: UInt64 = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39, count < 17 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
            count += 1
        }
        return count == 0 ? nil : value | (count << 57)
    }

    static func binValue(_ bin: String) -> UInt32? {
        guard bin.utf8.count == 6, let value = UInt32(bin), value > 0 else { return nil }
        return value
    }

    static func binText(_ value: UInt32) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// FNV-1a over the BIN and the account's bytes.
    static func accountKey<Bytes: Sequence>(_ bin: UInt32, _ account: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        let prime: UInt64 = 0x100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bin)
        hash = (hash ^ 0xFF) &* prime
        for byte in account { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}

/// A merchant's slot and look-up keys, as ``MatchIndex`` computes them for its tables.
struct SlotKeys: Sendable {
    var slot: Int32
    var phone: UInt64?
    var taxCode: UInt64?
    var account: UInt64?
    var accountWithoutZeros: UInt64?
}

/// The key look-up tables of a ``MatchIndex``.
struct KeyTables {
    var phones: KeyMultimap<Int32>
    var taxCodes: KeyMultimap<Int32>
    var accounts: KeyMultimap<Int32>
    /// BIN + account with its leading zeros removed, for accounts that have some: a row whose
    /// account matches only here lost its zeros in a spreadsheet.
    var accountsWithoutZeros: KeyMultimap<Int32>

    init(expected: Int) {
        phones = KeyMultimap<Int32>(expected: expected)
        taxCodes = KeyMultimap<Int32>(expected: expected / 3)
        accounts = KeyMultimap<Int32>(expected: expected)
        accountsWithoutZeros = KeyMultimap<Int32>(expected: expected / 8)
    }

    /// Asks for the table entries ``insert(_:)`` of these keys reads first (``KeyMultimap/prefetch(_:)``).
    func prefetch(_ keys: SlotKeys) {
        if let key = keys.phone { phones.prefetch(key) }
        if let key = keys.taxCode { taxCodes.prefetch(key) }
        if let key = keys.account { accounts.prefetch(key) }
        if let key = keys.accountWithoutZeros { accountsWithoutZeros.prefetch(key) }
    }

    mutating func insert(_ keys: SlotKeys) {
        if let key = keys.phone { phones.insert(key, keys.slot) }
        if let key = keys.taxCode { taxCodes.insert(key, keys.slot) }
        if let key = keys.account { accounts.insert(key, keys.slot) }
        if let key = keys.accountWithoutZeros { accountsWithoutZeros.insert(key, keys.slot) }
    }
}
