import DelimitedText
import Domain
import Foundation
import SQLiteStore
import Store
import Testing
import UseCases

@testable import BankSync

/// Whole imports through the library: the ledger, one transaction, nothing left by a failure.
@Suite struct SyncImportRunTests {
    /// A folder with a Hưng Yên registry file and three merchants.
    struct Space {
        let folder: URL
        let registry: SQLiteRegistry
        var database: String { folder.appendingPathComponent("registry.sqlite").path }

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("banksync-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            registry = try SQLiteRegistry(
                path: folder.appendingPathComponent("registry.sqlite").path, provinces: ["33"])
            _ = try registry.add("Tạp hóa An", phone: "0912000001", taxCode: "0101234567")
            _ = try registry.add("Quán Bình", phone: "0912000002", bank: "970405", account: "0011000002")
            _ = try registry.add("Cà phê Cúc", commune: "11977", phone: "0912000003")
        }

        func write(_ text: String, _ name: String = "bank.csv") throws -> String {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        func run(
            _ path: String, profile: BankProfile = Fixtures.generic, _ options: SyncImportOptions = SyncImportOptions(),
            sink: SyncImportSink = SyncImportSink()
        ) throws -> SyncImportResult {
            var file = try BankFile(path: path, profile: profile)
            return try SyncImport.run(&file, into: registry, options: options, sink: sink)
        }

        func eventCount() throws -> Int {
            try (1...3).reduce(0) { $0 + (try registry.statusHistory(merchantId: $1).count) }
        }

        /// The database file's bytes after a checkpoint (what another process would open).
        func databaseBytes() throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: database))
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static let options = SyncImportOptions(now: Timestamp.parse("2025-12-31 10:00")!)

    @Test func importingTheSameFileTwiceAppliesItOnce() throws {
        let space = try Space()
        defer { space.remove() }
        let path = try space.write("tax_code,status,date\n0101234567,displayed,05/10/2025\n")
        guard case .applied(let record) = try space.run(path, Self.options) else {
            Issue.record("not applied")
            return
        }
        #expect(record.counts.events == 1 && record.fileName == "bank.csv" && record.profile == "generic")
        #expect(record.sha256 == (try SHA256.hex(ofFileAt: path)))
        guard case .alreadyImported(let again) = try space.run(path, Self.options) else {
            Issue.record("imported twice")
            return
        }
        #expect(again == record)
        #expect(try space.eventCount() == 1)
        // A copy under another name is the same file.
        let copy = try space.write("tax_code,status,date\n0101234567,displayed,05/10/2025\n", "copy.csv")
        guard case .alreadyImported = try space.run(copy, Self.options) else {
            Issue.record("imported twice")
            return
        }
    }

    @Test func anOverlappingFileAddsNoDuplicateEvents() throws {
        let space = try Space()
        defer { space.remove() }
        _ = try space.run(
            try space.write("phone,status,date\n0912000001,registered,01/10/2025\n0912000001,displayed,05/10/2025\n"),
            Self.options)
        let second = try space.write(
            "phone,status,date\n0912000001,registered,01/10/2025\n0912000001,displayed,05/10/2025\n0912000002,displayed,06/10/2025\n",
            "october.csv")
        guard case .applied(let record) = try space.run(second, Self.options) else {
            Issue.record("not applied")
            return
        }
        #expect(record.counts.events == 1 && record.counts.unchanged == 2)
        #expect(try space.registry.statusHistory(merchantId: 1).map(\.status) == [.registered, .displayed])
    }

    @Test func pastDaysCountFromHistoryAfterAnImportAndAfterLaterMarks() throws {
        let space = try Space()
        defer { space.remove() }
        func covered(asOf day: String) throws -> Int {
            try space.registry.coverageCounts(scope: .country, groupBy: .province, asOf: CalendarDay(day)!).reduce(0) {
                $0 + $1.covered
            }
        }
        _ = try space.run(try space.write("phone,status,date\n0912000001,displayed,05/10/2025\n"), Self.options)
        // The import's event is later than 3 October: that day is counted from the history.
        #expect(try covered(asOf: "2025-10-03") == 0)
        #expect(try covered(asOf: "2025-10-05") == 1)
        // Marks after the import still move the history's bounds (its triggers are back).
        try space.registry.mark([2], StatusChange(.displayed, at: Timestamp.parse("2025-12-01 08:00")!))
        #expect(try covered(asOf: "2025-11-30") == 1)
        #expect(try covered(asOf: "2025-12-01") == 2)
    }

    @Test func theCurrentStatusIsTheLatestEventAndTheTriggerSurvives() throws {
        let space = try Space()
        defer { space.remove() }
        try space.registry.mark([3], StatusChange(.verified, at: Timestamp.parse("2025-11-01 08:00")!))
        let path = try space.write(
            "phone,status,date\n0912000001,displayed,05/10/2025\n0912000001,registered,01/10/2025\n0912000003,registered,01/10/2025\n"
        )
        _ = try space.run(path, Self.options)
        #expect(try space.registry.merchant(id: 1)?.status == .displayed)
        #expect(try space.registry.merchant(id: 3)?.status == .verified)  // its own later event stays current
        // The status trigger is back: a later mark updates the current status as before.
        try space.registry.mark([1], StatusChange(.verified, at: Timestamp.parse("2025-12-01 08:00")!))
        #expect(try space.registry.merchant(id: 1)?.status == .verified)
    }

    @Test func invalidRowsApplyNothingUnlessSkipped() throws {
        let space = try Space()
        defer { space.remove() }
        let path = try space.write(
            "phone,status,date\n0912000001,displayed,05/10/2025\n912000002,displayed,05/10/2025\n")
        let before = try space.databaseBytes()
        var rejected: [RowRejection] = []
        let sink = SyncImportSink(rejection: { rejection, _ in rejected.append(rejection) })
        guard case .rejected(let counts) = try space.run(path, Self.options, sink: sink) else {
            Issue.record("not rejected")
            return
        }
        #expect(counts.rejected == 1 && counts.events == 1)
        #expect(rejected.first?.line == 3 && rejected.first?.issues.first?.column == "phone")
        #expect(try space.eventCount() == 0)
        #expect(try space.databaseBytes() == before)
        var skipping = Self.options
        skipping.skipInvalid = true
        guard case .applied(let record) = try space.run(path, skipping) else {
            Issue.record("not applied")
            return
        }
        #expect(record.counts.rejected == 1 && record.counts.events == 1)
        #expect(try space.eventCount() == 1)
    }

    @Test func aDryRunChangesNothing() throws {
        let space = try Space()
        defer { space.remove() }
        let path = try space.write("phone,bin,account,status,date\n0912000001,970436,1234567890,displayed,05/10/2025\n")
        let before = try space.databaseBytes()
        var dryRun = Self.options
        dryRun.dryRun = true
        var entries: [PlanEntry] = []
        guard case .planned(let counts) = try space.run(path, dryRun, sink: SyncImportSink(entries: { entries += $0 }))
        else {
            Issue.record("not planned")
            return
        }
        #expect(counts.events == 1 && counts.accounts == 1)
        #expect(entries.map(\.action) == [.account, .account, .event])
        #expect(try space.databaseBytes() == before)
        #expect(try space.registry.merchant(id: 1)?.merchant.accountNumber == nil)
        // Not in the ledger: the real import still applies it.
        guard case .applied = try space.run(path, Self.options) else {
            Issue.record("not applied")
            return
        }
        #expect(try space.registry.merchant(id: 1)?.merchant.accountNumber == "1234567890")
    }

    @Test func aFailureWhileApplyingLeavesNothing() throws {
        let space = try Space()
        defer { space.remove() }
        let before = try space.databaseBytes()
        var changes = SyncChanges(source: "bank", note: nil)
        changes.accounts = [
            SyncAccountDetails(merchantId: 1, bankBIN: "970436", accountNumber: "1234567890", accountName: nil)
        ]
        changes.events = [SyncEvent(merchant: .existing(1), status: .displayed, at: Timestamp.parse("2025-10-05")!)]
        changes.newMerchants = [ValidMerchant(communeCode: "11953", name: "Mới", phone: "0912999999")]
        // A ledger row that the schema refuses (the SHA-256 must be 64 digits), after everything else went in.
        let record = ImportRecord(
            sha256: "short", profile: "generic", bank: nil, source: "bank", fileName: "bank.csv",
            importedAt: Date(), counts: ImportCounts())
        #expect(throws: (any Error).self) {
            try space.registry.withBankImportSession(writing: true) { session in
                try session.apply(&changes, record: record, now: Date())
            }
        }
        #expect(try space.eventCount() == 0)
        #expect(try space.registry.merchant(id: 1)?.merchant.accountNumber == nil)
        #expect(try space.registry.merchant(id: 4) == nil)
        #expect(try space.databaseBytes() == before)
        // The trigger dropped for the insert is back.
        try space.registry.mark([1], StatusChange(.displayed, at: Timestamp.parse("2025-10-05")!))
        #expect(try space.registry.merchant(id: 1)?.status == .displayed)
    }

    /// The statuses' plan entries are written on another thread while the changes are applied:
    /// one that cannot be written still stops the import before it commits.
    @Test func aPlanThatCannotBeWrittenLeavesNothing() throws {
        struct DiskFull: Error {}
        let space = try Space()
        defer { space.remove() }
        let path = try space.write(
            "phone,bin,account,status,date\n0912000001,970436,1234567890,displayed,05/10/2025\n"
                + "0912000003,,,verified,06/10/2025\n")
        let before = try space.databaseBytes()
        var written: [PlanAction] = []
        let sink = SyncImportSink(entries: { entries in
            if entries.contains(where: { $0.field == "status" }) { throw DiskFull() }
            written += entries.map(\.action)
        })
        #expect(throws: DiskFull.self) { try space.run(path, Self.options, sink: sink) }
        #expect(written == [.account, .account])
        #expect(try space.eventCount() == 0)
        #expect(try space.registry.merchant(id: 1)?.merchant.accountNumber == nil)
        #expect(try space.databaseBytes() == before)
        // Nothing in the ledger: the same file imports once the plan can be written.
        guard case .applied(let record) = try space.run(path, Self.options) else {
            Issue.record("not applied")
            return
        }
        #expect(record.counts.events == 2 && record.counts.accounts == 1)
        #expect(try space.eventCount() == 2)
    }

    /// With --skip-invalid the account details are written on another thread while the statuses
    /// are decided (deciding them may look for a recorded event, and then waits for them): the
    /// registry ends as when they are written with the rest.
    @Test func accountDetailsWrittenWhileDecidingGiveTheSameRegistry() throws {
        let file =
            "phone,bin,account,account_name,status,date\n"
            + "0912000001,970436,1234567890,NGUYEN VAN AN,displayed,05/10/2025\n"
            + "0912000003,970415,9876543210,,verified,06/10/2025\n"
            + "0912000002,,,,registered,07/10/2025\n"
        var results: [[String]] = []
        for skipInvalid in [false, true] {
            let space = try Space()
            defer { space.remove() }
            // Merchant 1 was registered later that day: deciding its row looks for a recorded event.
            try space.registry.mark([1], StatusChange(.registered, at: Timestamp.parse("2025-10-05 15:00")!))
            var options = Self.options
            options.skipInvalid = skipInvalid
            guard case .applied(let record) = try space.run(try space.write(file), options) else {
                Issue.record("not applied")
                return
            }
            #expect(record.counts.accounts == 2 && record.counts.events == 3)
            var state: [String] = []
            for id in Int64(1)...3 {
                let merchant = try #require(try space.registry.merchant(id: id))
                state.append(
                    "\(id) \(merchant.merchant.bankBIN ?? "-") \(merchant.merchant.accountNumber ?? "-") "
                        + "\(merchant.merchant.accountName ?? "-") \(merchant.status)")
                state += try space.registry.statusHistory(merchantId: id).map { "\($0.status) \($0.at) \($0.source)" }
            }
            results.append(state)
        }
        #expect(results[0] == results[1])
        #expect(results[1].contains("1 970436 1234567890 NGUYEN VAN AN displayed"))
        #expect(results[1].contains("3 970415 9876543210 - verified"))
    }

    /// A writing session reads the merchants' keys on a second connection only while it has
    /// changed nothing: after a change of its own, it reads them on its connection, which sees it.
    @Test func aSessionReadsItsOwnChangesBackWithTheMerchantsKeys() throws {
        let space = try Space()
        defer { space.remove() }
        func keys(_ session: any BankImportSession) throws -> [Int64: SyncMerchantKeys] {
            var keys: [Int64: SyncMerchantKeys] = [:]
            try session.forEachMerchant { keys[$0.id] = $0 }
            return keys
        }
        // The session is rolled back (it throws), leaving the registry as it was.
        #expect(throws: CancellationError.self) {
            try space.registry.withBankImportSession(writing: true) { session in
                let before = try keys(session)
                #expect(
                    before.count == 3 && before[1]?.accountNumber == nil && before[2]?.accountNumber == "0011000002")
                let details = [
                    SyncAccountDetails(
                        merchantId: 1, bankBIN: "970436", accountNumber: "1234567890", accountName: "NGUYEN VAN AN")
                ]
                try session.beginAccountDetails(details, now: Date())
                try session.finishAccountDetails()
                let after = try keys(session)
                #expect(
                    after[1]?.accountNumber == "1234567890" && after[1]?.bankBIN == "970436"
                        && after[1]?.hasAccountName == true)
                #expect(after[2] == before[2] && after[3] == before[3])
                throw CancellationError()
            }
        }
        #expect(try space.registry.withBankImportSession(writing: false) { try keys($0) }[1]?.accountNumber == nil)
    }

    @Test func newMerchantsAreCheckedAgainstTheDuplicateRules() throws {
        let space = try Space()
        defer { space.remove() }
        var changes = SyncChanges(source: "bank", note: nil)
        changes.newMerchants = [ValidMerchant(communeCode: "11953", name: "Trùng", taxCode: "0101234567")]
        let record = ImportRecord(
            sha256: String(repeating: "a", count: 64), profile: "generic", bank: nil, source: "bank",
            fileName: "x.csv", importedAt: Date(), counts: ImportCounts())
        #expect(throws: RegistryError.self) {
            try space.registry.withBankImportSession(writing: true) { session in
                try session.apply(&changes, record: record, now: Date())
            }
        }
    }

    @Test func unreadableFilesAndHeadersFailBeforeTheRegistry() throws {
        let space = try Space()
        defer { space.remove() }
        #expect(throws: BankFileError.self) {
            _ = try BankFile(path: space.folder.appendingPathComponent("none.csv").path, profile: Fixtures.generic)
        }
        let empty = try space.write("", "empty.csv")
        #expect(throws: BankFileError.unreadable(.empty(path: empty))) {
            _ = try BankFile(path: empty, profile: Fixtures.generic)
        }
        let odd = try space.write("colour,status\nred,displayed\n", "odd.csv")
        #expect {
            _ = try BankFile(path: odd, profile: Fixtures.generic)
        } throws: { error in
            guard case .header(_, let line, let mismatch) = error as? BankFileError else { return false }
            return line == 1 && mismatch.problems.contains("unknown column \"colour\" (column 1)")
        }
    }

    @Test func legacyAndWideEncodingsAreRead() throws {
        let space = try Space()
        defer { space.remove() }
        let agribank = BankProfile.builtIn(named: "agribank-example")!
        let text = "Mã số thuế;Trạng thái;Ngày cấp QR\r\n0101234567;Đang hoạt động;05/10/2025\r\n"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        let url = space.folder.appendingPathComponent("utf16.csv")
        try utf16.write(to: url)
        guard case .applied(let record) = try space.run(url.path, profile: agribank, Self.options) else {
            Issue.record("not applied")
            return
        }
        #expect(record.counts.events == 1)
        #expect(try space.registry.merchant(id: 1)?.status == .displayed)
    }
}
