/// Why a delimited text file could not be read. ``description`` is a complete, user-facing message
/// that names the file and, where there is one, the line (`file:line: …`).
public enum DelimitedTextError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened (missing, a folder, no permission).
    case cannotOpen(path: String, reason: String)
    /// Reading failed part-way, or the system cannot convert the file's encoding.
    case readFailed(path: String, reason: String)
    /// No records: 0 bytes, only a byte-order mark, only whitespace, or only a `sep=` line.
    case empty(path: String)
    /// TCVN3 or VNI-Windows text under ``LegacyEncodingPolicy/refuse``; `advice` says how to re-save it.
    case legacyEncodingRefused(path: String, encoding: TextEncoding, advice: String)
    /// Bytes that are not valid in the file's (detected or forced) encoding, on or after `line`.
    case invalidText(path: String, line: Int, encoding: TextEncoding)
    /// A NUL byte: a binary file, or UTF-16 saved without a byte-order mark.
    case nulByte(path: String, line: Int)
    /// A quoted field that starts on `line` is never closed.
    case unterminatedQuote(path: String, line: Int)
    /// The field in 1-based `column` of the record on `line` passes `limit` bytes.
    case fieldTooLong(path: String, line: Int, column: Int, limit: Int)
    /// Line `line` of a file read line by line (``LineReader``) passes `limit` bytes.
    case lineTooLong(path: String, line: Int, limit: Int)

    /// The message for people: `file: …` or `file:line: …`, and what to do when there is a fix.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "\(path): cannot open: \(reason)"
        case .readFailed(let path, let reason):
            "\(path): read failed: \(reason)"
        case .empty(let path):
            "\(path): the file is empty (no header row, no data)"
        case .legacyEncodingRefused(let path, let encoding, let advice):
            "\(path): the text is in \(encoding.displayName), an old Vietnamese font encoding; \(advice)"
        case .invalidText(let path, let line, let encoding):
            "\(path):\(line): bytes that are not valid \(encoding.displayName) text; "
                + "open the file in Excel and save it as \"CSV UTF-8\""
        case .nulByte(let path, let line):
            "\(path):\(line): a NUL byte: not a text file, or UTF-16 saved without a byte-order mark; "
                + "open it in Excel and save it as \"CSV UTF-8\""
        case .unterminatedQuote(let path, let line):
            "\(path):\(line): a quoted field that starts on this line is never closed (a missing \")"
        case .fieldTooLong(let path, let line, let column, let limit):
            "\(path):\(line): column \(column) is longer than \(limit) bytes"
        case .lineTooLong(let path, let line, let limit):
            "\(path):\(line): line longer than \(limit) bytes"
        }
    }

    /// The advice given when TCVN3 or VNI-Windows text is refused.
    static func reSaveAdvice(for encoding: TextEncoding, misconverted: Bool) -> String {
        let source = encoding == .tcvn3 ? "TCVN3 (ABC)" : "VNI Windows"
        let how =
            misconverted
            ? "the file was saved as UTF-8 from text that was still in \(source), "
                + "so its letters are garbled (\"NguyÔn\", \"Nguyeãn\"); "
            : ""
        return how + "convert the text to Unicode with UniKey Toolkit "
            + "(Ctrl+Shift+F6; source \"\(source)\", destination \"Unicode\"), "
            + "then save the file from Excel as \"CSV UTF-8\" and import it again"
    }
}
