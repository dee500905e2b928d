import DelimitedText
import Domain
import Foundation

/// The project's own merchant CSV format (UTF-8, comma, RFC 4180 quoting, header row).
///
/// Export writes every column below. Import reads it through `DelimitedText`, so a file saved
/// by Excel also reads: `;` or tab, a `sep=` line, UTF-16, Windows-1258, TCVN3 or VNI-Windows
/// text (converted), a byte-order mark. It reads columns by header name, in any order:
/// `name` and one of `commune_code` / `commune_name` are required, the others optional.
/// `commune_code` may be a former (pre-2025) code and `commune_name` a current or former name;
/// `id` (when given) keeps the merchant's id; `status` with `status_at` records an initial
/// QR status event (source `import`). Dates: `YYYY-MM-DD` or `dd/MM/yyyy`.
public enum MerchantCSV {
    /// The columns, in export order.
    public static let columns = [
        "id", "commune_code", "commune_name", "hamlet", "address", "name", "owner_name", "phone", "tax_code",
        "business_type", "opened_on", "closed_on", "bank_bin", "account_number", "account_name", "status", "status_at",
    ]

    /// Columns whose values are identifiers that a spreadsheet must keep as text (leading zeros;
    /// exactness: a spreadsheet keeps 15 significant digits of a number).
    public static let identifierColumns: Set<String> = [
        "id", "commune_code", "phone", "tax_code", "bank_bin", "account_number",
    ]

    /// A merchant as one export row, in ``columns`` order.
    public static func fields(_ item: MerchantWithStatus, communeName: String) -> [String] {
        let m = item.merchant
        return [
            String(m.id), m.communeCode, communeName, m.hamlet ?? "", m.address ?? "", m.name, m.ownerName ?? "",
            m.phone ?? "", m.taxCode ?? "", m.businessType ?? "", m.openedOn?.description ?? "",
            m.closedOn?.description ?? "", m.bankBIN ?? "", m.accountNumber ?? "", m.accountName ?? "",
            item.statusAt == nil ? "" : item.status.rawValue, item.statusAt.map(Timestamp.format) ?? "",
        ]
    }
}

/// Why a merchant CSV file was rejected before any row was read.
public enum MerchantImportError: Error, Equatable, CustomStringConvertible {
    case badHeader(String)
    /// Rows that failed (the first ones, up to a limit) and how many failed in all; nothing was imported.
    case invalidRows([MerchantImportRejection], totalRejected: Int)
    case unreadable(DelimitedTextError)

    public var description: String {
        switch self {
        case .badHeader(let message): "line 1: \(message)"
        case .invalidRows(let rejections, let total):
            "\(total) invalid row\(total == 1 ? "" : "s"), nothing imported; first: "
                + (rejections.first.map { "line \($0.line): \($0.errors.map(\.description).joined(separator: "; "))" }
                    ?? "")
        case .unreadable(let error): error.description
        }
    }
}

/// A CSV row that was not imported and why (each reason names its field).
public struct MerchantImportRejection: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public var errors: [MerchantFieldError]

    public init(line: Int, fields: [String], errors: [MerchantFieldError]) {
        self.line = line
        self.fields = fields
        self.errors = errors
    }
}

/// Where a merchant import's rejected rows and progress go.
public struct MerchantImportSink {
    /// Each rejected row, in file order (only when invalid rows are skipped).
    public var rejection: (MerchantImportRejection) throws -> Void
    /// The rows read so far, every few thousand rows.
    public var progress: (Int) -> Void
    /// Called once every row was passed on, inside the import's transaction before it commits:
    /// a sink that writes the rejections to a file finishes it here, and what it throws rolls
    /// the import back.
    public var finished: () throws -> Void

    public init(
        rejection: @escaping (MerchantImportRejection) throws -> Void = { _ in },
        progress: @escaping (Int) -> Void = { _ in },
        finished: @escaping () throws -> Void = {}
    ) {
        self.rejection = rejection
        self.progress = progress
        self.finished = finished
    }
}

/// What an import did.
public struct MerchantImportSummary: Sendable, Equatable {
    public var imported: Int
    public var statusEvents: Int
    public var rejected: Int

    public init(imported: Int, statusEvents: Int, rejected: Int) {
        self.imported = imported
        self.statusEvents = statusEvents
        self.rejected = rejected
    }
}
