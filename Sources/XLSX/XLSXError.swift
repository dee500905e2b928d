/// Why a workbook could not be written. Every case names the output file; nothing is left at
/// that path when writing fails (the temporary file is removed).
public enum XLSXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or its temporary sibling) could not be created or moved into place.
    case cannotCreate(path: String, reason: String)
    /// A worksheet, cell or setting was refused: `place` says which (`worksheet "Danh sách"`,
    /// `cell B7`).
    case invalidContent(path: String, place: String, reason: String)
    /// libxlsxwriter failed while assembling and writing the file.
    case cannotWrite(path: String, reason: String)

    /// The message for people, naming the file and, for refused content, the place.
    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .invalidContent(let path, let place, let reason): "cannot write \(path): \(place): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
