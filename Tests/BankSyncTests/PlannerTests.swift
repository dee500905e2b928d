import Domain
import Foundation
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// The plan: every action, event identity within the file and against the registry, the
/// status on a row's day, event times, and independence from the order of the rows.
@Suite struct PlannerTests {
    static let today = Fixtures.day("2025-12-31")

    /// A planner over these merchants; `recorded` are the (id, status, day) events the registry holds from the profile's source.
    func planner(_ merchants: [SyncMerchantKeys], createMissing: Bool = false, recorded: Set<String> = [])
        -> SyncPlanner
    {
        SyncPlanner(
            index: Fixtures.index(merchants), profile: Fixtures.generic, communes: CommuneDirectory.official,
            today: Self.today, createMissing: createMissing, note: "bank.csv"
        ) { id, status, day in
            recorded.contains("\(id) \(status.rawValue) \(day)")
        }
    }

    /// Plans the rows, then decides their statuses: every entry (those of ``SyncPlanner/plan(_:)``
    /// first, then the statuses); a rejected row is recorded as an issue.
    func plan(_ planner: inout SyncPlanner, _ rows: BankRow...) throws -> [PlanEntry] {
        var entries: [PlanEntry] = []
        for row in rows {
            switch try planner.plan(row) {
            case .success(let planned): entries += planned
            case .failure(let rejection): Issue.record("line \(rejection.line) rejected: \(rejection.issues)")
            }
        }
        try planner.finish().emit { entries += $0 }
        return entries
    }

    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    static func row(_ line: Int, phone: String, _ status: QRStatus?, _ day: String? = nil) -> BankRow {
        BankRow(line: line, phone: phone, status: status, day: day.map(Fixtures.day))
    }

