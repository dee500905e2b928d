import DelimitedText

/// A bank file opened for import: its reader positioned after the header, and the header bound
/// to a profile. Opening reads only the start of the file (no registry is involved), so a file
/// that cannot be read or whose header does not fit fails before the registry is touched.
public struct BankFile {
    /// The path as given.
    public let path: String
    public let layout: BankFileLayout
    private var reader: DelimitedTextReader

    /// Opens `path`, detects its encoding and delimiter, and binds its header to `profile`.
    public init(path: String, profile: BankProfile, options: DelimitedTextOptions = .init()) throws(BankFileError) {
        var reader: DelimitedTextReader
        do { reader = try DelimitedTextReader(path: path, options: options) } catch { throw .unreadable(error) }
        var header: DelimitedRecord? = nil
        do {
            while let record = try reader.next() {
                if !BankFileLayout.isBlank(record.fields) {
                    header = record
                    break
                }
            }
        } catch {
            throw .unreadable(error)
        }
        guard let header else { throw .unreadable(.empty(path: path)) }
        do { layout = try BankFileLayout(header: header.fields, profile: profile) } catch {
            throw .header(path: path, line: header.line, error)
        }
        self.reader = reader
        self.path = path
    }

    /// The detected (or forced) text encoding.
    public var encoding: TextEncoding { reader.encoding }
    /// The detected (or forced) delimiter.
    public var delimiter: UInt8 { reader.delimiter }
    /// Bytes read so far and the file's size, for a progress bar.
    public var bytesRead: Int { reader.bytesRead }
    public var totalBytes: Int { reader.totalBytes }

    /// Reads the next record after the header, appending its fields to `fields`; returns the
    /// record's first line, nil at the end.
    public mutating func next(appendingFieldsTo fields: inout [String]) throws(BankFileError) -> Int? {
        do { return try reader.next(appendingFieldsTo: &fields) } catch { throw .unreadable(error) }
    }

    public mutating func close() { reader.close() }
}

/// Why a bank file could not be imported at all.
public enum BankFileError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read, or not as text (``DelimitedTextError`` names the file and line).
    case unreadable(DelimitedTextError)
    /// The header does not fit the profile.
    case header(path: String, line: Int, HeaderMismatch)

    public var description: String {
        switch self {
        case .unreadable(let error): error.description
        case .header(let path, let line, let mismatch): "\(path):\(line): \(mismatch)"
        }
    }
}
