/// How a ``DelimitedTextReader`` reads a file.
public struct DelimitedTextOptions: Sendable {
    /// The field delimiter; nil detects it: a leading `sep=X` line wins, else the most frequent of
    /// `,` `;` and tab outside quotes in the first record (`,` when none occurs).
    public var delimiter: UInt8?
    /// The text encoding; nil detects it (byte-order marks, then valid UTF-8, else the most
    /// Vietnamese-looking of Windows-1258, TCVN3 and VNI-Windows). Forcing is for tests and an `--encoding` option.
    public var encoding: TextEncoding?
    /// The longest field accepted, in UTF-8 bytes after decoding (default 1 MiB): a longer field is
    /// an error as soon as it passes the limit, so memory stays bounded.
    public var maxFieldBytes: Int
    /// What to do with text detected as TCVN3 or VNI-Windows (a forced ``encoding`` is always converted).
    public var legacyEncodings: LegacyEncodingPolicy
    /// Bytes read from the file at a time (tests use tiny chunks to cross every chunk boundary).
    var chunkBytes = 1 << 20

    /// Options as given; the defaults detect the delimiter and encoding and convert legacy text.
    public init(
        delimiter: UInt8? = nil,
        encoding: TextEncoding? = nil,
        maxFieldBytes: Int = 1 << 20,
        legacyEncodings: LegacyEncodingPolicy = .convert
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.maxFieldBytes = maxFieldBytes
        self.legacyEncodings = legacyEncodings
    }
}

/// One record: its fields (NFC-normalized) and the 1-based physical line of the file it starts on.
///
/// A record with an embedded newline spans several lines; the `sep=` line, when present, is line 1.
/// A blank line is a record of one empty field.
public struct DelimitedRecord: Sendable, Equatable {
    /// The fields in file order, NFC; never empty.
    public var fields: [String]
    /// The 1-based line the record starts on.
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
