/// Reads a UTF-8 text file, or standard input, one line at a time in bounded memory: the input is
/// read in 64 KiB chunks, and a line longer than ``maxLineBytes`` is an error as soon as the
/// limit is passed, so a file that is one 200 MB line costs no more memory than the limit.
///
/// Lines end at LF; a CR before it is dropped, a UTF-8 byte-order mark at the very start too, and
/// a last line without LF counts. Bytes that are not UTF-8 become U+FFFD, as
/// `String(decoding:as:)` makes them (callers check what the text must be).
public struct LineReader {
    /// The limit for the lists people keep a line per item in (payloads, merchant ids): far above
    /// any VietQR payload (EMV allows 512 characters, at most 2 KiB of UTF-8) or the line of a
    /// CSV export, far below what would hurt.
    public static let defaultMaxLineBytes = 64 * 1024
    /// The longest line accepted, in bytes without its line end.
    public let maxLineBytes: Int
    /// The 1-based number of the line ``next()`` returned last (0 before the first).
    public private(set) var lineNumber = 0
    private let name: String
    private var source: ByteSource
    private var chunk: [UInt8] = []
    private var position = 0

    /// Opens the file at `path` (named so in errors); throws
    /// ``DelimitedTextError/cannotOpen(path:reason:)`` when it cannot be opened or is a folder.
    public init(path: String, maxLineBytes: Int = defaultMaxLineBytes) throws(DelimitedTextError) {
        source = try ByteSource(path: path)
        name = path
        self.maxLineBytes = maxLineBytes
    }

    /// Reads standard input, named `name` (`stdin`) in errors.
    public init(standardInputNamed name: String, maxLineBytes: Int = defaultMaxLineBytes) {
        source = ByteSource(standardInputNamed: name)
        self.name = name
        self.maxLineBytes = maxLineBytes
    }

    /// The next line without its line end, nil at the end of the input. Throws
    /// ``DelimitedTextError/lineTooLong(path:line:limit:)`` for a line over the limit (without
    /// reading the rest of it) and ``DelimitedTextError/readFailed(path:reason:)``.
    public mutating func next() throws(DelimitedTextError) -> String? {
        var line: [UInt8] = []
        var started = false
        while true {
            if position == chunk.count {
                position = 0
                guard try source.next(upTo: 1 << 16, into: &chunk) else {
                    chunk = []
                    guard started else { return nil }
                    break
                }
            }
            started = true
            let end = chunk[position...].firstIndex(of: 0x0A)
            // One byte more than the limit may be the CR of a CRLF line end.
            guard line.count + (end ?? chunk.count) - position <= maxLineBytes + 1 else {
                throw .lineTooLong(path: name, line: lineNumber + 1, limit: maxLineBytes)
            }
            line.append(contentsOf: chunk[position..<(end ?? chunk.count)])
            position = end.map { $0 + 1 } ?? chunk.count
            if end != nil { break }
        }
        lineNumber += 1
        if line.last == 0x0D { line.removeLast() }
        guard line.count <= maxLineBytes else {
            throw .lineTooLong(path: name, line: lineNumber, limit: maxLineBytes)
        }
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        return String(decoding: line, as: UTF8.self)
    }
}
