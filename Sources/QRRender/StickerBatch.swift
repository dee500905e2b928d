import Concurrency
import Dispatch
import Synchronization
import Tabular

#if canImport(Glibc)
    import Glibc
#endif

/// The batch sticker engine behind `qrcov stickers`: one PNG per merchant, an A4 PDF sheet of
/// N-up stickers with cut marks, and a manifest CSV telling where each sticker is.
///
/// Re-runs redraw only what changed (a content hash per sticker and one for the sheet are kept
/// in the output folder); `force` redraws everything. PNGs are rendered on several threads
/// while the sheet, which is one sequential PDF, is drawn on its own thread.
public struct StickerBatch {
    /// What to make and where.
    public struct Options: Sendable {
        /// The folder for the PNGs, the manifest and the state file.
        public var outputDir: String
        /// Write one PNG per merchant.
        public var writePNGs = true
        /// The PDF sheet to write, if any.
        public var sheetPath: String?
        /// Stickers per sheet page, 1…60.
        public var perPage = 4
        /// Redraw everything, ignoring the previous run's state.
        public var force = false
        /// Threads for the PNGs (one of them draws the sheet when there is one).
        public var workers = ParallelWork.defaultWorkers
        /// The sticker's geometry for the PNGs; the sheet scales it to fit its grid.
        public var layout = StickerLayout()
        /// The PNGs' print resolution.
        public var dpi = 300
        /// The QR codes' error-correction level.
        public var level: ECLevel = .M

        /// The defaults above, writing into `outputDir`.
        public init(outputDir: String) { self.outputDir = outputDir }
    }

    /// One manifest line: where a merchant's sticker is.
    public struct Placement: Sendable, Equatable {
        public let merchantID: String
        public let shopName: String
        /// The PNG's name in the output folder; nil when PNGs were not asked for.
        public let file: String?
        /// The sticker's place on the sheet; nil when there is no sheet.
        public let slot: SheetLayout.Slot?
    }

    /// What a run did.
    public struct Report: Sendable {
        /// PNGs drawn in this run.
        public var pngsWritten = 0
        /// PNGs left as they were because nothing changed.
        public var pngsUnchanged = 0
        /// Whether the sheet was (re)drawn; false when it was up to date or not asked for.
        public var sheetWritten = false
        /// Pages of the sheet, drawn now or up to date; 0 without one.
        public var sheetPages = 0
        /// Merchants whose sticker could not be made, with the reason, in input order.
        public var failures: [(merchantID: String, error: QRRenderError)] = []
        /// Every sticker that was made (or is up to date), in input order.
        public var placements: [Placement] = []
        /// Where the manifest was written.
        public var manifestPath = ""
    }

    /// The stickers, one per merchant, in the order the sheet and the manifest list them.
    public let specs: [StickerSpec]
    public let fonts: StickerFonts
    public let options: Options

    /// A batch; nothing is checked or drawn until ``run(progress:)``.
    public init(specs: [StickerSpec], fonts: StickerFonts, options: Options) {
        self.specs = specs
        self.fonts = fonts
        self.options = options
    }

    /// The manifest's path.
    public var manifestPath: String { join(options.outputDir, "manifest.csv") }

