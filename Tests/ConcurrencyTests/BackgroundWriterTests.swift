import Foundation
import Testing

@testable import Concurrency

/// The background writer the bank import formats its plan file with.
@Suite struct BackgroundWriterTests {
    /// A list appended to from the writing thread.
    final class Written: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int] = []
        func add(_ item: Int) { lock.withLock { items.append(item) } }
        var all: [Int] { lock.withLock { items } }
    }

    struct WriteFailed: Error, Equatable {}

    @Test func writesEveryItemInOrderBeforeFinishReturns() throws {
        let written = Written()
        let writer = BackgroundWriter<Int> { written.add($0) }
        for item in 0..<10_000 { try writer.append(item) }
        try writer.finish()
        #expect(written.all == Array(0..<10_000))
        try writer.finish()  // idempotent
    }

    @Test func aWriteErrorStopsTheAppendsAndIsRethrownByFinish() throws {
        let written = Written()
        let writer = BackgroundWriter<Int> { item in
            if item == 5_000 { throw WriteFailed() }
            written.add(item)
        }
        var stoppedAt: Int? = nil
        do {
            for item in 0..<1_000_000 {
                try writer.append(item)
                stoppedAt = item
            }
        } catch {
            #expect(error as? WriteFailed == WriteFailed())
        }
        // The appends stop within the channel's few batches after the failing item.
        #expect((stoppedAt ?? 0) < 1_000_000 - 1)
        #expect(throws: WriteFailed.self) { try writer.finish() }
        #expect(written.all == Array(0..<5_000))
    }

    @Test func cancelDropsWhatIsLeftAndEndsTheThread() throws {
        let written = Written()
        let writer = BackgroundWriter<Int> { written.add($0) }
        for item in 0..<100 { try writer.append(item) }
        writer.cancel()
        #expect(written.all.isEmpty)  // under a batch: never sent
        try writer.finish()  // after cancel: nothing to wait for, nothing failed
    }
}
