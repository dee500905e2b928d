import Coverage
import Domain
import SQLiteStore
import Store
import Tabular
import VietQR

/// The outreach list as a table, in the columns every export and the `qrcov-outreach` import
/// profile share: merchant_id, name, owner_name, hamlet, address, phone, tax_code, bin, bank,
/// account, account_name, status, date. Headers and status words are Vietnamese by default,
/// the English field names and status keys with `--lang en`. Contact fields are not masked:
/// the list exists to give a bank branch or volunteers the contacts to call.
enum OutreachSheet {
    /// The columns in order: field name (the English header), Vietnamese header, kind.
    static let columns: [(field: String, vietnamese: String, kind: SheetTable.Kind)] = [
        ("merchant_id", "Mã cơ sở", .integer),
        ("name", "Tên cơ sở", .text),
        ("owner_name", "Chủ cơ sở", .text),
        ("hamlet", "Thôn/Tổ dân phố", .text),
        ("address", "Địa chỉ", .text),
        ("phone", "Số điện thoại", .identifier),
        ("tax_code", "Mã số thuế", .identifier),
        ("bin", "BIN ngân hàng", .identifier),
        ("bank", "Ngân hàng", .text),
        ("account", "Số tài khoản", .identifier),
        ("account_name", "Tên chủ tài khoản", .text),
        ("status", "Trạng thái", .text),
        ("date", "Ngày cập nhật", .date),
    ]

    /// The merchants as a sheet, in the given order.
    static func table(_ merchants: [MerchantWithStatus], language: ReportLanguage) -> SheetTable {
        var sheet = SheetTable(
            name: language == .vi ? "Danh sách vận động" : "Outreach",
            columns: columns.map { SheetTable.Column(language == .vi ? $0.vietnamese : $0.field, $0.kind) })
        for item in merchants {
            let merchant = item.merchant
            let day = item.statusAt.map { CalendarDay(containing: $0).components }
            sheet.append([
                .integer(Int(merchant.id)),
                .text(merchant.name),
                SheetCell(text: merchant.ownerName),
                SheetCell(text: merchant.hamlet),
                SheetCell(text: merchant.address),
                SheetCell(text: merchant.phone),
                SheetCell(text: merchant.taxCode),
                SheetCell(text: merchant.bankBIN),
                SheetCell(text: merchant.bankBIN.flatMap { BankDirectory.shared.bank(bin: $0)?.shortName }),
                SheetCell(text: merchant.accountNumber),
                SheetCell(text: merchant.accountName),
                .text(statusText(item.status, language: language)),
                day.map { .date(SheetDate(year: $0.year, month: $0.month, day: $0.day)) } ?? .empty,
            ])
        }
        return sheet
    }

    /// The status as the list shows it: Vietnamese words, or the status key in English.
    static func statusText(_ status: QRStatus, language: ReportLanguage) -> String {
        guard language == .vi else { return status.rawValue }
        switch status {
        case .none: return "Chưa có QR"
        case .registered: return "Đã đăng ký"
        case .displayed: return "Đã treo QR"
        case .verified: return "Đã xác minh"
        }
    }

    /// CSV for Excel: a UTF-8 BOM, CRLF records, formula-like text neutralized with an
    /// apostrophe, identifiers written `="0912345678"` so Excel keeps them as text, dates
    /// dd/MM/yyyy in Vietnamese and YYYY-MM-DD in English.
    static func csv(_ sheet: SheetTable, delimiter: Character, language: ReportLanguage) -> String {
        let writer = CSVWriter(delimiter: delimiter, spreadsheetSafe: true, identifierColumns: sheet.identifierColumns)
        // Sheet dates are valid civil days (they come from CalendarDay).
        let text = sheet.textTable { language.date(CalendarDay(year: $0.year, month: $0.month, day: $0.day)!) }
        return "\u{FEFF}" + writer.render(text)
    }
}
