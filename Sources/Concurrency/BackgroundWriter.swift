import Foundation

/// Hands items to a write function on a thread of its own, a batch at a time: a bank import
/// formats and writes its plan file on the second core while it goes on planning (the file is
/// read on a thread of its own too, but is done before the last and longest planning step).
///
/// ``finish()`` waits until every item is written and rethrows the first write error; after a
/// write error, ``append(_:)`` throws it too, so the import stops at the next row.
///
/// Appending and the writing loop are inlinable, so that they are specialized for the caller's
/// item type (unspecialized, each item is copied through its type's value witnesses: a bank
/// import appends a million merchants' keys and a million plan entries).
public final class BackgroundWriter<Item: Sendable>: @unchecked Sendable {
    @usableFromInline static var batchSize: Int { 4096 }
    @usableFromInline let channel = BatchChannel<Item>(capacity: 8)
    /// Writes one batch of items, in order.
    @usableFromInline let writeBatch: ([Item]) throws -> Void
    @usableFromInline var batch: [Item] = []
    @usableFromInline let done = DispatchSemaphore(value: 0)
    /// Set by the writing thread before it cancels the channel; read after `send` fails or after `done`.
    @usableFromInline var failure: (any Error)?
    private var isFinished = false

    /// Starts the writing thread; `write` is called there, in order, for every item appended.
    @inlinable public convenience init(write: @escaping (Item) throws -> Void) {
        self.init(writeBatches: { items in for item in items { try write(item) } })
    }

    /// Starts the writing thread; `writeBatches` is called there with the items appended, in
    /// order, a batch at a time (for a writer that looks ahead within a batch).
    @inlinable public convenience init(writeBatches: @escaping ([Item]) throws -> Void) {
        self.init(unstartedWithWriteBatch: writeBatches)
        Thread { self.run() }.start()
    }

    @usableFromInline init(unstartedWithWriteBatch writeBatch: @escaping ([Item]) throws -> Void) {
        self.writeBatch = writeBatch
        batch.reserveCapacity(Self.batchSize)
    }

    /// Queues an item.
    @inlinable public func append(_ item: Item) throws {
        batch.append(item)
        if batch.count == Self.batchSize { try send() }
    }

    /// Waits until every item is written; throws the first write error. Idempotent.
    public func finish() throws {
        if !isFinished {
            isFinished = true
            if !batch.isEmpty, channel.send(batch) { batch = [] }
            channel.finish()
            done.wait()
        }
        if let failure { throw failure }
    }

    /// Stops without writing what is left (when the import failed), and waits for the thread.
    public func cancel() {
        guard !isFinished else { return }
        isFinished = true
        channel.cancel()
        channel.finish()
        done.wait()
    }

    @usableFromInline func send() throws {
        let items = batch
        batch = []
        batch.reserveCapacity(Self.batchSize)
        guard channel.send(items) else { throw failure ?? CancellationError() }
    }

    /// The writing thread's loop.
    @inlinable func run() {
        defer { done.signal() }
        do {
            while let items = try channel.receive() { try writeBatch(items) }
        } catch {
            failure = error
            channel.cancel()
        }
    }
}
