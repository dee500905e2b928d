import CPrefetch

/// A multimap from 64-bit key hashes to small non-negative integers (merchant ids, row slots), for
/// the millions of look-ups of an import: open addressing with linear probing over two flat arrays,
/// no per-entry allocation. A key may hold several values (a phone two merchants share).
///
/// Inlinable so that the modules using it (the merchant import here, BankSync's match index)
/// get a copy specialized for their value type.
public struct KeyMultimap<Value: FixedWidthInteger & SignedInteger> {
    @usableFromInline var keys: [UInt64]
    /// -1 marks an empty slot.
    @usableFromInline var values: [Value]
    @usableFromInline var mask: Int
    /// The number of values stored.
    @usableFromInline var count = 0

    /// A table that holds `expected` entries without growing (at most 70% full).
    @inlinable
    public init(expected: Int) {
        var capacity = 16
        while capacity * 7 / 10 < expected { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Value](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The splitmix64 finalizer: spreads keys that differ in a few low bits (consecutive phone
    /// numbers) over the whole table.
    @inlinable @inline(__always)
    static func position(_ key: UInt64, mask: Int) -> Int {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31)) & mask
    }

    /// Adds a value (≥ 0) under a key, keeping any values already there.
    @inlinable
    public mutating func insert(_ key: UInt64, _ value: Value) {
        precondition(value >= 0, "KeyMultimap values are non-negative")
        if (count + 1) * 10 > keys.count * 7 { grow() }
        var index = Self.position(key, mask: mask)
        while values[index] >= 0 { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
    }

    /// Asks the processor to load the entries a look-up or insert of `key` reads first, without
    /// waiting for them: a caller of many look-ups asks a few keys ahead, so that each one's
    /// cache misses overlap with the work on the keys before it.
    @inlinable @inline(__always)
    public func prefetch(_ key: UInt64) {
        let index = Self.position(key, mask: mask)
        keys.withUnsafeBufferPointer { qrcov_prefetch($0.baseAddress! + index) }
        values.withUnsafeBufferPointer { qrcov_prefetch($0.baseAddress! + index) }
    }

    /// Calls `body` with each value stored under `key`.
    @inlinable @inline(__always)
    public func forEach(_ key: UInt64, _ body: (Value) -> Void) {
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                var index = Self.position(key, mask: mask)
                while values[index] >= 0 {
                    if keys[index] == key { body(values[index]) }
                    index = (index + 1) & mask
                }
            }
        }
    }

    /// The first value stored under `key` (the value, for callers that store at most one per
    /// key), nil when none.
    @inlinable
    public func first(_ key: UInt64) -> Value? {
        keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                var index = Self.position(key, mask: mask)
                while values[index] >= 0 {
                    if keys[index] == key { return values[index] }
                    index = (index + 1) & mask
                }
                return nil
            }
        }
    }

    /// Adds a value (≥ 0) under a key that holds none yet, in one probe; false (nothing added)
    /// when the key holds a value already.
    @inlinable
    public mutating func insertIfAbsent(_ key: UInt64, _ value: Value) -> Bool {
        precondition(value >= 0, "KeyMultimap values are non-negative")
        if (count + 1) * 10 > keys.count * 7 { grow() }
        let mask = self.mask
        let added = keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values -> Bool in
                var index = Self.position(key, mask: mask)
                while values[index] >= 0 {
                    if keys[index] == key { return false }
                    index = (index + 1) & mask
                }
                keys[index] = key
                values[index] = value
                return true
            }
        }
        if added { count += 1 }
        return added
    }

    @usableFromInline
    mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Value](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for index in oldKeys.indices where oldValues[index] >= 0 { insert(oldKeys[index], oldValues[index]) }
    }
}
