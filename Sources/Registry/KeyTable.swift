/// A hash table from 64-bit key hashes to merchant ids, for the millions of look-ups of an import.
///
/// Open addressing with linear probing over two flat arrays (16 bytes a slot, no per-entry
/// allocation): the keys are already well-mixed hashes, so they index the table directly
/// instead of being hashed again as `Dictionary` would. The first id stored for a key is kept.
struct KeyTable {
    private var keys: [UInt64]
    private var ids: [Int64]
    private var mask: Int
    /// 64 minus log2 of the capacity: the product's top bits pick the slot.
    private var shift: UInt64
    private(set) var count = 0

    /// A table that holds `expected` keys without growing.
    init(expected: Int) {
        var capacity = 16
        while capacity * 7 / 10 < expected { capacity *= 2 }
        keys = Array(repeating: 0, count: capacity)
        ids = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    /// 0 marks an empty slot, so a key that hashes to 0 is stored as 1 (a collision costs only a
    /// confirming read for callers, who check candidates against the database).
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    private func slot(of key: UInt64) -> Int {
        // Fibonacci hashing: the top bits of the product mix every bit of the key.
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[index] != 0 && keys[index] != key { index = (index + 1) & mask }
        return index
    }

    /// The id stored for `key`, nil when none.
    subscript(key: UInt64) -> Int64? {
        let index = slot(of: Self.stored(key))
        return keys[index] == 0 ? nil : ids[index]
    }

    /// Stores `id` for `key` unless the key already has an id.
    mutating func insertIfAbsent(_ key: UInt64, id: Int64) {
        let key = Self.stored(key)
        let index = slot(of: key)
        guard keys[index] == 0 else { return }
        keys[index] = key
        ids[index] = id
        count += 1
        if count * 10 > keys.count * 7 { grow() }
    }

    private mutating func grow() {
        let oldKeys = keys, oldIds = ids
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        ids = Array(repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        shift -= 1
        for (index, key) in oldKeys.enumerated() where key != 0 {
            let slot = slot(of: key)
            keys[slot] = key
            ids[slot] = oldIds[index]
        }
    }
}
