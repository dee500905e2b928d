import Foundation

/// A bounded hand-off of batches from one producer thread to one consumer: the producer blocks
/// while `capacity` batches wait, so memory stays bounded however far ahead it could run.
///
/// The producer sends batches and then ``finish(throwing:)``; the consumer receives until nil
/// (rethrowing the producer's error, if any) and calls ``cancel()`` when it stops early, which
/// makes the producer's next ``send(_:)`` return false.
public final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Element]] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    /// A channel where at most `capacity` (≥ 1) batches wait before ``send(_:)`` blocks.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// Queues a batch, waiting while the channel is full. Returns false when the consumer has
    /// cancelled (the batch is dropped and the producer should stop).
    public func send(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// The number of batches sent and not yet received.
    public var queued: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Marks the end of the stream, with the error that ended it if any.
    public func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch; nil once the producer has finished and every batch was received.
    /// Throws the producer's error after the batches sent before it.
    public func receive() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer: pending and future batches are dropped.
    public func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called ``finish(throwing:)``.
    public func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
