import Tabular
import XLSX

/// Writing workbooks from the CLI: libxlsxwriter failures become exit codes.
enum XLSXOutput {
    /// Writes the tables as one workbook at `path`, atomically. A file that cannot be created
    /// exits 73, a failure while writing it 74, content Excel cannot hold 65.
    static func write(_ tables: [SheetTable], to path: String) throws {
        do {
            try Workbook.write(tables, to: path)
        } catch {
            switch error {
            case .cannotCreate: throw CLIError(.cantCreate, error.description)
            case .cannotWrite: throw CLIError(.ioError, error.description)
            case .invalidContent: throw CLIError(.dataError, error.description)
            }
        }
    }
}
