/// A streaming reader of delimited text (CSV with `,` `;` or tab) as Excel and office PCs write it:
/// any of the ``TextEncoding``s, detected; RFC 4180 quoting with doubled quotes and embedded
/// delimiters and line ends; CRLF, LF or lone CR line ends; an optional leading `sep=X` line.
/// Fields come out NFC-normalized. The file is read in 1 MiB chunks and no field may pass
/// ``DelimitedTextOptions/maxFieldBytes``, so memory stays flat whatever the file size.
///
/// The first record is the header (the caller's business); a blank line is a record of one empty field.
public struct DelimitedTextReader {
    /// The file's encoding, detected or forced.
    public let encoding: TextEncoding
    /// True when the file is valid UTF-8 whose text is ``encoding`` (TCVN3 or VNI-Windows) garbled
    /// through Windows-1252 ("NguyÔn V¨n", "Nguyeãn Vaên"): the reader repairs it.
    public let isMisconvertedLegacyText: Bool
    /// The field delimiter, detected or forced: `,` `;` or tab.
    public let delimiter: UInt8
    /// The path (or name) the reader was opened with, as messages show it.
    public let path: String

    private var source: ByteSource
    private var decoder: (any ChunkDecoder)?
    private let options: DelimitedTextOptions
    /// The UTF-8 text being parsed, and the raw bytes it was decoded from (when there is a decoder).
    private var buffer: [UInt8] = []
    private var raw: [UInt8] = []
    private var position = 0
    private var exhausted = false
    private var decoderFailed = false
    private var line = 1
    private var field: [UInt8] = []
    /// The record being read: its fields' text end to end.
    private var record = DelimitedFieldBytes()
    private var sawContent = false

    /// Bytes of the file consumed so far (for a progress bar).
    public var bytesRead: Int { source.bytesRead }
    /// The file's size in bytes (0 when unknown, as for a pipe).
    public var totalBytes: Int { source.totalBytes }

    /// Opens a file, detects its encoding and delimiter, and skips a `sep=` line.
    ///
    /// Throws ``DelimitedTextError`` when the file cannot be opened or read, holds no text,
    /// is TCVN3 or VNI-Windows under ``LegacyEncodingPolicy/refuse``, or is Windows-1258 on a
    /// system whose iconv cannot convert it.
    public init(path: String, options: DelimitedTextOptions = .init()) throws(DelimitedTextError) {
        try self.init(source: ByteSource(path: path), path: path, options: options)
    }

    /// Reads bytes held in memory; `name` stands for the file in messages. Throws as
    /// ``init(path:options:)`` does, except for opening.
    public init(
        bytes: [UInt8], name: String = "<memory>", options: DelimitedTextOptions = .init()
    ) throws(DelimitedTextError) {
        try self.init(source: ByteSource(bytes: bytes, name: name), path: name, options: options)
    }

