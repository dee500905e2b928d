import DelimitedText
import Foundation
import QRRender

/// Why a sticker list file was refused (nothing is drawn from it).
public enum StickerCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read as delimited text.
    case unreadable(DelimitedTextError)
    /// Empty, or the header is not ``StickerCSV/columns``: the message names the file and line.
    case header(String)
    /// Rows that cannot make a sticker, each as `file:line: reason`.
    case invalidRows([String])

    public var description: String {
        switch self {
        case .unreadable(let error): error.description
        case .header(let message): message
        case .invalidRows(let problems):
            "\(problems.count) invalid row(s), nothing written:\n" + problems.prefix(20).joined(separator: "\n")
        }
    }
}

/// A prepared list of stickers (`stickers --from`): a CSV with the header ``columns``, one sticker
/// a row, every row checked (both names present, a VietQR payload that builds) before any is drawn.
public enum StickerCSV {
    /// The header the file must have, in this order.
    public static let columns = ["merchant_id", "shop_name", "holder", "bin", "account", "commune"]

    /// The stickers of the file at `path`; blank rows are skipped. Throws ``StickerCSVError``.
    public static func read(_ path: String) throws(StickerCSVError) -> [StickerSpec] {
        var reader: DelimitedTextReader
        do { reader = try DelimitedTextReader(path: path) } catch { throw .unreadable(error) }
        defer { reader.close() }
        try checkHeader(try next(&reader), path: path)
        var specs: [StickerSpec] = []
        var problems: [String] = []
        while let record = try next(&reader) {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            switch spec(record.fields) {
            case .success(let spec): specs.append(spec)
            case .failure(let problem): problems.append("\(path):\(record.line): \(problem)")
            }
        }
        guard problems.isEmpty else { throw .invalidRows(problems) }
        return specs
    }

    private static func next(_ reader: inout DelimitedTextReader) throws(StickerCSVError) -> DelimitedRecord? {
        do { return try reader.next() } catch { throw .unreadable(error) }
    }

    /// Refuses an empty file or another header than ``columns``.
    private static func checkHeader(_ header: DelimitedRecord?, path: String) throws(StickerCSVError) {
        let expected = columns.joined(separator: ",")
        guard let header else { throw .header("\(path): empty file; expected the header \(expected)") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names == columns else {
            throw .header("\(path):\(header.line): header is \(names.joined(separator: ",")); expected \(expected)")
        }
    }

    /// The sticker of one row, or what is wrong with it.
    private static func spec(_ fields: [String]) -> Result<StickerSpec, RowProblem> {
        guard fields.count == columns.count else {
            return .failure(RowProblem("\(fields.count) fields; expected \(columns.count)"))
        }
        let f = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        if f[0].isEmpty { return .failure(RowProblem("merchant_id is empty")) }
        if f[1].isEmpty { return .failure(RowProblem("shop_name is empty")) }
        let spec = StickerSpec(merchantID: f[0], shopName: f[1], holder: f[2], bin: f[3], account: f[4], commune: f[5])
        do { _ = try spec.payload() } catch { return .failure(RowProblem("\(error)")) }
        return .success(spec)
    }

    /// What is wrong with a row.
    private struct RowProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
