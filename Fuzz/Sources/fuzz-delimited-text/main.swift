import FuzzSupport

// Fuzzes the delimited-text reader (merchant import, bank import, `stickers --from`) over every
// encoding path: detection (byte-order marks, UTF-8, Windows-1258, TCVN3, VNI-Windows, text
// garbled through Windows-1252), each encoding forced, `sep=` lines, quoting, field limits.
//
// Byte 0 chooses the options: bits 0–2 the encoding (0 detects it, 1–7 force one of
// TextEncoding.allCases), bits 3–4 the delimiter (detected, `,` `;` tab), bit 5 refuses legacy
// encodings, bit 6 limits fields to 40 bytes. Byte 1 chooses the chunk size of the second read.
// The rest is the file.
//
// Invariant: reading whole through `next()` and in tiny chunks through `nextFields()` gives the
// same records (fields and lines) or the same error; records are never empty and start on
// increasing lines. "Whole" is one 4 KiB chunk, more than -max_len: for these inputs the same
// reading as the default 1 MiB chunk, without AddressSanitizer's cost of a 1 MiB buffer per read.
@testable import DelimitedText

/// Everything one read of a file gives.
struct Outcome: Equatable {
    var encoding: TextEncoding?
    var delimiter: UInt8?
    var misconverted = false
    var records: [DelimitedRecord] = []
    var error: String?
}

/// Reads `bytes` to the end: by Strings (`next()`) or by field bytes (`nextFields()`).
func read(_ bytes: [UInt8], options: DelimitedTextOptions, byFieldBytes: Bool) -> Outcome {
    var outcome = Outcome()
    do {
        var reader = try DelimitedTextReader(bytes: bytes, name: "fuzz.csv", options: options)
        outcome.encoding = reader.encoding
        outcome.delimiter = reader.delimiter
        outcome.misconverted = reader.isMisconvertedLegacyText
        if byFieldBytes {
            while let line = try reader.nextFields() {
                outcome.records.append(DelimitedRecord(fields: reader.fields.fieldStrings, line: line))
            }
        } else {
            while let record = try reader.next() { outcome.records.append(record) }
        }
        reader.close()
    } catch {
        outcome.error = error.description
    }
    return outcome
}

let chunkSizes = [1, 2, 3, 7, 64, 4096]

Fuzzer.run { data in
    var input = FuzzInput(data)
    let choice = input.byte()
    let chunk = chunkSizes[Int(input.byte()) % chunkSizes.count]
    let bytes = input.rest
    var options = DelimitedTextOptions()
    let encoding = Int(choice & 7)
    options.encoding = encoding == 0 ? nil : TextEncoding.allCases[encoding - 1]
    options.delimiter = [nil, UInt8(ascii: ","), UInt8(ascii: ";"), 0x09][Int(choice >> 3 & 3)]
    options.legacyEncodings = choice & 0x20 != 0 ? .refuse : .convert
    if choice & 0x40 != 0 { options.maxFieldBytes = 40 }

    options.chunkBytes = 4096
    let whole = read(bytes, options: options, byFieldBytes: false)
    options.chunkBytes = chunk
    let chunked = read(bytes, options: options, byFieldBytes: true)
    guard whole == chunked else {
        fatalError("reads differ (chunk \(chunk), options \(choice)):\n  \(whole)\n  \(chunked)")
    }
    var lastLine = 0
    for record in whole.records {
        guard !record.fields.isEmpty, record.line > lastLine else { fatalError("bad record \(record)") }
        lastLine = record.line
    }
}
