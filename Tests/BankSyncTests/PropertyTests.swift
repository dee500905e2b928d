import Domain
import Foundation
import PropertyBased
import SQLiteStore
import Store
import Tabular
import Testing

@testable import BankSync

/// Random input: the parsers never crash, accounts never lose a digit, the plan file writes what
/// Tabular's CSVWriter writes, and planning is idempotent.
@Suite("BankSync properties")
struct PropertyTests {
    /// Characters that trip spreadsheets and CSV: delimiters, quotes, line ends, formula triggers,
    /// digits, exponents, Vietnamese letters (precomposed and not), full-width signs.
    static let alphabet: [String] = [
        "0", "1", "9", ",", ";", "\"", "\n", "\r", "\t", " ", "=", "+", "-", "@", "'", ".", "E", "e",
        "a", "Đ", "ế", "e\u{0301}", "＝", "\u{00A0}", "/", ":", "x",
    ]

    static func text(_ rng: inout any SeededRandomNumberGenerator, maxLength: Int = 24) -> String {
        (0..<Int.random(in: 0...maxLength, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
    }

    static let cells = Generator<[String], Shrink.None<[String]>> { rng in
        (0..<Int.random(in: 0...10, using: &rng)).map { _ in text(&rng) }
    }

    static let digitStrings = Generator<String, Shrink.None<String>> { rng in
        String((0..<Int.random(in: 1...19, using: &rng)).map { _ in "0123456789".randomElement(using: &rng)! })
    }

    @Test("the plan file's fast path writes exactly what CSVWriter writes")
    func recordsMatchCSVWriter() async {
        let records = SpreadsheetRecords(identifierColumns: [1, 3])
        await propertyCheck(count: 3000, input: Self.cells) { cells in
            var out: [UInt8] = []
            records.append(cells, to: &out)
            let writer = CSVWriter(delimiter: ",", spreadsheetSafe: true, identifierColumns: [0])
            let expected =
                cells.enumerated().map { index, cell in
                    let isIdentifier =
                        [1, 3].contains(index) && !cell.isEmpty && cell.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                    return writer.field(cell, column: isIdentifier ? 0 : nil)
                }.joined(separator: ",") + "\r\n"
            #expect(String(decoding: out, as: UTF8.self) == expected)
        }
    }

    @Test("accounts of 1 to 19 digits are kept exactly, leading zeros and all")
    func accountsKeepEveryDigit() async {
        await propertyCheck(count: 2000, input: Self.digitStrings) { digits in
            #expect((try? CellValues.account(digits).get()) == digits)
            #expect((try? CellValues.account("=\"\(digits)\"").get()) == digits)
            #expect((try? CellValues.account(" \(digits) ").get()) == digits)
        }
    }

    @Test("cell parsers never crash on any text")
    func cellParsersNeverCrash() async {
        let generic = BankProfile.builtIn(named: "generic")!
        let today = CalendarDay("2025-12-31")!
        await propertyCheck(count: 3000, input: Self.cells) { cells in
            for cell in cells {
                _ = CellValues.phone(cell)
                _ = CellValues.taxCode(cell)
                _ = CellValues.account(cell, digits: [12, 13])
                _ = CellValues.bin(cell)
                _ = CellValues.merchantId(cell)
                _ = CellValues.day(cell, profile: generic, today: today)
                _ = CellValues.status(cell, profile: generic)
                _ = CellValues.text(cell)
            }
        }
    }

    @Test("any row is read or rejected with reasons, never a crash")
    func rowsNeverCrash() async throws {
        let layout = try BankFileLayout(
            header: ["merchant_id", "tax_code", "phone", "bin", "account", "account_name", "status", "date"],
            profile: BankProfile.builtIn(named: "generic")!)
        await propertyCheck(count: 3000, input: Self.cells) { cells in
            // As the reading thread passes them: a row's fields after the batch's earlier rows'.
            let batch = ["earlier", "row"] + cells
            switch layout.row(batch[2...], line: 2, today: CalendarDay("2025-12-31")!) {
            case .success(let row):
                #expect(row.merchantId != nil || row.taxCode != nil || row.phone != nil || row.account != nil)
            case .failure(let rejection): #expect(!rejection.issues.isEmpty)
            }
        }
    }

    /// Rows drawn over a small registry: ids, tax codes, phones (one shared), accounts, statuses and days.
    static let bankRows = Generator<[BankRow], Shrink.None<[BankRow]>> { rng in
        (0..<Int.random(in: 1...40, using: &rng)).map { line in
            var row = BankRow(line: line + 2)
            switch Int.random(in: 0...4, using: &rng) {
            case 0: row.merchantId = Int64.random(in: 1...6, using: &rng)
            case 1: row.taxCode = ["0101234561", "0101234562", "0109999999"].randomElement(using: &rng)
            case 2: row.phone = ["0912000001", "0912000002", "0912000003", "0912000009"].randomElement(using: &rng)
            case 3:
                row.bin = "970405"
                row.account = ["0011000004", "0011000005", "1234567"].randomElement(using: &rng)
            default:
                row.phone = "0912000006"
                row.bin = "970436"
                row.account = "0000000006"  // one account: a second would be a conflict, decided by file order
            }
            row.status = ([nil, QRStatus.none, .registered, .displayed, .verified] as [QRStatus?]).randomElement(
                using: &rng)!
            row.day =
                Bool.random(using: &rng)
                ? nil : CalendarDay("2025-10-01")!.adding(days: Int.random(in: 0...5, using: &rng))
            return row
        }
    }

    static let merchants = [
        Fixtures.merchant(1, phone: "0912000001", taxCode: "0101234561"),
        Fixtures.merchant(2, phone: "0912000002", taxCode: "0101234562", status: .registered, at: "2025-10-02 10:00"),
        Fixtures.merchant(3, phone: "0912000002"),
        Fixtures.merchant(4, bin: "970405", account: "0011000004", status: .displayed, at: "2025-10-03 08:00"),
        Fixtures.merchant(5, phone: "0912000005", bin: "970405", account: "0011000005", accountName: true),
        Fixtures.merchant(6, phone: "0912000006"),
    ]

    @Test(
        "a plan never holds the same event twice, the same rows again plan nothing, and the order of the rows does not matter"
    )
    func planningIsIdempotent() async {
        await propertyCheck(count: 500, input: Self.bankRows) { rows in
            var planner = SyncPlanner(
                index: Fixtures.index(Self.merchants), profile: Fixtures.generic, communes: CommuneDirectory.official,
                today: CalendarDay("2025-12-31")!, createMissing: false, note: nil
            ) { _, _, _ in false }
            for row in rows { _ = try planner.plan(row) }
            _ = try planner.finish()
            let firstPass = planner.changes
            let identities = firstPass.events.map { "\($0.merchant) \($0.status) \(CalendarDay(containing: $0.at))" }
            #expect(Set(identities).count == identities.count)
            #expect(Set(firstPass.accounts.map(\.merchantId)).count == firstPass.accounts.count)
            var again: [PlanEntry] = []
            for row in rows {
                if case .success(let entries) = try planner.plan(row) { again += entries }
            }
            try planner.finish().emit { again += $0 }
            #expect(again.allSatisfy { $0.action != .event && $0.action != .account && $0.action != .create })
            #expect(planner.changes == firstPass)

            var shuffled = SyncPlanner(
                index: Fixtures.index(Self.merchants), profile: Fixtures.generic, communes: CommuneDirectory.official,
                today: CalendarDay("2025-12-31")!, createMissing: false, note: nil
            ) { _, _, _ in false }
            for row in rows.reversed() { _ = try shuffled.plan(row) }
            _ = try shuffled.finish()
            let events = { (changes: SyncChanges) in Set(changes.events.map { "\($0.merchant) \($0.status) \($0.at)" })
            }
            #expect(events(shuffled.changes) == events(firstPass))
        }
    }
}
