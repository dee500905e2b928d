import Dispatch
import Synchronization

/// Runs indexed jobs on several threads, each thread with its own reusable context (a
/// renderer with its buffers), handing out indices in order from a shared counter.
public enum ParallelWork {
    /// The number of worker threads to use by default: the machine's active cores.
    public static var defaultWorkers: Int { max(1, sysconfActiveProcessors()) }

    /// Calls `body(context, index)` for every index in `0..<count` on up to `workers`
    /// threads. `makeContext` runs once per thread. `progress` is called with the number of
    /// finished jobs after each one, from worker threads.
    /// The first error `makeContext` throws is rethrown once every thread has stopped.
    public static func run<Context, Failure: Error>(
        count: Int,
        workers: Int,
        makeContext: @Sendable () throws(Failure) -> Context,
        body: @Sendable (Context, Int) -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(Failure) {
        guard count > 0 else { return }
        let threads = max(1, min(workers, count))
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let setupError = Mutex<Failure?>(nil)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let context: Context
            do throws(Failure) {
                context = try makeContext()
            } catch {
                setupError.withLock { $0 = $0 ?? error }
                return
            }
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                body(context, index)
                let done = finished.add(1, ordering: .relaxed).newValue
                progress?(done)
            }
        }
        if let error = setupError.withLock({ $0 }) { throw error }
    }
}

#if canImport(Glibc)
    import Glibc
    private func sysconfActiveProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
    import Foundation
    private func sysconfActiveProcessors() -> Int { ProcessInfo.processInfo.activeProcessorCount }
#endif
