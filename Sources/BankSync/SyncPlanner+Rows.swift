import Domain

extension SyncPlanner {
    /// Plans every row the reader delivers, in file order: each row's entries go to `entries`,
    /// each invalid row to `rejection` (why, and its fields as read) and then its entries;
    /// `progress` gets the bytes read after each batch. Ends with ``endRows()``.
    ///
    /// The match index is asked for a row's entries a few rows before the row is planned (their
    /// cache misses overlap with the rows between), and once the first batch tells the file's
    /// rows per byte, room is made for the whole file's rows at once (``reserve(rows:)``).
    public mutating func planRows(
        from rows: RowPipeline, totalBytes: Int,
        entries: ([PlanEntry]) throws -> Void,
        rejection: (RowRejection, [String]) throws -> Void,
        progress: (Int) -> Void
    ) throws {
        var reserved = false
        while let batch = try rows.next() {
            try planBatch(batch, from: rows, entries: entries, rejection: rejection)
            let read = rows.progress
            progress(read.bytes)
            if !reserved, read.bytes > 0 {
                reserved = true
                // A little over the estimate: rows are not all the same length.
                reserve(rows: Int(Double(totalBytes) / Double(read.bytes) * Double(read.rows) * 1.05))
            }
        }
        endRows()
    }

    private mutating func planBatch(
        _ batch: RowPipeline.Batch, from rows: RowPipeline,
        entries: ([PlanEntry]) throws -> Void,
        rejection: (RowRejection, [String]) throws -> Void
    ) throws {
        let items = batch.items
        for (position, item) in items.enumerated() {
            if position + MatchIndex.lookAhead < items.count,
                case .row(let ahead, _) = items[position + MatchIndex.lookAhead]
            {
                prefetch(ahead)
            }
            let (checked, fields) = rows.checked(item, in: batch)
            switch checked {
            case .failure(let rejected):
                try rejection(rejected, Array(batch.fields[fields]))
                try entries(reject(rejected))
            case .success(let row):
                switch try plan(row) {
                case .success(let planned): try entries(planned)
                case .failure(let rejected):
                    try rejection(rejected, Array(batch.fields[fields]))
                    try entries(SyncPlanner.entries(for: rejected))
                }
            }
        }
    }
}