    /// Runs the batch: draws the PNGs and the sheet that changed since the previous run (all of
    /// them with `force`), then writes the manifest and the state file.
    ///
    /// `progress(done, total)` is called from worker threads once per sticker drawn. A sticker
    /// that cannot be made is a failure in the report, not an error; throws when two merchant ids
    /// give the same file name, an option is out of range, or the sheet, the manifest or the
    /// state file cannot be written.
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) throws(QRRenderError) -> Report {
        let files = try fileNames()
        let sheetLayout = try options.sheetPath.map { (_) throws(QRRenderError) in
            try SheetLayout(perPage: options.perPage, stickerWidth: options.layout.width)
        }
        let statePath = join(options.outputDir, StickerBatchState.fileName)
        let previous = options.force ? StickerBatchState() : StickerBatchState(text: Self.read(statePath) ?? "")

        let hashes = specs.map(stickerHash)
        let pngJobs = options.writePNGs ? stalePNGs(hashes: hashes, previous: previous, files: files) : []
        let sheetHash = contentHash(ofSheetWith: hashes)
        let needSheet = options.sheetPath.map { sheetIsStale(at: $0, hash: sheetHash, previous: previous) } ?? false

        let total = pngJobs.count + (needSheet ? specs.count : 0)
        let done = Atomic<Int>(0)
        let tick: @Sendable () -> Void = {
            let count = done.add(1, ordering: .relaxed).newValue
            progress?(count, total)
        }
        var sheetJob: SheetJob?
        if needSheet, let sheetLayout, let sheetPath = options.sheetPath {
            sheetJob = SheetJob(specs: specs, fonts: fonts, layout: sheetLayout, level: options.level, path: sheetPath)
        }
        let drawn = try draw(pngJobs: pngJobs, files: files, sheet: sheetJob, tick: tick)

        var report = Report(manifestPath: manifestPath)
        var failures = drawn.pngFailures
        var state = previous
        var slots = [SheetLayout.Slot?](repeating: nil, count: specs.count)
        if let sheet = drawn.sheet {
            slots = sheet.slots
            report.sheetWritten = true
            report.sheetPages = sheet.pages
            failures.merge(sheet.failures) { first, _ in first }
            state.sheet = sheetHash
        } else if !needSheet, options.sheetPath != nil {
            // The sheet is up to date: the manifest still describes it.
            slots = try unchangedSheetSlots(sheetLayout!)
            report.sheetPages = slots.compactMap { $0?.page }.max() ?? 0
        }
        for index in specs.indices {
            let id = specs[index].merchantID
            if let error = failures[index] {
                report.failures.append((id, error))
                state.stickers[id] = nil
                continue
            }
            if options.writePNGs { state.stickers[id] = hashes[index] }
            report.placements.append(
                Placement(
                    merchantID: id, shopName: specs[index].shopName, file: options.writePNGs ? files[index] : nil,
                    slot: slots[index]))
        }
        report.pngsWritten = pngJobs.count - pngJobs.filter { failures[$0] != nil }.count
        report.pngsUnchanged = options.writePNGs ? specs.count - pngJobs.count : 0
        try RenderedFile.write(Array(manifest(report.placements).utf8), to: manifestPath)
        try RenderedFile.write(Array(state.text.utf8), to: statePath)
        return report
    }

    /// The indexes of the stickers whose PNG must be drawn: those whose hash differs from the
    /// previous run's (or that it did not draw), and those whose file is missing.
    private func stalePNGs(hashes: [UInt64], previous: StickerBatchState, files: [String]) -> [Int] {
        specs.indices.filter {
            previous.stickers[specs[$0].merchantID] != hashes[$0] || !Self.exists(join(options.outputDir, files[$0]))
        }
    }

    /// The sheet's content hash: the grid, the output choices and every sticker's hash in order.
    private func contentHash(ofSheetWith stickerHashes: [UInt64]) -> UInt64 {
        var hash = ContentHash()
        hash.add(UInt64(options.perPage))
        hash.add(options.sheetPath ?? "")
        hash.add(options.writePNGs ? "png" : "no-png")
        for stickerHash in stickerHashes { hash.add(stickerHash) }
        return hash.value
    }

    /// Whether the sheet at `path` must be drawn: its `hash` differs from the previous run's, or
    /// the sheet or the manifest that holds its slots is missing.
    private func sheetIsStale(at path: String, hash: UInt64, previous: StickerBatchState) -> Bool {
        previous.sheet != hash || !Self.exists(path) || !Self.exists(manifestPath)
    }

    /// Draws the PNGs of `pngJobs` (indexes into `specs`) on the worker threads and, when `sheet`
    /// is given, the sheet on a thread of its own, which leaves one worker fewer for the PNGs.
    ///
    /// Returns the PNGs that failed, by index, and what the sheet job drew (nil without one).
    /// Throws when a PNG renderer cannot be made or the sheet job fails as a whole.
    private func draw(
        pngJobs: [Int], files: [String], sheet: SheetJob?, tick: @escaping @Sendable () -> Void
    ) throws(QRRenderError) -> (pngFailures: [Int: QRRenderError], sheet: SheetJob.Outcome?) {
        let (fonts, options, specs) = (self.fonts, self.options, self.specs)
        let sheetResult = Mutex<Result<SheetJob.Outcome, QRRenderError>?>(nil)
        let group = DispatchGroup()
        if let sheet {
            DispatchQueue.global().async(group: group) {
                let result = Result { () throws(QRRenderError) in try sheet.run(tick: tick) }
                sheetResult.withLock { $0 = result }
            }
        }
        let pngFailures = Mutex<[Int: QRRenderError]>([:])
        let pngWorkers = sheet != nil ? max(1, options.workers - 1) : options.workers
        let renderError: QRRenderError?
        do throws(QRRenderError) {
            try ParallelWork.run(
                count: pngJobs.count, workers: pngWorkers,
                makeContext: { () throws(QRRenderError) in
                    try UncheckedBox(
                        StickerRenderer(fonts: fonts, layout: options.layout, dpi: options.dpi, level: options.level))
                },
                body: { renderer, job in
                    let index = pngJobs[job]
                    do throws(QRRenderError) {
                        try renderer.value.withPNG(for: specs[index]) { (bytes) throws(QRRenderError) in
                            try RenderedFile.write(bytes, to: join(options.outputDir, files[index]))
                        }
                    } catch {
                        pngFailures.withLock { $0[index] = error }
                    }
                    tick()
                })
            renderError = nil
        } catch {
            renderError = error
        }
        group.wait()
        if let renderError { throw renderError }
        let failures = pngFailures.withLock { $0 }
        return (failures, try sheetResult.withLock { $0 }?.get())
    }

    /// The manifest CSV: merchant id, name, PNG file, page, row, column (spreadsheet-safe).
    func manifest(_ placements: [Placement]) -> String {
        let writer = CSVWriter(spreadsheetSafe: true)
        var text = writer.record(["merchant_id", "name", "file", "page", "row", "column"], isHeader: true)
        for placement in placements {
            text += writer.record([
                placement.merchantID, placement.shopName, placement.file ?? "",
                placement.slot.map { String($0.page) } ?? "", placement.slot.map { String($0.row) } ?? "",
                placement.slot.map { String($0.column) } ?? "",
            ])
        }
        return text
    }

    /// PNG names for every spec; two merchants that would share a file are refused.
    func fileNames() throws(QRRenderError) -> [String] {
        var seen: [String: String] = [:]
        var names: [String] = []
        for spec in specs {
            let name = StickerFileName.png(for: spec.merchantID)
            if let other = seen[name] {
                throw .invalidOption(
                    "merchant ids \"\(other)\" and \"\(spec.merchantID)\" both give the file name \(name)")
            }
            seen[name] = spec.merchantID
            names.append(name)
        }
        return names
    }

    /// The content hash of one sticker: its data and everything about its look.
    func stickerHash(_ spec: StickerSpec) -> UInt64 {
        var hash = ContentHash()
        for part in [
            "sticker-v1", spec.merchantID, spec.shopName, spec.holder, spec.bin, spec.account, spec.commune,
            spec.bankName, String(options.layout.width), String(options.dpi), options.level.rawValue,
            fonts.regularPath, fonts.boldPath,
        ] { hash.add(part) }
        return hash.value
    }

    /// The slots of a sheet that is up to date: the stickers in order, skipping those that
    /// cannot be drawn, exactly as ``SheetJob`` placed them.
    func unchangedSheetSlots(_ layout: SheetLayout) throws(QRRenderError) -> [SheetLayout.Slot?] {
        let renderer = try StickerRenderer(fonts: fonts, layout: layout.sticker, level: options.level)
        var next = 0
        return specs.map { spec in
            guard (try? renderer.matrix(for: spec)) != nil else { return nil }
            defer { next += 1 }
            return layout.slot(next)
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Draws every sticker of the batch onto the sheet, in order, on one thread.
private struct SheetJob: @unchecked Sendable {
    let specs: [StickerSpec]
    let fonts: StickerFonts
    let layout: SheetLayout
    let level: ECLevel
    let path: String

    /// Where each sticker went (nil for those that failed), the pages used, and the failures.
    typealias Outcome = (slots: [SheetLayout.Slot?], pages: Int, failures: [Int: QRRenderError])

    /// Writes the sheet, calling `tick` after each sticker; a sticker that cannot be drawn is a
    /// failure in the outcome, and only a sheet that cannot be made or written throws.
    func run(tick: () -> Void) throws(QRRenderError) -> Outcome {
        let writer = try SheetWriter(path: path, layout: layout, fonts: fonts, title: "VietQR stickers")
        let renderer = try StickerRenderer(fonts: fonts, layout: layout.sticker, level: level)
        var slots = [SheetLayout.Slot?](repeating: nil, count: specs.count)
        var failures: [Int: QRRenderError] = [:]
        for (index, spec) in specs.enumerated() {
            do throws(QRRenderError) {
                slots[index] = writer.add(spec, matrix: try renderer.matrix(for: spec))
            } catch {
                failures[index] = error
            }
            tick()
        }
        try writer.finish()
        return (slots, writer.pages, failures)
    }
}

private func join(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
}
