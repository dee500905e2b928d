import DelimitedText
import Domain
import Foundation
import PropertyBased
import Store
import Synchronization
import Testing

@testable import SQLiteStore

/// The import's byte-level fast path must store exactly what the general path (the layout and
/// the validator, as `merchant add` uses them) stores, and report the same errors.
@Suite struct MerchantRowEncoderTests {
    static let header = [
        "commune_code", "hamlet", "address", "name", "owner_name", "phone", "tax_code", "business_type",
        "opened_on", "closed_on", "bank_bin", "account_number", "account_name",
    ]

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
        ["970436", "970418", "", "970999", "VCB", " 970436"],
        ["0011001234567", "190012345678", "", "12345678901234567890", "12-34", "A1"],
        ["NGUYEN VAN AN", "", "NGUYEN  VAN AN"],
    ]

    /// A third of the rows have only usual values (the first two of each pool), a third have one
    /// value drawn from a whole pool (so that each unusual value meets a row the fast path would
    /// otherwise take), a third any values.
    static func row(_ rng: inout any SeededRandomNumberGenerator) -> [String] {
        let mode = Int.random(in: 0..<3, using: &rng)
        let odd = Int.random(in: 0..<pools.count, using: &rng)
        return pools.enumerated().map { column, pool in
            let any = mode == 2 || (mode == 1 && column == odd)
            return pool[Int.random(in: 0..<(any ? pool.count : min(2, pool.count)), using: &rng)]
        }
    }

    /// A file: the header, sometimes with a `commune_name`, `id`, `status` or `status_at` column,
    /// and 1 to 12 rows, a few of them a field short or long.
    struct File: Sendable, CustomStringConvertible {
        var header: [String]
        var rows: [[String]]
        var description: String { ([header] + rows).map { $0.joined(separator: "|") }.joined(separator: "\n") }
    }

    static let files = Generator<File, Shrink.None<File>> { rng in
        var header = MerchantRowEncoderTests.header
        let extras: [(String, [String])] = [
            ("commune_name", ["", "Xã Phụng Công", "Nowhere"]), ("id", ["", "", "7", "x"]),
            ("status", ["", "", "displayed", "bogus"]), ("status_at", ["", "", "2025-11-01", "01/11/2025"]),
        ]
        let chosen = extras.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }
        header += chosen.map(\.0)
        let rows = (0..<Int.random(in: 1...12, using: &rng)).map { _ in
            var fields = row(&rng) + chosen.map { $0.1.randomElement(using: &rng)! }
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: fields.removeLast()
            case 1: fields.append("extra")
            default: break
            }
            return fields
        }
        return File(header: header, rows: rows)
    }

    /// The file as CSV text (every field quoted).
    private static func csv(_ file: File) -> [UInt8] {
        func quoted(_ value: String) -> String { "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return Array(([file.header] + file.rows).map { $0.map(quoted).joined(separator: ",") + "\n" }.joined().utf8)
    }

    /// Reads one CSV row through the reader, as the import does.
    private static func read(_ fields: [String], header: [String] = header) throws -> (DelimitedFieldBytes, Int) {
        var reader = try DelimitedTextReader(bytes: csv(File(header: header, rows: [fields])))
        _ = try reader.next()
        let line = try #require(try reader.nextFields())
        return (reader.fields, line)
    }

    /// Every stored value of an encoded row.
    private static func stored(_ rows: EncodedMerchantRows, _ row: Int) -> [String?] {
        (0..<EncodedMerchantRows.textFields).map { rows.text(row: row, EncodedMerchantRows.Field(rawValue: $0)!) }
    }

    @Test(
        "random files: each row stored as the general path stores it, or rejected with its errors; usual rows take the fast path"
    )
    func matchesGeneralPath() async throws {
        let communes = try SQLiteRegistry.hungYen().communes
        let fastRows = Mutex(0)
        let allRows = Mutex(0)
        await propertyCheck(count: 600, input: Self.files) { file in
            let bytes = Self.csv(file)
            // What the general path sees: the rows as Strings, through the same reader.
            var expectedReader = try DelimitedTextReader(bytes: bytes)
            let header = try #require(try expectedReader.next()).fields
            let layout = try MerchantCSVLayout(header: header)
            var validator = MerchantValidator(communes: communes)
            // One encoder for the whole file, as the import has: its caches are reused across rows.
            var encoder = MerchantRowEncoder(layout: layout, validator: MerchantValidator(communes: communes))
            var reader = try DelimitedTextReader(bytes: bytes)
            _ = try reader.next()
            var batch = MerchantRowBatch()
            var row = 0
            while let line = try reader.nextFields() {
                let fields = reader.fields
                var scratch = EncodedMerchantRows()
                var probe = encoder
                if probe.encodeAsStored(fields, into: &scratch) { fastRows.withLock { $0 += 1 } }
                allRows.withLock { $0 += 1 }
                encoder.encode(fields, line: line, into: &batch)

                let expectedFields = try #require(try expectedReader.next()).fields
                #expect(batch.fields(of: row) == expectedFields)
                var errors: [MerchantFieldError] = []
                let parsed = layout.row(expectedFields, errors: &errors)
                let outcome = batch.rows[row]
                #expect(
                    outcome.line == line && outcome.id == parsed.id && outcome.status == parsed.status
                        && outcome.statusAt == parsed.statusAt)
                let result =
                    errors.isEmpty
                    ? validator.validate(parsed.draft) : .failure(MerchantValidationError(fields: errors))
                if case .success(let merchant) = result, let at = parsed.statusAt,
                    EventDayConflict(
                        day: CalendarDay(containing: at), openedOn: merchant.openedOn, closedOn: merchant.closedOn)
                        != nil
                {
                    // A valid merchant whose status is dated outside its open days: refused, naming status_at.
                    #expect(outcome.encoded == -1 && outcome.errors >= 0, "\(expectedFields)")
                    #expect(outcome.errors < 0 || batch.errors[Int(outcome.errors)].map(\.field) == ["status_at"])
                    row += 1
                    continue
                }
                switch result {
                case .success(let merchant):
                    var expected = EncodedMerchantRows()
                    expected.append(merchant, id: nil, seconds: 0)
                    #expect(outcome.errors == -1, "\(expectedFields)")
                    if outcome.encoded >= 0 {
                        let encoded = Int(outcome.encoded)
                        #expect(Self.stored(batch.encoded, encoded) == Self.stored(expected, 0), "\(expectedFields)")
                        #expect(batch.encoded.merchant(row: encoded) == merchant)
                        let hashes = DuplicateKeys.hashes(batch.encoded, row: encoded)
                        let wanted = DuplicateKeys.hashes(expected, row: 0)
                        #expect(
                            hashes.phone == wanted.phone && hashes.taxCode == wanted.taxCode
                                && hashes.account == wanted.account)
                    } else {
                        Issue.record("rejected, but the general path accepts it: \(expectedFields)")
                    }
                case .failure(let error):
                    #expect(outcome.encoded == -1, "\(expectedFields)")
                    if outcome.errors >= 0 {
                        #expect(batch.errors[Int(outcome.errors)] == error.fields, "\(expectedFields)")
                    }
                }
                row += 1
            }
            #expect(try expectedReader.next() == nil)
        }
        // A third of the rows are usual ones, which the fast path must take unless the file has an
        // id or status value for them or they are a field short or long; many of the rows with one
        // unusual value take it too.
        #expect(fastRows.withLock { $0 } > allRows.withLock { $0 } / 4)
    }

    @Test("a usual row with Vietnamese text takes the fast path; each unusual value sends it to the general path")
    func fastPathChoice() throws {
        let communes = try SQLiteRegistry.hungYen().communes
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
            #expect(
                !encoder.encodeAsStored(try Self.read(fields).0, into: &scratch), "\(Self.header[column]) = \(value)")
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
        var statusEncoder = MerchantRowEncoder(
            layout: try MerchantCSVLayout(header: Self.header + ["status"]),
            validator: MerchantValidator(communes: communes))
        #expect(!statusEncoder.encodeAsStored(withStatus, into: &rows))
    }
}
