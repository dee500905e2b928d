// Fuzzes the merchant CSV import's row path (`qrcov merchant import`): the reader, the header
// (`MerchantCSVLayout`), then each record through `MerchantRowEncoder`, whose byte-level fast
// path copies rows already in stored form and sends the others through the layout and
// `MerchantValidator`, as `merchant add` does. The writing side (duplicates, SQLite) is not
// fuzzed: it sees only rows this path made. The whole input is the file.
//
// Invariant (as MerchantRowEncoderTests states it on random files): each row is stored exactly
// as the general path stores it, or rejected with the general path's errors; the fields kept
// for the rejects file are the fields the reader gives.
import Domain
import FuzzSupport
import Store

@testable import DelimitedText
@testable import SQLiteStore

/// The communes of Hưng Yên (province 33, the demo's), as MerchantRowEncoderTests use: the
/// encoder indexes every commune once per file, so the country's 3,321 would cost each input
/// more than its rows; lookups of other codes and names take the same paths.
let communes: CommuneDirectory = {
    do { return try SQLiteRegistry.inMemory(provinces: ["33"]).communes } catch {
        fatalError("cannot create a registry: \(error)")
    }
}()

/// Every stored value of an encoded row.
func stored(_ rows: EncodedMerchantRows, _ row: Int) -> [String?] {
    (0..<EncodedMerchantRows.textFields).map { rows.text(row: row, EncodedMerchantRows.Field(rawValue: $0)!) }
}

/// Checks one row's outcome in `batch` against the general path on the same fields.
func check(_ outcome: MerchantRowBatch.Row, in batch: MerchantRowBatch, fields: [String], layout: MerchantCSVLayout) {
    var validator = MerchantValidator(communes: communes)
    var errors: [MerchantFieldError] = []
    let parsed = layout.row(fields, errors: &errors)
    guard outcome.id == parsed.id, outcome.status == parsed.status, outcome.statusAt == parsed.statusAt else {
        fatalError("id, status or status time differ from the general path: \(fields)")
    }
    let result = errors.isEmpty ? validator.validate(parsed.draft) : .failure(MerchantValidationError(fields: errors))
    switch result {
    case .success(let merchant):
        guard outcome.errors == -1, outcome.encoded >= 0 else {
            fatalError("rejected, the general path accepts: \(fields)")
        }
        var expected = EncodedMerchantRows()
        expected.append(merchant, id: nil, seconds: 0)
        let row = Int(outcome.encoded)
        guard stored(batch.encoded, row) == stored(expected, 0), batch.encoded.merchant(row: row) == merchant else {
            fatalError("stored otherwise than by the general path: \(fields)")
        }
    case .failure(let error):
        guard outcome.encoded == -1, outcome.errors >= 0, batch.errors[Int(outcome.errors)] == error.fields else {
            fatalError("accepted or other errors than the general path's \(error.fields): \(fields)")
        }
    }
}

Fuzzer.run { data in
    let bytes = Array(data)
    // Two readers of the file: by field bytes as the import reads it, by Strings for the general
    // path. One 4 KiB chunk holds any input (-max_len): the import's 1 MiB chunk would read these
    // files the same way, at AddressSanitizer's cost of a 1 MiB buffer per reader.
    var options = DelimitedTextOptions()
    options.chunkBytes = 4096
    guard var reader = try? DelimitedTextReader(bytes: bytes, name: "merchants.csv", options: options),
        var strings = try? DelimitedTextReader(bytes: bytes, name: "merchants.csv", options: options)
    else { return }
    do {
        var header = try reader.next()
        while header?.fields == [""] { header = try reader.next() }  // blank lines before the header
        var expectedHeader = try strings.next()
        while expectedHeader?.fields == [""] { expectedHeader = try strings.next() }
        guard let header, let layout = try? MerchantCSVLayout(header: header.fields) else { return }
        var encoder = MerchantRowEncoder(layout: layout, validator: MerchantValidator(communes: communes))
        var batch = MerchantRowBatch()
        while let line = try reader.nextFields() {
            guard let expected = try strings.next(), expected.line == line else { fatalError("the readers differ") }
            let fields = reader.fields
            if fields.count == 1 && fields.range(0).isEmpty { continue }  // a blank line
            encoder.encode(fields, line: line, into: &batch)
            let row = batch.count - 1
            guard batch.fields(of: row) == expected.fields else { fatalError("kept fields differ: \(expected)") }
            check(batch.rows[row], in: batch, fields: expected.fields, layout: layout)
        }
    } catch {
        _ = "\(error)"  // the message the CLI prints
    }
}
