import Domain
import FuzzSupport

// Fuzzes a bank file's way in (`qrcov sync import`): `BankFile` opens it by path (a file in
// memory) and binds its header to a built-in profile (`BankFileLayout`), then every row is read
// and checked (`BankFileLayout.row`: `CellValues`, `DatePattern`, status words).
//
// Byte 0 chooses: bits 0–1 the profile (BankProfile.builtIn), bits 2–4 the encoding (0 detects
// it, 1–7 force one of TextEncoding.allCases), bit 7 the import's `RowPipeline` (rows read and
// checked on its second thread, batches of 3, the caller checking 0, 5, 8 or 16 sixteenths of
// them as bits 5–6 say) rather than the same reading and checking on the fuzzer's thread: the
// pipeline's hand-overs between threads cost an input more than the rest together on a busy
// machine. Byte 1 chooses the size of the reads (16, 256 or 4096 bytes: 1 MiB reads cost a
// fuzzed input of a few hundred bytes most of its time in AddressSanitizer's large allocations).
// The rest is the file.
//
// Invariants: rows come in file order, each accepted row's identifiers are fixed points of their
// cell parsers (already normalized), its day is not after today, and each rejected row names an issue.
@testable import BankSync
@testable import DelimitedText

let file = MemoryFile(name: "bank.csv")
let today = CalendarDay(year: 2025, month: 11, day: 20)!
let sixteenths = [0, 5, 8, 16]
let chunkSizes = [16, 256, 4096]

/// Traps unless `value` parses back to itself.
func expectFixedPoint<Value: Equatable>(
    _ value: Value?, _ text: (Value) -> String, _ parse: (String) -> Result<Value?, CellProblem>, _ what: String
) {
    guard let value else { return }
    guard case .success(value) = parse(text(value)) else { fatalError("\(what) \(value) does not parse to itself") }
}

/// Checks each row as it comes: in file order, accepted rows normalized, rejections with an issue.
struct RowOrder {
    let profile: BankProfile
    var lastLine = 0

    mutating func take(_ checked: Result<BankRow, RowRejection>) {
        switch checked {
        case .success(let row):
            guard row.line > lastLine else { fatalError("row \(row.line) after line \(lastLine)") }
            lastLine = row.line
            check(row, profile: profile)
        case .failure(let rejection):
            guard rejection.line > lastLine, !rejection.issues.isEmpty else {
                fatalError("bad rejection \(rejection) after line \(lastLine)")
            }
            lastLine = rejection.line
        }
    }
}

func check(_ row: BankRow, profile: BankProfile) {
    expectFixedPoint(row.merchantId, String.init, CellValues.merchantId, "merchant id")
    expectFixedPoint(row.taxCode, { $0 }, CellValues.taxCode, "tax code")
    expectFixedPoint(row.phone, { $0 }, CellValues.phone, "phone")
    expectFixedPoint(row.bin, { $0 }, { CellValues.bin($0) }, "BIN")
    expectFixedPoint(row.account, { $0 }, { CellValues.account($0, digits: profile.accountDigits) }, "account")
    if let day = row.day, day > today { fatalError("row \(row.line) has a day after today: \(day)") }
}

Fuzzer.run { data in
    var input = FuzzInput(data)
    let choice = input.byte()
    let profile = BankProfile.builtIn[Int(choice & 3)]
    let encoding = Int(choice >> 2 & 7)
    var options = DelimitedTextOptions(encoding: encoding == 0 ? nil : TextEncoding.allCases[encoding - 1])
    options.chunkBytes = chunkSizes[Int(input.byte()) % chunkSizes.count]
    file.replaceContents(with: input.rest)
    guard var bankFile = try? BankFile(path: file.path, profile: profile, options: options) else { return }
    var order = RowOrder(profile: profile)
    do {
        guard choice & 0x80 != 0 else {
            // RowPipeline's reading loop, on this thread.
            var fields: [String] = []
            while let line = try bankFile.next(appendingFieldsTo: &fields) {
                defer { fields.removeAll(keepingCapacity: true) }
                if BankFileLayout.isBlank(fields) { continue }
                order.take(bankFile.layout.row(fields[...], line: line, today: today))
            }
            return
        }
        let pipeline = RowPipeline(
            file: bankFile, today: today, batchSize: 3, callerCheckedSixteenths: sixteenths[Int(choice >> 5 & 3)])
        pipeline.start()
        defer { pipeline.stop() }
        while let batch = try pipeline.next() {
            for item in batch.items {
                let (checked, fields) = pipeline.checked(item, in: batch)
                guard fields.upperBound <= batch.fields.count else { fatalError("fields out of the batch") }
                order.take(checked)
            }
        }
    } catch {
        _ = "\(error)"  // the message the CLI prints
    }
}
