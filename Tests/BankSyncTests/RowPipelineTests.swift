import Domain
import Foundation
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// The rows a ``RowPipeline`` hands over are the file's, in order, whichever thread checks them.
@Suite struct RowPipelineTests {
    /// A file of valid rows, invalid rows and blank lines.
    static func file() throws -> String {
        var text = "merchant_id,tax_code,phone,bin,account,account_name,status,date\n"
        for n in 0..<500 {
            switch n % 7 {
            case 3: text += ",,912\(String(format: "%06d", n)),,,,displayed,2025-10-05\n"  // lost its leading zero
            case 5: text += "\n"
            default:
                text +=
                    "\(n + 1),,09120\(String(format: "%05d", n)),970405,\(1000 + n),,verified,0\(n % 9 + 1)/10/2025\n"
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Each data row as the caller sees it after checking the unchecked ones: line, fields, outcome.
    static func rows(_ path: String, callerCheckedSixteenths: Int?) throws -> (rows: [String], unchecked: Int) {
        let file = try BankFile(path: path, profile: Fixtures.generic)
        let today = Fixtures.day("2025-12-31")
        let pipeline = RowPipeline(
            file: file, today: today, batchSize: 16, depth: 2, callerCheckedSixteenths: callerCheckedSixteenths)
        pipeline.start()
        defer { pipeline.stop() }
        var rows: [String] = []
        var unchecked = 0
        while let batch = try pipeline.next() {
            #expect(batch.items.count <= 16)
            for item in batch.items {
                if case .unchecked = item { unchecked += 1 }
                let (checked, fields) = pipeline.checked(item, in: batch)
                switch checked {
                case .success(let row): rows.append("\(row) \(batch.fields[fields])")
                case .failure(let rejection): rows.append("\(rejection) \(batch.fields[fields])")
                }
            }
        }
        return (rows, unchecked)
    }

    @Test func rowsLeftUncheckedAreTheSameRowsOnceChecked() throws {
        let path = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let checked = try Self.rows(path, callerCheckedSixteenths: 0)
        #expect(checked.unchecked == 0)
        #expect(
            checked.rows.count == (0..<500).filter { $0 % 7 != 5 }.count
                && checked.rows.contains { $0.hasPrefix("RowRejection") })
        for share in [8, 16] {
            let partly = try Self.rows(path, callerCheckedSixteenths: share)
            #expect(partly.unchecked > 0)
            #expect(partly.rows == checked.rows)
        }
        // Adapting to the caller's pace: whatever share it settles on, the same rows.
        #expect(try Self.rows(path, callerCheckedSixteenths: nil).rows == checked.rows)
    }
}
