/// A multimap from 64-bit keys to 32-bit values in two flat arrays (open addressing, linear
/// probing): 12 bytes a slot, no per-entry allocation, so the keys of a million merchants
/// take a few tens of megabytes. A key may hold several values (a phone shared by two merchants).
struct KeyMultimap {
    private var keys: [UInt64]
    /// -1 marks an empty slot.
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    /// A table sized for `expected` entries without growing.
    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The splitmix64 finalizer: spreads keys that differ in a few low bits (consecutive phone
    /// numbers) over the whole table.
    @inline(__always)
    private static func position(_ key: UInt64, mask: Int) -> Int {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: z ^ (z >> 31)) & mask
    }

    /// Adds a value under a key (keeping any values already there).
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = Self.position(key, mask: mask)
        while values[index] >= 0 { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
    }

    /// Calls `body` with each value stored under `key`.
    @inline(__always)
    func forEach(_ key: UInt64, _ body: (Int32) -> Void) {
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

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for index in oldKeys.indices where oldValues[index] >= 0 { insert(oldKeys[index], oldValues[index]) }
    }
}
