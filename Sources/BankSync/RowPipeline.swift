import Foundation
import Registry

/// A bank file's rows read and checked (``BankFileLayout/row(_:line:today:)``) on a second
/// thread, a batch at a time, while the caller plans the batches before: reading, decoding and
/// checking are about a third of an import's planning time. At most `depth` batches wait, so
/// memory stays bounded whatever the file's size.
final class RowPipeline: @unchecked Sendable {
    /// A data row of the file, read and checked, with its fields as read (for the rejects file).
    enum Item {
        case row(BankRow, fields: [String])
        case rejected(RowRejection, fields: [String])
    }

    /// The file and its layout belong to the reading thread once ``start()`` is called.
    private var file: BankFile
    private let layout: BankFileLayout
    private let today: CalendarDay
    private let batchSize: Int
    private let depth: Int

    /// Guards everything below.
    private let condition = NSCondition()
    private var batches: [[Item]] = []
    private var finished = false
    private var failure: BankFileError?
    private var cancelled = false
    private var readingDone = false
    private var bytes = 0
    private var rows = 0

    init(file: BankFile, today: CalendarDay, batchSize: Int = 2048, depth: Int = 4) {
        self.file = file
        layout = file.layout
        self.today = today
        self.batchSize = batchSize
        self.depth = depth
    }

    /// Starts reading on a new thread.
    func start() {
        Thread { self.read() }.start()
    }

    /// The next batch of rows, in file order; nil at the end of the file. Rethrows what stopped
    /// the reading (a line that is not valid text, an unterminated quote…).
    func next() throws(BankFileError) -> [Item]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Bytes of the file read so far (for a progress bar), and the data rows they held.
    var progress: (bytes: Int, rows: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (bytes, rows)
    }

    /// Stops the reading (if it has not finished) and waits for the reading thread to end.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !readingDone { condition.wait() }
        condition.unlock()
    }

    private func read() {
        var batch: [Item] = []
        batch.reserveCapacity(batchSize)
        var failure: BankFileError? = nil
        do {
            while let record = try file.next() {
                if BankFileLayout.isBlank(record.fields) { continue }
                switch layout.row(record.fields, line: record.line, today: today) {
                case .success(let row): batch.append(.row(row, fields: record.fields))
                case .failure(let rejection): batch.append(.rejected(rejection, fields: record.fields))
                }
                if batch.count == batchSize {
                    guard hand(batch) else { break }
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
        } catch {
            failure = error
        }
        condition.lock()
        self.failure = failure
        bytes = file.bytesRead
        finished = true
        readingDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands a batch to the planning side, waiting while `depth` batches wait; false when stopped.
    private func hand(_ batch: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        bytes = file.bytesRead
        rows += batch.count
        condition.broadcast()
        return true
    }
}
