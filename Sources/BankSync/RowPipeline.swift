import Foundation
import Registry

/// A bank file's rows read and checked (``BankFileLayout/row(_:line:today:)``) on a second
/// thread, a batch at a time, while the caller plans the batches before: reading, decoding and
/// checking are about a third of an import's planning time. At most `depth` batches wait, so
/// memory stays bounded whatever the file's size.
final class RowPipeline: @unchecked Sendable {
    /// A data row of the file, read and checked, with its fields as read (for the rejects file).
    enum Item: Sendable {
        case row(BankRow, fields: [String])
        case rejected(RowRejection, fields: [String])
    }

    /// The file and its layout belong to the reading thread once ``start()`` is called.
    private var file: BankFile
    private let layout: BankFileLayout
    private let today: CalendarDay
    private let batchSize: Int
    private let batches: BatchChannel<Item>

    /// Guards the progress figures.
    private let progressLock = NSLock()
    private var bytes = 0
    private var rows = 0

    init(file: BankFile, today: CalendarDay, batchSize: Int = 2048, depth: Int = 4) {
        self.file = file
        layout = file.layout
        self.today = today
        self.batchSize = batchSize
        batches = BatchChannel(capacity: depth)
    }

    /// Starts reading on a new thread.
    func start() {
        Thread { self.read() }.start()
    }

    /// The next batch of rows, in file order; nil at the end of the file. Rethrows what stopped
    /// the reading (a line that is not valid text, an unterminated quote…).
    func next() throws(BankFileError) -> [Item]? {
        do {
            return try batches.receive()
        } catch let error as BankFileError {
            throw error
        } catch {
            preconditionFailure("the reading thread only fails with BankFileError: \(error)")
        }
    }

    /// Bytes of the file read so far (for a progress bar), and the data rows they held.
    var progress: (bytes: Int, rows: Int) {
        progressLock.lock()
        defer { progressLock.unlock() }
        return (bytes, rows)
    }

    /// Stops the reading (if it has not finished) and waits for the reading thread to end.
    func stop() {
        batches.cancel()
        batches.waitUntilFinished()
    }

    private func read() {
        var batch: [Item] = []
        batch.reserveCapacity(batchSize)
        do {
            while let record = try file.next() {
                if BankFileLayout.isBlank(record.fields) { continue }
                switch layout.row(record.fields, line: record.line, today: today) {
                case .success(let row): batch.append(.row(row, fields: record.fields))
                case .failure(let rejection): batch.append(.rejected(rejection, fields: record.fields))
                }
                if batch.count == batchSize {
                    guard hand(batch) else { return batches.finish() }
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
            batches.finish()
        } catch {
            batches.finish(throwing: error)
        }
    }

    /// Hands a batch to the planning side (waiting while `depth` batches wait); false when stopped.
    private func hand(_ batch: [Item]) -> Bool {
        progressLock.lock()
        bytes = file.bytesRead
        rows += batch.count
        progressLock.unlock()
        return batches.send(batch)
    }
}
