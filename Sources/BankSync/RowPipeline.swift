import Concurrency
import Domain
import Foundation

/// A bank file's rows read and checked (``BankFileLayout/row(_:line:today:)``) on a second
/// thread, a batch at a time, while the caller plans the batches before: reading, decoding and
/// checking are a large part of an import's planning time. At most `depth` batches wait, so
/// memory stays bounded whatever the file's size.
///
/// When the caller finds no batch waiting (it plans faster than the rows are read and checked),
/// the reading thread leaves a share of each batch's rows unchecked (``Item/unchecked(line:fields:)``)
/// for the caller to check, one more row in 16 batch after batch while that lasts (up to half),
/// one fewer while batches queue up: with the key tables prefetched, matching and planning a row
/// can take less time than reading and checking it, and the two threads then share the checking.
public final class RowPipeline: @unchecked Sendable {
    /// A data row of the file, read and checked, with where its fields as read (for the rejects
    /// file) lie in its batch's ``Batch/fields``.
    enum Item: Sendable {
        case row(BankRow, fields: Range<Int>)
        case rejected(RowRejection, fields: Range<Int>)
        /// A row read but left for the caller to check.
        case unchecked(line: Int, fields: Range<Int>)

        /// A checked row as an item.
        init(_ checked: Result<BankRow, RowRejection>, fields: Range<Int>) {
            switch checked {
            case .success(let row): self = .row(row, fields: fields)
            case .failure(let rejection): self = .rejected(rejection, fields: fields)
            }
        }
    }

    /// Rows in file order, and their fields end to end: one array for a batch's fields rather
    /// than one per row (a million rows' arrays were allocated on the reading thread and freed
    /// on the planning one, whose frees then waited for the reader's allocator lock).
    struct Batch: Sendable {
        var items: [Item] = []
        var fields: [String] = []

        init(rows: Int, fields fieldCount: Int) {
            items.reserveCapacity(rows)
            fields.reserveCapacity(fieldCount)
        }
    }

    /// The file belongs to the reading thread once ``start()`` is called (the layout and day
    /// are only read, by either thread).
    private var file: BankFile
    private let layout: BankFileLayout
    private let today: CalendarDay
    private let batchSize: Int
    private let batches: BatchChannel<Batch>
    /// The share of rows, in sixteenths, that the reading thread leaves for the caller to check
    /// (0–8 when adaptive), and whether it adapts (tests fix it).
    private var callerCheckedSixteenths: Int
    private let adaptsChecking: Bool

    /// Guards the progress figures.
    private let progressLock = NSLock()
    private var bytes = 0
    private var rows = 0

    public convenience init(file: BankFile, today: CalendarDay) {
        self.init(file: file, today: today, batchSize: 2048)
    }

    /// - Parameter callerCheckedSixteenths: a fixed share of rows, in sixteenths, to leave for the
    ///   caller to check (of each 16 rows of a batch, that many); nil adapts it to the caller's pace.
    init(file: BankFile, today: CalendarDay, batchSize: Int, depth: Int = 4, callerCheckedSixteenths: Int? = nil) {
        self.callerCheckedSixteenths = callerCheckedSixteenths ?? 0
        adaptsChecking = callerCheckedSixteenths == nil
        self.file = file
        layout = file.layout
        self.today = today
        self.batchSize = batchSize
        batches = BatchChannel(capacity: depth)
    }

    /// Starts reading on a new thread.
    public func start() {
        Thread { self.read() }.start()
    }

    /// The next batch of rows, in file order; nil at the end of the file. Rethrows what stopped
    /// the reading (a line that is not valid text, an unterminated quote…).
    func next() throws(BankFileError) -> Batch? {
        do {
            // The reading thread sends its batches one at a time.
            return try batches.receive()?.first
        } catch let error as BankFileError {
            throw error
        } catch {
            preconditionFailure("the reading thread only fails with BankFileError: \(error)")
        }
    }

    /// An item's row as checked, with where its fields lie in the batch: the reading thread's
    /// check, or for a row it left unchecked, the check made now (on the caller's thread).
    func checked(_ item: Item, in batch: Batch) -> (row: Result<BankRow, RowRejection>, fields: Range<Int>) {
        switch item {
        case .row(let row, let fields): (.success(row), fields)
        case .rejected(let rejection, let fields): (.failure(rejection), fields)
        case .unchecked(let line, let fields): (layout.row(batch.fields[fields], line: line, today: today), fields)
        }
    }

    /// Bytes of the file read so far (for a progress bar), and the data rows they held.
    var progress: (bytes: Int, rows: Int) {
        progressLock.lock()
        defer { progressLock.unlock() }
        return (bytes, rows)
    }

    /// Stops the reading (if it has not finished) and waits for the reading thread to end.
    public func stop() {
        batches.cancel()
        batches.waitUntilFinished()
    }

    private func read() {
        let fieldsPerBatch = batchSize * (layout.header.count + 1)
        var batch = Batch(rows: batchSize, fields: fieldsPerBatch)
        do {
            while true {
                let start = batch.fields.count
                guard let line = try file.next(appendingFieldsTo: &batch.fields) else { break }
                // (No slice of the fields outlives a statement: the array is appended to again.)
                if BankFileLayout.isBlank(batch.fields[start...]) {
                    batch.fields.removeSubrange(start...)
                    continue
                }
                let fields = start..<batch.fields.count
                if batch.items.count % 16 < callerCheckedSixteenths {
                    batch.items.append(.unchecked(line: line, fields: fields))
                } else {
                    batch.items.append(Item(layout.row(batch.fields[fields], line: line, today: today), fields: fields))
                }
                if batch.items.count == batchSize {
                    guard hand(batch) else { return batches.finish() }
                    batch = Batch(rows: batchSize, fields: fieldsPerBatch)
                }
            }
            if !batch.items.isEmpty { _ = hand(batch) }
            batches.finish()
        } catch {
            batches.finish(throwing: error)
        }
    }

    /// Hands a batch to the planning side (waiting while `depth` batches wait); false when stopped.
    private func hand(_ batch: Batch) -> Bool {
        if adaptsChecking {
            switch batches.queued {
            case 0: callerCheckedSixteenths = min(callerCheckedSixteenths + 1, 8)
            case 1: break
            default: callerCheckedSixteenths = max(callerCheckedSixteenths - 1, 0)
            }
        }
        progressLock.lock()
        bytes = file.bytesRead
        rows += batch.items.count
        progressLock.unlock()
        return batches.send([batch])
    }
}
