import Concurrency
import Synchronization

/// Renders many payloads to PNG files on several threads: `qrcov qr --from`.
public enum QRImageBatch {
    /// One payload that could not be rendered or written.
    public struct Failure: Error, Sendable, Equatable {
        /// Index into the payload list.
        public let index: Int
        /// Why it failed: an invalid or too long payload, or a file that could not be written.
        public let error: QRRenderError
    }

    /// Writes `payloads[i]` to `paths[i]` (each atomically) using `workers` threads, and
    /// returns the failures in index order (empty when every image was written).
    ///
    /// `progress` gets the number of images done so far, from worker threads. Throws only when
    /// `options` are out of range (see ``QRImageOptions/validate(allowingSmallMargin:)``).
    public static func render(
        payloads: [String],
        to paths: [String],
        options: QRImageOptions,
        allowingSmallMargin: Bool = false,
        workers: Int = ParallelWork.defaultWorkers,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws(QRRenderError) -> [Failure] {
        precondition(payloads.count == paths.count, "one path per payload")
        try options.validate(allowingSmallMargin: allowingSmallMargin)
        let failures = FailureList()
        try ParallelWork.run(
            count: payloads.count, workers: workers,
            makeContext: { () throws(QRRenderError) in
                try UncheckedBox(QRImageRenderer(options: options, allowingSmallMargin: allowingSmallMargin))
            },
            body: { renderer, index in
                do throws(QRRenderError) {
                    try renderer.value.writePNG(for: payloads[index], to: paths[index])
                } catch {
                    failures.append(Failure(index: index, error: error))
                }
            },
            progress: progress)
        return failures.sorted()
    }
}

/// A value confined to one worker thread, passed through `Sendable` closures.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Failures collected from worker threads.
private final class FailureList: Sendable {
    private let items = Mutex<[QRImageBatch.Failure]>([])
    func append(_ failure: QRImageBatch.Failure) { items.withLock { $0.append(failure) } }
    func sorted() -> [QRImageBatch.Failure] { items.withLock { $0.sorted { $0.index < $1.index } } }
}
