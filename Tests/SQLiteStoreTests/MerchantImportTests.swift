import Domain
import Foundation
import Store
import Testing

@testable import SQLiteStore

/// The merchant import writes rows many to a statement: ids, in-file duplicates, explicit ids
/// and status events must come out as if each row were written on its own, in file order.
@Suite struct MerchantImportTests {
    /// A CSV of `count` merchants in commune 11953, each with its own phone, tax code and account;
    /// `edit` changes row `n` (1-based) before it is written.
    private func csv(rows count: Int, edit: (Int, inout [String: String]) -> Void = { _, _ in }) -> String {
        let columns = [
            "id", "commune_code", "name", "phone", "tax_code", "bank_bin", "account_number", "status", "status_at",
        ]
        var text = columns.joined(separator: ",") + "\n"
        for n in 1...count {
            var row = [
                "commune_code": "11953", "name": "Cửa hàng \(n)", "phone": "09\(String(format: "%08d", n))",
                "tax_code": "01\(String(format: "%08d", n))", "bank_bin": "970436",
                "account_number": "55\(String(format: "%08d", n))",
            ]
            edit(n, &row)
            text += columns.map { row[$0] ?? "" }.joined(separator: ",") + "\n"
        }
        return text
    }

    private func importing(_ text: String, into registry: SQLiteRegistry) throws -> (
        MerchantImportSummary, [MerchantImportRejection]
    ) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "qrcov-import-\(UUID().uuidString).csv"
        ).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rejections: [MerchantImportRejection] = []
        let summary = try registry.importMerchants(
            from: path, skipInvalid: true, sink: MerchantImportSink(rejection: { rejections.append($0) }))
        return (summary, rejections)
    }

    @Test func idsFollowFileOrderAcrossStatementsAndAfterAnExplicitId() throws {
        let registry = try SQLiteRegistry.hungYen()
        let existing = try registry.add("11953", "Đã có", phone: "0988888888")
        let rows = 3 * MerchantInserter.rowsPerStatement + 5
        let (summary, rejections) = try importing(
            csv(rows: rows) { n, row in
                if n == 100 { row["id"] = "5000" }
            }, into: registry)
        #expect(rejections.isEmpty)
        #expect(summary.imported == rows)
        for (n, expected) in [
            (1, existing + 1), (99, existing + 99), (100, 5000), (101, 5001), (rows, 5000 + Int64(rows - 100)),
        ] {
            let stored = try #require(try registry.merchant(id: expected))
            #expect(stored.merchant.name == "Cửa hàng \(n)")
        }
        // The next merchant added gets the next id after the largest, as SQLite would give it.
        #expect(try registry.add("11953", "Sau", phone: "0977777777") == 5000 + Int64(rows - 100) + 1)
    }

    @Test func duplicatesAndTakenIdsAreFoundAmongRowsNotYetWritten() throws {
        let registry = try SQLiteRegistry.hungYen()
        // Rows 10 and 11 share a statement; row 11 repeats row 10's phone (same commune), row 12
        // row 3's tax code, and row 13 takes the id row 4 got.
        let (summary, rejections) = try importing(
            csv(rows: 20) { n, row in
                if n == 11 { row["phone"] = "0900000010" }
                if n == 12 { row["tax_code"] = "0100000003" }
                if n == 13 { row["id"] = "4" }
            }, into: registry)
        #expect(summary.imported == 17)
        #expect(rejections.map(\.line) == [12, 13, 14])
        #expect(rejections[0].errors.map(\.field) == ["phone"])
        #expect(rejections[0].errors[0].message.contains("line 11 of this file"))
        #expect(rejections[1].errors.map(\.field) == ["tax_code"])
        #expect(rejections[1].errors[0].message.contains("line 4 of this file"))
        #expect(rejections[2].errors.map(\.field) == ["id"])
        #expect(try registry.merchant(id: 4)?.merchant.name == "Cửa hàng 4")
    }

    @Test func idsStopAtTwoToTheFiftyThreeAndNeverTurnRandom() throws {
        let registry = try SQLiteRegistry.hungYen()
        let (summary, rejections) = try importing(
            csv(rows: 4) { n, row in
                if n == 2 { row["id"] = "9223372036854775807" }
                if n == 3 { row["id"] = "9007199254740990" }
            }, into: registry)
        #expect(summary.imported == 3)
        #expect(rejections.map(\.line) == [3] && rejections.first?.errors.first?.field == "id")
        // Row 4 took the last id; the next merchant has none left, and the refusal names it.
        #expect(try registry.merchant(id: Merchant.maximumId)?.merchant.name == "Cửa hàng 4")
        #expect(throws: RegistryError.noMerchantIdLeft(largest: Merchant.maximumId)) {
            try registry.add("11953", "Sau")
        }
        #expect(throws: RegistryError.noMerchantIdLeft(largest: Merchant.maximumId)) {
            try importing(
                csv(rows: 1) { _, row in
                    (row["phone"], row["tax_code"], row["bank_bin"], row["account_number"]) = (
                        "0977777777", nil, nil, nil
                    )
                }, into: registry)
        }
    }

    @Test func statusColumnsBecomeEventsAndCurrentStatus() throws {
        let registry = try SQLiteRegistry.hungYen()
        let rows = MerchantInserter.rowsPerStatement + 3
        let (summary, _) = try importing(
            csv(rows: rows) { n, row in
                if n % 2 == 0 {
                    row["status"] = "displayed"
                    row["status_at"] = "2025-11-0\(n % 9 + 1)"
                }
            }, into: registry)
        #expect(summary.statusEvents == rows / 2)
        for n in [2, 3, 64, 66, rows] {
            let stored = try #require(try registry.merchant(id: Int64(n)))
            #expect(stored.status == (n % 2 == 0 ? .displayed : .none))
            #expect(stored.statusAt == (n % 2 == 0 ? Days.day("2025-11-0\(n % 9 + 1)").startTime : nil))
        }
        #expect(try registry.counts(commune: "11953", asOf: "2025-12-01") == (rows, rows / 2))
    }
}
