import DelimitedText
import Domain

/// The official 2025 communes and the Hưng Yên lineage table, embedded from `data/` at build time.
public enum ReferenceData {
    /// Every unit of `data/vn-communes-2025.csv`, with its province.
    public static let communes: [(province: Province, commune: Commune)] = {
        var rows: [(Province, Commune)] = []
        do {
            var reader = try embeddedReader(PackageResources.vn_communes_2025_csv, name: "data/vn-communes-2025.csv")
            guard let header = try reader.next(),
                header.fields == ["province_code", "province_name", "commune_code", "commune_name", "commune_type"]
            else {
                preconditionFailure("data/vn-communes-2025.csv: unexpected header")
            }
            while let record = try reader.next() {
                let f = record.fields
                precondition(f.count == 5, "data/vn-communes-2025.csv:\(record.line): expected 5 fields")
                rows.append(
                    (Province(code: f[0], name: f[1]), Commune(code: f[2], provinceCode: f[0], name: f[3], type: f[4])))
            }
        } catch {
            preconditionFailure("data/vn-communes-2025.csv: \(error)")
        }
        return rows
    }()

    /// Every link of `data/hung-yen-2025-lineage-detail.csv`.
    public static let formerCommunes: [FormerCommune] = {
        var rows: [FormerCommune] = []
        do {
            var reader = try embeddedReader(
                PackageResources.hung_yen_2025_lineage_detail_csv, name: "data/hung-yen-2025-lineage-detail.csv")
            guard let header = try reader.next(),
                header.fields == [
                    "commune_code", "commune_name", "former_code", "former_name", "former_district", "former_province",
                    "merge",
                ]
            else {
                preconditionFailure("data/hung-yen-2025-lineage-detail.csv: unexpected header")
            }
            while let record = try reader.next() {
                let f = record.fields
                precondition(f.count == 7, "data/hung-yen-2025-lineage-detail.csv:\(record.line): expected 7 fields")
                rows.append(
                    FormerCommune(
                        code: f[2], name: f[3], district: f[4], province: f[5], communeCode: f[0],
                        isPartial: f[6] == "partial"))
            }
        } catch {
            preconditionFailure("data/hung-yen-2025-lineage-detail.csv: \(error)")
        }
        return rows
    }()

    /// A reader over an embedded UTF-8, comma-separated table.
    private static func embeddedReader(_ bytes: [UInt8], name: String) throws(DelimitedTextError) -> DelimitedTextReader
    {
        try DelimitedTextReader(
            bytes: bytes, name: name, options: DelimitedTextOptions(delimiter: UInt8(ascii: ","), encoding: .utf8))
    }
}

extension CommuneDirectory {
    /// Every official 2025 unit (34 provinces, 3,321 communes), without a database.
    public static let official: CommuneDirectory = {
        var provinces: [String: Province] = [:]
        for (province, _) in ReferenceData.communes { provinces[province.code] = province }
        return CommuneDirectory(
            communes: ReferenceData.communes.map(\.commune), provinces: Array(provinces.values),
            lineage: ReferenceData.formerCommunes)
    }()
}
