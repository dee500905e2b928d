import Concurrency
import Coverage
import DelimitedText
import Domain
import Foundation
import GRDB
import HashIndex
import Store
import VietQR

/// Where each known column sits in an import file's header.
struct MerchantCSVLayout {
    /// The position of each of ``MerchantCSV/columns`` in the file, nil when absent.
    private let positions: [Int?]
    /// The number of columns of the header.
    let width: Int

    init(header: [String]) throws {
        var index: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard MerchantCSV.columns.contains(name) else {
                throw MerchantImportError.badHeader(
                    "unknown column \"\(raw)\" (known: \(MerchantCSV.columns.joined(separator: ",")))")
            }
            guard index[name] == nil else { throw MerchantImportError.badHeader("column \"\(name)\" appears twice") }
            index[name] = position
        }
        guard index["name"] != nil else { throw MerchantImportError.badHeader("the \"name\" column is required") }
        guard index["commune_code"] != nil || index["commune_name"] != nil else {
            throw MerchantImportError.badHeader("a \"commune_code\" or \"commune_name\" column is required")
        }
        positions = MerchantCSV.columns.map { index[$0] }
        width = header.count
    }

    enum Column: Int {
        case id, communeCode, communeName, hamlet, address, name, ownerName, phone, taxCode, businessType,
            openedOn, closedOn, bankBIN, accountNumber, accountName, status, statusAt
    }

    /// Where a column is in the file's records, nil when the header lacks it.
    func position(_ column: Column) -> Int? { positions[column.rawValue] }

    struct ImportRow {
        var id: Int64?
        var draft: MerchantDraft
        var status: QRStatus?
        var statusAt: Date?
    }

    /// The row's values; field-level problems (count, id, status) are appended to `errors`.
    func row(_ fields: [String], errors: inout [MerchantFieldError]) -> ImportRow {
        if fields.count != width {
            errors.append(MerchantFieldError(field: "row", message: "expected \(width) fields, found \(fields.count)"))
        }
        func value(_ column: Column) -> String? {
            guard let position = positions[column.rawValue], position < fields.count else { return nil }
            let text = fields[position]
            return text.isEmpty ? nil : text
        }
        var id: Int64? = nil
        if let raw = value(.id) {
            id = Int64(raw)
            let digits = raw.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if digits, id.map({ $0 > Merchant.maximumId }) ?? true {  // past the largest id, or past Int64
                errors.append(
                    MerchantFieldError(
                        field: "id",
                        message: "\(raw) is above the largest merchant id, \(Merchant.maximumId) (2^53 − 1, "
                            + "the largest whole number JSON readers such as JavaScript keep exact)"))
            } else if id == nil || id! <= 0 {
                errors.append(
                    MerchantFieldError(
                        field: "id", message: "\"\(raw)\" is not a merchant id (a positive whole number)"))
            }
        }
        var status: QRStatus? = nil
        if let raw = value(.status) {
            status = QRStatus(rawValue: raw.lowercased())
            if status == nil {
                errors.append(
                    MerchantFieldError(
                        field: "status", message: "\"\(raw)\" is not one of none, registered, displayed, verified"))
            }
        }
        var statusAt: Date? = nil
        if let raw = value(.statusAt) {
            statusAt = Timestamp.parse(raw)
            if statusAt == nil {
                errors.append(
                    MerchantFieldError(
                        field: "status_at",
                        message: "\"\(raw)\" is not a date or time (YYYY-MM-DD[ HH:MM[:SS]] or dd/MM/yyyy)"))
            }
            if status == nil && errors.allSatisfy({ $0.field != "status" }) {
                errors.append(MerchantFieldError(field: "status", message: "status_at is given but status is empty"))
            }
        }
        let draft = MerchantDraft(
            commune: value(.communeCode) ?? value(.communeName) ?? "", name: value(.name) ?? "",
            hamlet: value(.hamlet), address: value(.address), ownerName: value(.ownerName), phone: value(.phone),
            taxCode: value(.taxCode), businessType: value(.businessType), openedOn: value(.openedOn),
            closedOn: value(.closedOn), bank: value(.bankBIN), accountNumber: value(.accountNumber),
            accountName: value(.accountName))
        return ImportRow(id: id, draft: draft, status: status, statusAt: statusAt)
    }
}
