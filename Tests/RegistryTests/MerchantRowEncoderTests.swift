import DelimitedText
import Foundation
import PropertyBased
import Synchronization
import Testing
@testable import Registry

/// The import's byte-level fast path must store exactly what the general path (the layout and
/// the validator, as `merchant add` uses them) stores, and report the same errors.
@Suite struct MerchantRowEncoderTests {
    static let header = ["commune_code", "hamlet", "address", "name", "owner_name", "phone", "tax_code", "business_type",
                         "opened_on", "closed_on", "bank_bin", "account_number", "account_name"]

    /// Values per column: the usual, as-stored ones first, then ones that need normalizing or are invalid.
    static let pools: [[String]] = [
        ["11953", "11953", "12010", "99999", "1195", " 11953", "Hưng Yên", ""],
        ["Thôn Đông", "Tổ dân phố 3", "TDP 3", "thôn  Đông", " Thôn Tây", ""],
        ["Số 12 đường Lê Lợi", "", "Số 12  đường", "Số 12\tđường", "Ngõ 3 "],
        ["Cửa hàng An", "Tạp hóa Hòa", "Quán  cơm", " Bánh mì", ""],
        ["Nguyễn Văn An", "", "Trần  Thị Bình"],
        ["0912345678", "02213851234", "", "912345678", "+84912345678", "0912 345 678", "0012345678", "abc"],
        ["", "0101234567", "0101234567001", "0101234567-001", "12345"],
        ["tạp hóa", "", "Tạp  hóa", "cà phê"],
        ["2024-02-29", "", "2023-02-29", "15/03/2024", "2024-13-01", "2024-1-01"],
        ["", "", "2025-11-01", "2020-01-01", "bad"],
        ["970436", "", "970999", "VCB", " 970436"],
        ["0011001234567", "", "12345678901234567890", "12-34", "A1"],
        ["NGUYEN VAN AN", "", "NGUYEN  VAN AN"],
    ]

    /// Half the rows have only usual values (the first two of each pool), the others any.
    static let rows = Generator<[Int], Shrink.None<[Int]>> { rng in
        let usual = Bool.random(using: &rng)
        return pools.map { pool in Int.random(in: 0..<(usual ? min(2, pool.count) : pool.count), using: &rng) }
    }

    /// Reads one CSV row through the reader, as the import does.
    private static func read(_ fields: [String], header: [String] = header) throws -> (DelimitedFieldBytes, Int) {
        func quoted(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let text = header.joined(separator: ",") + "\n" + fields.map(quoted).joined(separator: ",") + "\n"
        var reader = try DelimitedTextReader(bytes: Array(text.utf8))
        _ = try reader.next()
        let line = try #require(try reader.nextFields())
        return (reader.fields, line)
    }

    /// Every stored value of an encoded row.
    private static func stored(_ rows: EncodedMerchantRows, _ row: Int) -> [String?] {
        (0..<EncodedMerchantRows.textFields).map { rows.text(row: row, EncodedMerchantRows.Field(rawValue: $0)!) }
    }

    @Test("random rows: the encoder stores what the general path stores, or reports its errors; usual rows take the fast path")
    func matchesGeneralPath() async throws {
        let communes = try Registry.hungYen().communes
        let layout = try MerchantCSVLayout(header: Self.header)
        let fastRows = Mutex(0)
        await propertyCheck(count: 1500, input: Self.rows) { choice in
            let fields = zip(Self.pools, choice).map { pool, index in pool[index] }
            let (bytes, line) = try Self.read(fields)
            var encoder = MerchantRowEncoder(layout: layout, validator: MerchantValidator(communes: communes))
            var batch = MerchantRowBatch()
            encoder.encode(bytes, line: line, into: &batch)
            var scratch = EncodedMerchantRows()
            if encoder.encodeAsStored(bytes, into: &scratch) { fastRows.withLock { $0 += 1 } }

            var errors: [MerchantFieldError] = []
            var validator = MerchantValidator(communes: communes)
            let draft = layout.row(fields, errors: &errors).draft
            #expect(errors.isEmpty)
            switch validator.validate(draft) {
            case .success(let merchant):
                var expected = EncodedMerchantRows()
                expected.append(merchant, id: nil, seconds: 0)
                let row = try #require(batch.rows.first)
                #expect(row.encoded == 0 && row.errors == -1, "\(fields)")
                #expect(Self.stored(batch.encoded, 0) == Self.stored(expected, 0), "\(fields)")
                #expect(batch.encoded.merchant(row: 0) == merchant)
                let hashes = DuplicateKeys.hashes(batch.encoded, row: 0), expectedHashes = DuplicateKeys.hashes(expected, row: 0)
                #expect(hashes.phone == expectedHashes.phone && hashes.taxCode == expectedHashes.taxCode && hashes.account == expectedHashes.account)
            case .failure(let error):
                #expect(batch.rows.first?.encoded == -1, "\(fields)")
                #expect(batch.errors.first == error.fields, "\(fields)")
            }
            #expect(batch.fields(of: 0) == fields)
        }
        // Half the draws are usual rows, which the fast path must take (some usual values are
        // invalid together: a closing day before the opening one, a bank without an account).
        #expect(fastRows.withLock { $0 } > 1500 / 6)
    }

    @Test("a usual row with Vietnamese text takes the fast path; each unusual value sends it to the general path")
    func fastPathChoice() throws {
        let communes = try Registry.hungYen().communes
        let layout = try MerchantCSVLayout(header: Self.header)
        var encoder = MerchantRowEncoder(layout: layout, validator: MerchantValidator(communes: communes))
        let usual = Self.pools.map { $0[0] }
        var rows = EncodedMerchantRows()
        #expect(encoder.encodeAsStored(try Self.read(usual).0, into: &rows))
        #expect(rows.text(row: 0, .hamletKey) == "thon dong")
        #expect(rows.text(row: 0, .name) == "Cửa hàng An")
        let unusual: [(column: Int, value: String)] = [
            (0, " 11953"), (0, "99999"), (3, "Quán  cơm"), (3, ""), (5, "912345678"), (5, "+84912345678"),
            (6, "0101234567-001"), (8, "15/03/2024"), (8, "2023-02-29"), (10, "VCB"), (10, ""), (11, "12-34"),
        ]
        for (column, value) in unusual {
            var fields = usual
            fields[column] = value
            var scratch = EncodedMerchantRows()
            #expect(!encoder.encodeAsStored(try Self.read(fields).0, into: &scratch), "\(Self.header[column]) = \(value)")
            #expect(scratch.count == 0)
        }
        // A hamlet or business type that needs normalizing is resolved once and cached, on the fast path.
        var fields = usual
        fields[1] = "thôn  Đông"
        fields[7] = "Tạp  hóa"
        #expect(encoder.encodeAsStored(try Self.read(fields).0, into: &rows))
        #expect(rows.text(row: 1, .hamlet) == "thôn Đông" && rows.text(row: 1, .hamletKey) == "thon dong")
        #expect(rows.text(row: 1, .businessType) == "Tạp hóa")
        // Columns the fast path leaves to the general one.
        let withStatus = try Self.read(usual + ["displayed"], header: Self.header + ["status"]).0
        var statusEncoder = MerchantRowEncoder(layout: try MerchantCSVLayout(header: Self.header + ["status"]),
                                               validator: MerchantValidator(communes: communes))
        #expect(!statusEncoder.encodeAsStored(withStatus, into: &rows))
    }
}
