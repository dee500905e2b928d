#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV record and the line of the file it starts on.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    /// 1-based line number of the record's first line.
    public var line: Int
}

/// Why a CSV file could not be read.
public enum CSVReadError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case unterminatedQuote(line: Int)
    case invalidUTF8(line: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
        case .readFailed(let path, let reason): "\(path): read failed: \(reason)"
        case .unterminatedQuote(let line): "line \(line): a quoted field is not closed"
        case .invalidUTF8(let line): "line \(line): not valid UTF-8 (save the file as UTF-8)"
        }
    }
}

/// A streaming RFC 4180 reader (comma-separated, `"` quoting with doubled quotes, CRLF or LF)
/// over a file read in 1 MiB chunks, so memory stays flat whatever the file size.
/// A UTF-8 byte-order mark at the start is skipped; fields must be valid UTF-8.
public struct CSVReader {
    private let fileDescriptor: Int32?
    private let path: String
    private var buffer: [UInt8]
    private var position = 0
    private var exhausted = false
    private var line = 1
    private var atStart = true
    private var field: [UInt8] = []
    /// The previous record's field count, to size the next one's array.
    private var fieldCount = 16

    /// Opens a file for reading.
    public init(path: String) throws(CSVReadError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        fileDescriptor = fd
        self.path = path
        buffer = []
        buffer.reserveCapacity(1 << 20)
        field.reserveCapacity(256)
    }

    /// Reads CSV text held in memory (embedded reference data, tests).
    public init(text: String) {
        fileDescriptor = nil
        path = "<text>"
        buffer = Array(text.utf8)
        exhausted = true
    }

    /// Closes the file; reading after this returns nil.
    public mutating func close() {
        if let fileDescriptor { _ = Glibc.close(fileDescriptor) }
        exhausted = true
        buffer = []
        position = 0
    }

    private mutating func refill() throws(CSVReadError) -> Bool {
        guard !exhausted, let fileDescriptor else { return false }
        buffer.removeAll(keepingCapacity: true)
        position = 0
        let capacity = 1 << 20
        var count = 0
        buffer = [UInt8](unsafeUninitializedCapacity: capacity) { raw, initialized in
            while true {
                let n = read(fileDescriptor, raw.baseAddress, capacity)
                if n < 0 && errno == EINTR { continue }
                count = n
                initialized = max(n, 0)
                return
            }
        }
        if count < 0 { throw .readFailed(path: path, reason: String(cString: strerror(errno))) }
        if count == 0 { exhausted = true; return false }
        return true
    }

    private mutating func nextByte() throws(CSVReadError) -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() throws(CSVReadError) -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    private mutating func takeField(into fields: inout [String], recordLine: Int) throws(CSVReadError) {
        let text = try field.withUnsafeBufferPointer { bytes throws(CSVReadError) -> String in
            // Decoding repairs bad sequences; the bytes are valid UTF-8 exactly when decoding
            // left them unchanged (cheaper than the generic `String(validating:as:)`).
            var decoded = String(decoding: bytes, as: UTF8.self)
            let unchanged = decoded.withUTF8 { utf8 in
                utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
            guard unchanged else { throw .invalidUTF8(line: recordLine) }
            return decoded
        }
        fields.append(text)
        field.removeAll(keepingCapacity: true)
    }

    /// Appends the bytes from the current position up to the next comma, quote or line end in
    /// the buffer in one copy (most of a field, without the per-byte state machine).
    private mutating func takePlainRun() {
        let start = position
        let end = buffer.withUnsafeBufferPointer { bytes in
            var end = start
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") { break }
                end += 1
            }
            return end
        }
        if end > start {
            field.append(contentsOf: buffer[start..<end])
            position = end
        }
    }

    /// The next record, or nil at the end of the input. Blank lines are skipped.
    public mutating func next() throws(CSVReadError) -> CSVRecord? {
        if atStart {
            atStart = false
            if try peekByte() == 0xEF, position + 3 <= buffer.count,
               buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
                position += 3
            }
        }
        while true {
            var fields: [String] = []
            fields.reserveCapacity(fieldCount)
            let recordLine = line
            var inQuotes = false
            var sawAnything = false
            var endOfLine = false
            while !endOfLine, let byte = try nextByte() {
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if try peekByte() == UInt8(ascii: "\"") {
                            position += 1
                            field.append(byte)
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inQuotes = true
                    sawAnything = true
                case UInt8(ascii: ","):
                    try takeField(into: &fields, recordLine: recordLine)
                    sawAnything = true
                case UInt8(ascii: "\r"):
                    break
                case UInt8(ascii: "\n"):
                    line += 1
                    endOfLine = true
                default:
                    field.append(byte)
                    sawAnything = true
                    takePlainRun()
                }
            }
            if inQuotes { throw .unterminatedQuote(line: recordLine) }
            if sawAnything || !field.isEmpty {
                try takeField(into: &fields, recordLine: recordLine)
                fieldCount = fields.count
                return CSVRecord(fields: fields, line: recordLine)
            }
            if !endOfLine { return nil }
        }
    }
}