    private init(source: ByteSource, path: String, options: DelimitedTextOptions) throws(DelimitedTextError) {
        var source = source
        let sample = try source.peek(upTo: EncodingDetector.scoredBytes)
        let isComplete = sample.count < EncodingDetector.scoredBytes
        let detection: EncodingDetection
        if let forced = options.encoding {
            detection = EncodingDetection(
                encoding: forced, byteOrderMarkLength: Self.byteOrderMarkLength(of: forced, in: sample))
        } else {
            detection = EncodingDetector.detect(sample, isComplete: isComplete)
            if detection.encoding.isLegacyFontEncoding && options.legacyEncodings == .refuse {
                throw .legacyEncodingRefused(
                    path: path, encoding: detection.encoding,
                    advice: DelimitedTextError.reSaveAdvice(
                        for: detection.encoding, misconverted: detection.misconverted))
            }
        }
        let makeDecoder = { () throws(DelimitedTextError) -> (any ChunkDecoder)? in
            let decoder = EncodingDetector.decoder(for: detection.encoding, misconverted: detection.misconverted)
            if decoder == nil && detection.encoding == .windows1258 {
                throw .readFailed(
                    path: path,
                    reason: "this system's iconv cannot convert Windows-1258 (install glibc's gconv modules)")
            }
            return decoder
        }
        // The start of the text, decoded apart from the reading itself, shows the dialect.
        let body = Array(sample.dropFirst(detection.byteOrderMarkLength))
        var start = body
        var startIsValid = true
        if var startDecoder = try makeDecoder() {
            (start, startIsValid) = startDecoder.decodeSample(body, isComplete: isComplete)
        }
        if isComplete && startIsValid && start.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
            throw .empty(path: path)
        }
        let separatorLine = Dialect.separatorLine(start[...])
        source.discard(detection.byteOrderMarkLength)
        self.source = source
        self.path = path
        self.options = options
        encoding = detection.encoding
        isMisconvertedLegacyText = detection.misconverted
        delimiter = options.delimiter ?? separatorLine ?? Dialect.detectDelimiter(start[...])
        decoder = try makeDecoder()
        buffer.reserveCapacity(options.chunkBytes)
        field.reserveCapacity(256)
        record.reserve(bytes: 1024, fields: 32)
        if separatorLine != nil { _ = try readRecord() }
    }

    /// The next record, nil at the end of the file.
    ///
    /// Throws ``DelimitedTextError`` naming the line for bytes that are not text in the file's
    /// encoding, a NUL byte, a quote never closed, or a field over
    /// ``DelimitedTextOptions/maxFieldBytes``; for a read failure; and for a file without content.
    public mutating func next() throws(DelimitedTextError) -> DelimitedRecord? {
        record.keepsStrings = true
        guard let line = try read() else { return nil }
        return DelimitedRecord(fields: record.takeStrings(), line: line)
    }

    /// Reads the next record as ``next()`` does, appending its fields to `fields`: no array is
    /// made for each record (a reader of millions of rows keeps one for a batch of them).
    /// Returns the record's first line, nil at the end of the file; throws as ``next()`` does.
    public mutating func next(appendingFieldsTo fields: inout [String]) throws(DelimitedTextError) -> Int? {
        record.keepsStrings = true
        guard let line = try read() else { return nil }
        record.moveStrings(appendingTo: &fields)
        return line
    }

    /// Reads the next record's fields as UTF-8 bytes (NFC, as ``next()`` gives them) into
    /// ``fields``, without making a String of each. Returns the record's first line, nil at the
    /// end of the file; throws as ``next()`` does. For readers of millions of rows that look at
    /// the bytes first.
    public mutating func nextFields() throws(DelimitedTextError) -> Int? {
        record.keepsStrings = false
        return try read()
    }

    private mutating func read() throws(DelimitedTextError) -> Int? {
        guard let line = try readRecord() else {
            if !sawContent { throw .empty(path: path) }
            return nil
        }
        if !sawContent { sawContent = record.hasContent }
        return line
    }

    /// The fields of the record ``nextFields()`` last read (empty after ``next()``). A copy that
    /// outlives the next read costs a copy of its buffers: read what you need, then read on.
    public var fields: DelimitedFieldBytes { record }

    /// Closes the file; reading after this returns nil.
    public mutating func close() {
        source.close()
        exhausted = true
        sawContent = true
        buffer = []
        position = 0
    }

    private static func byteOrderMarkLength(of encoding: TextEncoding, in sample: [UInt8]) -> Int {
        switch encoding {
        case .utf8, .utf8WithBOM: sample.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        case .utf16LE: sample.starts(with: [0xFF, 0xFE]) ? 2 : 0
        case .utf16BE: sample.starts(with: [0xFE, 0xFF]) ? 2 : 0
        case .windows1258, .tcvn3, .vniWindows: 0
        }
    }

    // MARK: - Parsing

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    /// Where the parser is within a field (`taken`: an unquoted field already taken into the
    /// record straight from the buffer, up to its delimiter or line end).
    private enum FieldState {
        case start, unquoted, quoted, afterQuote, taken
    }

    /// Reads the next record into `record`; returns its first line, nil at the end of the file.
    private mutating func readRecord() throws(DelimitedTextError) -> Int? {
        record.removeAll()
        let recordLine = line
        var fieldLine = line
        var state = FieldState.start
        field.removeAll(keepingCapacity: true)
        while let byte = try nextByte() {
            if state == .quoted {
                switch byte {
                case Self.quote:
                    if try peekByte() == Self.quote {
                        position += 1
                        try append(Self.quote, column: record.count + 1, line: fieldLine)
                    } else {
                        state = .afterQuote
                    }
                case Self.lineFeed:
                    line += 1
                    try append(byte, column: record.count + 1, line: fieldLine)
                case Self.carriageReturn:
                    line += 1
                    try append(byte, column: record.count + 1, line: fieldLine)
                    if try peekByte() == Self.lineFeed {
                        position += 1
                        try append(Self.lineFeed, column: record.count + 1, line: fieldLine)
                    }
                default:
                    try append(byte, column: record.count + 1, line: fieldLine)
                    try appendRun(quoted: true, column: record.count + 1, line: fieldLine)
                }
                continue
            }
            switch byte {
            case delimiter:
                if state != .taken { try takeField(line: fieldLine) }
                state = .start
                fieldLine = line
            case Self.lineFeed:
                line += 1
                if state != .taken { try takeField(line: fieldLine) }
                return recordLine
            case Self.carriageReturn:
                line += 1
                // The field is checked before the peek for a CRLF's LF: that peek may read the next
                // chunk and meet bytes that are not text, an error that must not hide this field's.
                if state != .taken { try takeField(line: fieldLine) }
                if try peekByte() == Self.lineFeed { position += 1 }
                return recordLine
            case Self.quote where state == .start:
                state = .quoted
            case _ where state == .start:
                if try takeFieldInBuffer(from: position - 1, column: record.count + 1, line: fieldLine) {
                    state = .taken
                    continue
                }
                state = .unquoted
                try append(byte, column: record.count + 1, line: fieldLine)
                try appendRun(quoted: false, column: record.count + 1, line: fieldLine)
            default:
                try append(byte, column: record.count + 1, line: fieldLine)
                try appendRun(quoted: false, column: record.count + 1, line: fieldLine)
            }
        }
        if state == .quoted { throw .unterminatedQuote(path: path, line: fieldLine) }
        if record.count == 0 && field.isEmpty && state == .start { return nil }
        if state != .taken { try takeField(line: fieldLine) }
        return recordLine
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8, column: Int, line fieldLine: Int) throws(DelimitedTextError) {
        field.append(byte)
        if field.count > options.maxFieldBytes {
            throw .fieldTooLong(path: path, line: fieldLine, column: column, limit: options.maxFieldBytes)
        }
    }

    /// Appends, in one copy, the bytes from the current position up to the next byte that needs
    /// the state machine: a quote or line end inside quotes; the delimiter or a line end outside.
    private mutating func appendRun(quoted: Bool, column: Int, line fieldLine: Int) throws(DelimitedTextError) {
        let start = position
        let delimiter = quoted ? Self.quote : self.delimiter
        let end = buffer.withUnsafeBufferPointer { bytes in
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn
                    || quoted && byte == Self.quote
                {
                    break
                }
                end += 1
            }
            return end
        }
        guard end > start else { return }
        field.append(contentsOf: buffer[start..<end])
        position = end
        if field.count > options.maxFieldBytes {
            throw .fieldTooLong(path: path, line: fieldLine, column: column, limit: options.maxFieldBytes)
        }
    }

    private mutating func takeField(line fieldLine: Int) throws(DelimitedTextError) {
        let failure = field.withUnsafeBufferPointer { record.append($0) }
        if let failure { throw error(failure, line: fieldLine) }
        if !field.isEmpty { field.removeAll(keepingCapacity: true) }
    }

    /// The common case without a copy into `field`: an unquoted field starting at `start` whose
    /// delimiter or line end is in the buffer goes straight from the buffer into the record.
    /// False (nothing consumed) when the field runs to the end of the buffer.
    private mutating func takeFieldInBuffer(
        from start: Int, column: Int, line fieldLine: Int
    ) throws(DelimitedTextError) -> Bool {
        let delimiter = self.delimiter
        let limit = options.maxFieldBytes
        // Moved out while the buffer is read (an empty value: no allocation), and back after.
        var record = DelimitedFieldBytes()
        swap(&record, &self.record)
        defer { swap(&record, &self.record) }
        let (end, failure) = buffer.withUnsafeBufferPointer { bytes -> (Int, FieldText.Failure??) in
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                end += 1
            }
            guard end < bytes.count, end - start <= limit else { return (end, .none) }
            return (end, .some(record.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))))
        }
        guard let failure else {
            if end < buffer.count { throw .fieldTooLong(path: path, line: fieldLine, column: column, limit: limit) }
            return false
        }
        if let failure { throw error(failure, line: fieldLine) }
        position = end
        return true
    }

    private func error(_ failure: FieldText.Failure, line fieldLine: Int) -> DelimitedTextError {
        switch failure {
        case .nulByte: .nulByte(path: path, line: fieldLine)
        case .invalidUTF8: .invalidText(path: path, line: fieldLine, encoding: encoding)
        }
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func nextByte() throws(DelimitedTextError) -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    @inline(__always)
    private mutating func peekByte() throws(DelimitedTextError) -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    /// Replaces the parsed text with the next chunk; false at the end of the file. Text a decoder
    /// produced before an invalid sequence is handed out first; the error comes at the next refill,
    /// when `line` is the line the bad bytes are on.
    private mutating func refill() throws(DelimitedTextError) -> Bool {
        position = 0
        buffer.removeAll(keepingCapacity: true)
        while true {
            if decoderFailed { throw .invalidText(path: path, line: line, encoding: encoding) }
            guard !exhausted else { return false }
            guard var decoder else {
                guard try source.next(upTo: options.chunkBytes, into: &buffer) else {
                    exhausted = true
                    return false
                }
                return true
            }
            let more = try source.next(upTo: options.chunkBytes, into: &raw)
            if !more { raw.removeAll() }
            let valid = raw.withUnsafeBufferPointer { decoder.decode($0, isLast: !more, into: &buffer) }
            self.decoder = decoder
            if !more { exhausted = true }
            if !valid { decoderFailed = true }
            if !buffer.isEmpty { return true }
        }
    }
}