    @Test func aNewStatusIsAnEventAtTheStartOfItsDay() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005")])
        let plan = try plan(&planner, Self.row(2, phone: "0912000005", .displayed, "2025-10-05"))
        #expect(
            plan == [
                PlanEntry(
                    line: 2, merchant: "5", matchKey: "phone", action: .event, field: "status", before: "none",
                    after: "displayed 2025-10-05", reason: "new status")
            ])
        #expect(
            planner.changes.events == [SyncEvent(merchant: .existing(5), status: .displayed, at: Self.at("2025-10-05"))]
        )
        #expect(planner.changes.source == "bank" && planner.changes.note == "bank.csv")
        #expect(planner.counts.events == 1 && planner.counts.rows == 1)
    }

    @Test func aStatusOutsideTheMerchantsOpenDaysRejectsTheRow() throws {
        var opened = Fixtures.merchant(5, phone: "0912000005")
        opened.openedOn = Fixtures.day("2011-03-01")
        var closed = Fixtures.merchant(6, phone: "0912000006")
        closed.closedOn = Fixtures.day("2025-10-01")
        var planner = planner([opened, closed])
        func issues(_ row: BankRow) throws -> [String] {
            guard case .failure(let rejection) = try planner.plan(row) else { return [] }
            return rejection.issues.map(\.description)
        }
        #expect(
            try issues(Self.row(2, phone: "0912000005", .displayed, "1900-01-01")) == [
                "date: \"1900-01-01\" is before merchant 5 opened on 2011-03-01: a status outside its open days"
            ])
        #expect(
            try issues(Self.row(3, phone: "0912000006", QRStatus.none, "2025-10-02")) == [
                "date: \"2025-10-02\" is after merchant 6 closed on 2025-10-01: a status outside its open days"
            ])
        #expect(  // undated: the import's day
            try issues(Self.row(4, phone: "0912000006", QRStatus.none)) == [
                "date: (today, 2025-12-31) is after merchant 6 closed on 2025-10-01: a status outside its open days"
            ])
        // The opening and closing days themselves, and rows without a status, are fine.
        #expect(try issues(Self.row(5, phone: "0912000005", .displayed, "2011-03-01")).isEmpty)
        #expect(try issues(Self.row(6, phone: "0912000006", QRStatus.none, "2025-10-01")).isEmpty)
        #expect(try issues(Self.row(7, phone: "0912000006", nil)).isEmpty)
        #expect(planner.counts.rejected == 3)
    }

    @Test func aRowWithoutADateTakesTheImportsDay() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005")])
        let plan = try plan(&planner, Self.row(2, phone: "0912000005", .registered))
        #expect(plan.first?.after == "registered 2025-12-31")
        #expect(plan.first?.reason.contains("the import's day") == true)
    }

    @Test func noStatusForAMerchantWithoutEventsIsNothing() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005")])
        let plan = try plan(&planner, Self.row(2, phone: "0912000005", QRStatus.none, "2025-10-03"))
        #expect(
            plan == [
                PlanEntry(
                    line: 2, merchant: "5", matchKey: "phone", action: .nothing, field: "status", before: "none",
                    after: "none", reason: "no QR status recorded yet, which is none")
            ])
        #expect(planner.counts.unchanged == 1 && planner.changes.events.isEmpty)
    }

    @Test func theSameStatusSinceAnEarlierOrTheSameDayIsNothing() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005", status: .displayed, at: "2025-10-03 09:00")])
        let plan = try plan(
            &planner, Self.row(2, phone: "0912000005", .displayed, "2025-10-03"),
            Self.row(3, phone: "0912000005", .displayed, "2025-11-20"))
        #expect(plan.map(\.action) == [.nothing, .nothing])
        #expect(plan.first?.reason == "already displayed since 2025-10-03")
        #expect(planner.counts.unchanged == 2 && planner.changes.events.isEmpty)
    }

    @Test func anEarlierDayOfTheSameStatusIsAddedToTheHistoryOnly() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005", status: .displayed, at: "2025-10-03 09:00")])
        let plan = try plan(&planner, Self.row(2, phone: "0912000005", .displayed, "2025-10-01"))
        #expect(plan.first?.action == .event)
        #expect(plan.first?.reason.hasPrefix("added to the history only") == true)
        #expect(plan.first?.after == "displayed 2025-10-01 (history)")
    }

    @Test func anIdenticalEventInTheRegistryIsNothing() throws {
        var planner = planner(
            [Fixtures.merchant(5, phone: "0912000005", status: .displayed, at: "2025-10-10 09:00")],
            recorded: ["5 registered 2025-10-01"])
        let plan = try plan(
            &planner, Self.row(2, phone: "0912000005", .registered, "2025-10-01"),
            Self.row(3, phone: "0912000005", .registered, "2025-10-02"))
        #expect(plan.map(\.action) == [.nothing, .event])  // another day is another event
        #expect(plan.first?.reason == "the same event (registered on 2025-10-01, bank) is already recorded")
    }

    /// Several statuses of one merchant on one day: the file's last is that day's status.
    @Test func theLastStatusOfADayInTheFileCounts() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005")])
        let plan = try plan(
            &planner, Self.row(2, phone: "0912000005", .registered, "2025-10-05"),
            Self.row(3, phone: "0912000005", .displayed, "2025-10-05"))
        #expect(plan.map(\.action) == [.nothing, .event])
        #expect(
            planner.changes.events == [SyncEvent(merchant: .existing(5), status: .displayed, at: Self.at("2025-10-05"))]
        )
    }

    @Test func theSameEventTwiceInOneFileIsPlannedOnce() throws {
        var planner = planner([
            Fixtures.merchant(5, phone: "0912000005", taxCode: "0101234567", status: .verified, at: "2025-11-01 09:00")
        ])
        let plan = try plan(
            &planner, Self.row(2, phone: "0912000005", .registered, "2025-10-01"),
            BankRow(line: 9, taxCode: "0101234567", status: .registered, day: Fixtures.day("2025-10-01")))
        #expect(plan.map(\.action) == [.nothing, .event])
        #expect(
            plan.first?.reason == "line 9 gives this merchant's status for the same day (registered), later in the file"
        )
        #expect(planner.changes.events.count == 1)
        // The same rows again (another file repeating them): nothing new.
        let again = try self.plan(&planner, Self.row(10, phone: "0912000005", .registered, "2025-10-01"))
        #expect(again.map(\.action) == [.nothing] && again.first?.reason == "the same event as line 9")
    }

    @Test func aChangeOnTheDayOfTheCurrentStatusComesAfterIt() throws {
        var planner = planner([Fixtures.merchant(5, phone: "0912000005", status: .registered, at: "2025-10-05 14:30")])
        let plan = try plan(
            &planner, Self.row(2, phone: "0912000005", .displayed, "2025-10-05"),
            Self.row(3, phone: "0912000005", .displayed, "2025-10-06"))
        #expect(plan.map(\.action) == [.event, .nothing])
        #expect(plan.first?.after == "displayed 2025-10-05")
        #expect(planner.changes.events.first?.at == Self.at("2025-10-05 14:30:01"))
        #expect(plan.last?.before == "displayed 2025-10-05")
    }

    /// The rows of one merchant are decided in date order: the outcome is the same whatever their order in the file.
    @Test func statusesAreDecidedInDateOrderWhateverTheFileOrder() throws {
        let merchant = Fixtures.merchant(5, phone: "0912000005", status: .displayed, at: "2025-09-20 09:00")
        let rows = [
            Self.row(2, phone: "0912000005", .displayed, "2025-10-05"),
            Self.row(3, phone: "0912000005", .registered, "2025-10-01"),
        ]
        var forward = planner([merchant])
        var backward = planner([merchant])
        let inOrder = try plan(&forward, rows[0], rows[1])
        let reversed = try plan(&backward, rows[1], rows[0])
        #expect(forward.changes == backward.changes)
        #expect(
            forward.changes.events == [
                SyncEvent(merchant: .existing(5), status: .registered, at: Self.at("2025-10-01")),
                SyncEvent(merchant: .existing(5), status: .displayed, at: Self.at("2025-10-05")),
            ])
        #expect(inOrder.map(\.line) == [3, 2] && reversed.map(\.line) == [3, 2])
    }

    /// A merchant the file names many times (past the insertion sort of a few rows), among
    /// others: its rows are decided in date order, the last row of a day wins, whatever the
    /// order of the file.
    @Test func aMerchantNamedManyTimesIsDecidedInDateOrder() throws {
        let merchants = [
            Fixtures.merchant(5, phone: "0912000005"), Fixtures.merchant(6, phone: "0912000006"),
            Fixtures.merchant(7, phone: "0912000007"),
        ]
        // Merchant 5: 40 rows over 20 days (two rows a day); merchants 6 and 7: three rows each.
        var rows: [BankRow] = []
        for n in 0..<40 {
            // Day d's two rows (n = d·3 mod 20 and n + 20) give different statuses, and consecutive days differ.
            let day = (n * 7) % 20
            rows.append(
                Self.row(0, phone: "0912000005", QRStatus.allCases[1 + (day + n / 20) % 3], "2025-10-\(10 + day)"))
        }
        for n in 0..<3 {
            rows.append(Self.row(0, phone: "0912000006", QRStatus.allCases[1 + n], "2025-11-0\(3 - n)"))
            rows.append(Self.row(0, phone: "0912000007", QRStatus.allCases[3 - n], "2025-11-0\(n + 1)"))
        }
        func decided(_ order: [BankRow]) throws -> (SyncChanges, [PlanEntry]) {
            var planner = planner(merchants)
            var entries: [PlanEntry] = []
            for (line, row) in order.enumerated() {
                var numbered = row
                numbered.line = line + 2
                guard case .success(let planned) = try planner.plan(numbered) else { throw CancellationError() }
                entries += planned
            }
            try planner.finish().emit { entries += $0 }
            return (planner.changes, entries)
        }
        for order in [rows, Array(rows.reversed())] {
            let (changes, entries) = try decided(order)
            // Merchant 5: at most one event a day (its last row's status), in date order.
            let five = changes.events.filter { $0.merchant == .existing(5) }
            #expect(five.count == 20 && five.map(\.at) == five.map(\.at).sorted())
            #expect(Set(five.map { CalendarDay(containing: $0.at) }).count == five.count)
            #expect(entries.filter { $0.reason.contains("status for the same day") }.count == 20)
            let lastOfDay = Dictionary(
                order.filter { $0.phone == "0912000005" }.map { ($0.day!, $0.status!) },
                uniquingKeysWith: { _, later in later })
            #expect(five.allSatisfy { lastOfDay[CalendarDay(containing: $0.at)] == $0.status })
        }
        let (changes, _) = try decided(rows)
        #expect(
            changes.events.filter { $0.merchant == .existing(6) }.map(\.status) == [.verified, .displayed, .registered])
        #expect(
            changes.events.filter { $0.merchant == .existing(7) }.map(\.status) == [.verified, .displayed, .registered])
    }

    @Test func accountDetailsAreAddedOnlyToMerchantsWithoutThem() throws {
        var planner = planner([
            Fixtures.merchant(5, phone: "0912000005"),
            Fixtures.merchant(6, phone: "0912000006", bin: "970405", account: "0011000006"),
            Fixtures.merchant(7, phone: "0912000007", bin: "970405", account: "0011000007", accountName: true),
        ])
        let added = try plan(
            &planner,
            BankRow(line: 2, phone: "0912000005", bin: "970405", account: "1234567890123", accountName: "NGUYEN VAN A"))
        #expect(added.map(\.field) == ["bank_bin", "account_number", "account_name"])
        #expect(added.allSatisfy { $0.action == .account })
        #expect(
            planner.changes.accounts == [
                SyncAccountDetails(
                    merchantId: 5, bankBIN: "970405", accountNumber: "1234567890123", accountName: "NGUYEN VAN A")
            ])

        let nameOnly = try plan(
            &planner, BankRow(line: 3, phone: "0912000006", bin: "970405", account: "0011000006", accountName: "TRAN B")
        )
        #expect(nameOnly.map(\.field) == ["account_name"])
        let same = try plan(
            &planner, BankRow(line: 4, phone: "0912000007", bin: "970405", account: "0011000007", accountName: "X"))
        #expect(same.map(\.action) == [.nothing])
        let different = try plan(
            &planner, BankRow(line: 5, phone: "0912000007", bin: "970405", account: "9999999999999", status: .displayed)
        )
        #expect(different.map(\.action) == [.review])
        #expect(different.first?.before == "970405 0011000007" && different.first?.after == "970405 9999999999999")
        #expect(planner.changes.events.isEmpty)  // a review row is never applied, its status included
        #expect(planner.counts.accounts == 2 && planner.counts.review == 1 && planner.counts.unchanged == 1)
        // A row with new account details and a status counts once as changed.
        let both = try plan(
            &planner, BankRow(line: 6, merchantId: 5, status: .displayed, day: Fixtures.day("2025-10-05")))
        #expect(both.map(\.action) == [.event])
    }

    @Test func anAccountThatLostItsLeadingZerosIsInvalid() throws {
        var planner = planner([Fixtures.merchant(6, phone: "0912000006", bin: "970405", account: "0011000006")])
        guard
            case .failure(let rejection) = try planner.plan(
                BankRow(line: 2, phone: "0912000006", bin: "970405", account: "11000006", status: .displayed))
        else {
            Issue.record("not rejected")
            return
        }
        #expect(
            rejection.issues.first?.reason.hasPrefix("is merchant 6's account 0011000006 without its leading zeros")
                == true)
        // Found by the account alone too.
        guard case .failure = try planner.plan(BankRow(line: 3, bin: "970405", account: "11000006", status: .displayed))
        else {
            Issue.record("not rejected")
            return
        }
        #expect(try planner.finish().count == 0, "no status should wait")
        #expect(planner.counts.rejected == 2 && planner.changes.events.isEmpty)
    }

    @Test func unmatchedRowsAreReportedOrCreated() throws {
        var plain = planner([Fixtures.merchant(5, phone: "0912000005")])
        let unmatched = try plan(&plain, Self.row(2, phone: "0987000001", .displayed, "2025-10-05"))
        #expect(unmatched.map(\.action) == [.unmatched] && plain.counts.unmatched == 1)

        var creating = planner([Fixtures.merchant(5, phone: "0912000005")], createMissing: true)
        let created = try plan(
            &creating,
            BankRow(
                line: 2, phone: "0987000001", bin: "970405", account: "1234567890123", status: .displayed,
                day: Fixtures.day("2025-10-05"), commune: "Phố Hiến", name: "Tạp hóa Mới"),
            // A later row of the same file matches the merchant just created.
            Self.row(3, phone: "0987000001", .verified, "2025-10-06"))
        #expect(created.map(\.action) == [.create, .event, .event])
        #expect(created.first?.after == "Tạp hóa Mới (11953)")
        #expect(created[1].merchant == "new" && created[2].before == "displayed 2025-10-05")
        #expect(creating.changes.newMerchants.map(\.phone) == ["0987000001"])
        #expect(
            creating.changes.events == [
                SyncEvent(merchant: .new(0), status: .displayed, at: Self.at("2025-10-05")),
                SyncEvent(merchant: .new(0), status: .verified, at: Self.at("2025-10-06")),
            ])
        #expect(creating.counts.created == 1 && creating.counts.events == 2 && creating.counts.unchanged == 0)

        guard
            case .failure(let rejection) = try creating.plan(
                BankRow(line: 4, phone: "0987000002", status: .displayed, commune: "Nowhere"))
        else {
            Issue.record("not rejected")
            return
        }
        #expect(Set(rejection.issues.map(\.column)) == ["commune", "name"])
        #expect(rejection.issues.allSatisfy { $0.reason.hasPrefix("cannot create the merchant (--create-missing)") })
    }

    @Test func reviewRowsAreCountedAndNeverPlanned() throws {
        var planner = planner([Fixtures.merchant(2, phone: "0912000002"), Fixtures.merchant(3, phone: "0912000002")])
        let plan = try plan(&planner, Self.row(2, phone: "0912000002", .displayed))
        #expect(plan.map(\.action) == [.review])
        #expect(planner.counts.review == 1 && planner.changes.isEmpty)
    }

    @Test func invalidRowsAreCounted() {
        var planner = planner([])
        let rejection = RowRejection(
            line: 4, issues: [CellIssue(column: "phone", value: "912000009", reason: "lost its zero")])
        let plan = planner.reject(rejection)
        #expect(
            plan == [
                PlanEntry(
                    line: 4, merchant: "", matchKey: "", action: .invalid, field: "phone", before: "912000009",
                    after: "", reason: "lost its zero")
            ])
        #expect(planner.counts.rejected == 1 && planner.counts.rows == 1)
    }
}
