import Testing

@testable import HashIndex

/// The open-addressing table behind duplicate detection and bank matching.
@Suite struct KeyMultimapTests {
    @Test func insertIfAbsentKeepsTheFirstValueAndGrowsPastItsSize() {
        var map = KeyMultimap<Int64>(expected: 4)
        // Keys that differ in low bits only, and more of them than the table was sized for.
        for key in 0..<10_000 as Range<UInt64> {
            let added = map.insertIfAbsent(key, Int64(key) * 10)
            #expect(added)
        }
        for key in 0..<10_000 as Range<UInt64> {
            let added = map.insertIfAbsent(key, 1)
            #expect(!added)
        }
        #expect(map.count == 10_000)
        for key in 0..<10_000 as Range<UInt64> { #expect(map.first(key) == Int64(key) * 10) }
        #expect(map.first(10_000) == nil)
        #expect(map.first(UInt64.max) == nil)
    }

    @Test func severalValuesUnderOneKeyAreAllKeptAndFirstIsTheEarliest() {
        var map = KeyMultimap<Int32>(expected: 16)
        map.insert(7, 1)
        map.insert(7, 2)
        map.insert(8, 3)
        let added = map.insertIfAbsent(7, 9)
        #expect(!added)
        var values: [Int32] = []
        map.forEach(7) { values.append($0) }
        #expect(values == [1, 2])
        #expect(map.first(7) == 1)
        #expect(map.first(8) == 3)
    }
}
