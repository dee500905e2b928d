import CXLSXWriter
import FileOutput
import Foundation

/// An XLSX workbook written atomically to ``path``.
///
/// libxlsxwriter assembles the file under a temporary name in the same folder (reserved when
/// the workbook is made, so an unwritable folder fails at once), and ``close()`` renames it into
/// place (a device such as `/dev/full` is written in place: ``FileOutput/AtomicFile``). When anything fails, or the workbook is dropped without `close()`, the temporary file
/// is removed and whatever was at `path` before is untouched.
///
/// Use a workbook from one thread. ``Worksheet``s keep their workbook alive; writing to one
/// after `close()` is a programming error.
public final class Workbook {
    /// Where the finished file goes.
    public let path: String
    private let temporaryPath: String
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]

    /// Starts a workbook for `path` and reserves its temporary file beside it; throws
    /// ``XLSXError/cannotCreate(path:reason:)`` when the folder is missing or not writable.
    public init(path: String) throws(XLSXError) {
        self.path = path
        do throws(FileWriteError) {
            temporaryPath = try AtomicFile.createTemporary(for: path)
        } catch {
            throw .cannotCreate(path: path, reason: error.reason)
        }
        guard let handle = workbook_new(temporaryPath) else {
            AtomicFile.discard(temporaryPath)
            throw .cannotCreate(path: path, reason: "libxlsxwriter could not start a workbook")
        }
        self.handle = handle
    }

    deinit {
        if let handle {
            lxw_workbook_free(handle)
            AtomicFile.discard(temporaryPath)
        }
    }

    /// Adds a worksheet; its name must be unique, 1–31 characters, none of `[ ] : * ? / \`,
    /// and not start or end with an apostrophe. Throws ``XLSXError/invalidContent(path:place:reason:)``
    /// naming the worksheet otherwise.
    public func addWorksheet(named name: String) throws(XLSXError) -> Worksheet {
        let workbook = openHandle
        let check = workbook_validate_sheet_name(workbook, name)
        guard check == LXW_NO_ERROR else {
            throw .invalidContent(path: path, place: "worksheet \"\(name)\"", reason: Self.message(check))
        }
        guard let sheet = workbook_add_worksheet(workbook, name) else {
            throw .invalidContent(path: path, place: "worksheet \"\(name)\"", reason: "libxlsxwriter refused it")
        }
        return Worksheet(workbook: self, handle: sheet, name: name)
    }

    /// Writes the workbook and renames it into place. The workbook cannot be used afterwards.
    ///
    /// Throws ``XLSXError/cannotWrite(path:reason:)`` when libxlsxwriter fails, or
    /// ``XLSXError/cannotCreate(path:reason:)`` when the rename fails; then the temporary file is
    /// removed and whatever was at ``path`` is untouched.
    public func close() throws(XLSXError) {
        let workbook = openHandle
        handle = nil
        formats = [:]
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            AtomicFile.discard(temporaryPath)
            throw .cannotWrite(path: path, reason: Self.message(status))
        }
        do throws(FileWriteError) {
            try AtomicFile.commit(temporaryPath, to: path)
        } catch {
            throw .cannotCreate(path: path, reason: error.reason)
        }
    }

    /// The libxlsxwriter format for a style (nil for General), made once per distinct style.
    func format(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        guard style != .general else { return nil }
        if let format = formats[style] { return format }
        let format = workbook_add_format(openHandle)
        if let format {
            if style.bold { format_set_bold(format) }
            if let code = style.numberFormat { format_set_num_format(format, code) }
            formats[style] = format
        }
        return format
    }

    private var openHandle: UnsafeMutablePointer<lxw_workbook> {
        guard let handle else { preconditionFailure("workbook \(path) used after close()") }
        return handle
    }

    /// libxlsxwriter's description of an error code.
    static func message(_ error: lxw_error) -> String {
        lxw_strerror(error).map { String(cString: $0) } ?? "libxlsxwriter error \(error.rawValue)"
    }
}
