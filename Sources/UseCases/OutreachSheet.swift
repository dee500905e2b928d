import BankSync
import Coverage
import Domain
import Foundation
import Store
import Tabular
import VietQR

/// The outreach list: the merchants of a commune that a bank branch or volunteers should reach,
/// in the order people look them up, and the sheet they get it as.
///
/// The sheet's columns are the `qrcov-outreach` import profile's (its headers and status words,
/// Vietnamese and English), so a list edited in Excel and sent back reads through that profile:
/// merchant_id, name, owner_name, hamlet, address, phone, tax_code, bin, bank, account,
/// account_name, status, date. Contact fields are not masked: the list exists to give a bank
/// branch or volunteers the contacts to call.
public enum OutreachSheet {
    /// The merchants of `communeCode` open on `day` whose current status is in `statuses`
    /// (by default those with no QR on display), optionally only those with an account at
    /// `bankBIN`; ordered by hamlet, then name, as people look them up (case and diacritics
    /// ignored, numbers by value: `Thôn 2` before `Thôn 10`), then id.
    public static func merchants(
        in store: any RegistryStore, communeCode: String, statuses: Set<QRStatus> = [.none, .registered],
        bankBIN: String? = nil, on day: CalendarDay
    ) throws -> [MerchantWithStatus] {
        let filter = MerchantFilter(scope: .commune(communeCode), statuses: statuses, bankBIN: bankBIN, openOn: day)
        return try store.merchants(matching: filter)
            .map { item in
                (
                    hamlet: MerchantNormalization.hamletKey(item.merchant.hamlet),
                    name: VietnameseText.searchKey(item.merchant.name), item: item
                )
            }
            .sorted { a, b in
                for order in [a.hamlet.compare(b.hamlet, options: .numeric), a.name.compare(b.name, options: .numeric)]
                where order != .orderedSame {
                    return order == .orderedAscending
                }
                return a.item.merchant.id < b.item.merchant.id
            }
            .map(\.item)
    }

    /// The sheet's columns in order: the field (the English header) and its kind of cell.
    static let layout: [(field: String, kind: SheetTable.Kind)] = [
        ("merchant_id", .identifier), ("name", .text), ("owner_name", .text), ("hamlet", .text), ("address", .text),
        ("phone", .identifier), ("tax_code", .identifier), ("bin", .identifier), ("bank", .text),
        ("account", .identifier), ("account_name", .text), ("status", .text), ("date", .date),
    ]

    /// The profile the sheet is read back with, which names its columns and status words.
    static let profile = BankProfile.builtIn(named: "qrcov-outreach")!

    /// The columns: the field name (the English header), the Vietnamese header, the kind. A field
    /// the profile reads has its headers in the profile's columns; a field it ignores has its
    /// Vietnamese header just before the English one in the profile's ignored columns.
    static let columns: [(field: String, vietnamese: String, kind: SheetTable.Kind)] = layout.map { field, kind in
        if let sync = SyncField(rawValue: field), let headers = profile.columns[sync], let first = headers.first {
            return (field, first, kind)
        }
        let ignored = profile.ignoredColumns
        guard let index = ignored.firstIndex(of: field), index > 0 else {
            preconditionFailure("the qrcov-outreach profile does not name the column \(field)")
        }
        return (field, ignored[index - 1], kind)
    }

    /// The merchants as a sheet, in the given order.
    public static func table(_ merchants: [MerchantWithStatus], language: ReportLanguage) -> SheetTable {
        var sheet = SheetTable(
            name: language == .vi ? "Danh sách vận động" : "Outreach",
            columns: columns.map { SheetTable.Column(language == .vi ? $0.vietnamese : $0.field, $0.kind) })
        for item in merchants {
            let merchant = item.merchant
            let day = item.statusAt.map { CalendarDay(containing: $0).components }
            sheet.append([
                .text(String(merchant.id)),
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

    /// The status as the list shows it: the profile's (Vietnamese) word, or the status key in English.
    static func statusText(_ status: QRStatus, language: ReportLanguage) -> String {
        guard language == .vi else { return status.rawValue }
        return profile.statusWords.first { $0.status == status }?.word ?? status.rawValue
    }

    /// CSV for Excel: a UTF-8 BOM, CRLF records, formula-like text neutralized with an
    /// apostrophe, identifiers written `="0912345678"` so Excel keeps them as text, dates
    /// dd/MM/yyyy in Vietnamese and YYYY-MM-DD in English.
    public static func csv(_ sheet: SheetTable, delimiter: Character, language: ReportLanguage) -> String {
        let writer = CSVWriter(delimiter: delimiter, spreadsheetSafe: true, identifierColumns: sheet.identifierColumns)
        // Sheet dates are valid civil days (they come from CalendarDay).
        let text = sheet.textTable { language.date(CalendarDay(year: $0.year, month: $0.month, day: $0.day)!) }
        return "\u{FEFF}" + writer.render(text)
    }
}
