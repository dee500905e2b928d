import Foundation

/// Work done on a thread of its own while the caller goes on; its result is waited for once
/// (``value()``), or the work is asked to stop and waited for (``cancel()``).
///
/// What the work captures is released by the caller's thread, in ``value()`` or ``cancel()``,
/// never by the working thread: a job that holds a database statement leaves it to be finalized
/// where its connection is used.
public final class BackgroundJob<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let stopLock = NSLock()
    /// Set by ``cancel()``; the work may poll it (its argument) and stop early.
    private var stopRequested = false
    /// Written once by the working thread before `done` is signalled, read after waiting on it.
    private var result: Result<Value, any Error>?
    /// Used by the working thread until `done` is signalled; released by the caller after.
    private var work: ((_ isCancelled: () -> Bool) throws -> Value)?
    private var isWaited = false

    /// Starts `work` on a new thread.
    public init(_ work: @escaping (_ isCancelled: () -> Bool) throws -> Value) {
        self.work = work
        Thread {
            self.result = self.run()
            self.done.signal()
        }.start()
    }

    /// Runs the work in a function of its own: no reference to what it captures is left on the
    /// working thread once this returns.
    private func run() -> Result<Value, any Error> {
        Result { try work!(isStopRequested) }
    }

    private func isStopRequested() -> Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// Waits for the work (the first time) and returns its value or throws its error.
    public func value() throws -> Value {
        wait()
        return try result!.get()
    }

    /// Asks the work to stop and waits for it to end (nothing when it was already waited for).
    public func cancel() {
        guard !isWaited else { return }
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
        wait()
    }

    private func wait() {
        guard !isWaited else { return }
        isWaited = true
        done.wait()
        work = nil
    }
}
