import Foundation
import Testing

/// What the registry refuses as implausible: merchant ids past 2^53 − 1 (and ids written as
/// numbers where a spreadsheet would round them), events outside a merchant's open days, and
/// report days outside the registry's history.
@Suite struct DataRulesTests {
    typealias Workspace = RegistryCommandTests.Workspace

    func write(_ text: String, _ name: String, in space: Workspace) throws {
        try text.write(to: space.folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func merchantCount(_ space: Workspace) throws -> Int {
        try space.run(["merchant", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count - 1
    }

    // MARK: Large ids

    @Test func idsPastTwoToTheFiftyThreeAreRefusedWithFileLineAndField() throws {
        let space = try Workspace()
        defer { space.remove() }
        try write(
            "id,commune_code,name\n9223372036854775807,11953,A\n9007199254740992,11953,B\n"
                + "99999999999999999999,11953,C\n9007199254740990,11953,D\n", "ids.csv", in: space)
        let refused = try space.run(["merchant", "import", "ids.csv"])
        #expect(refused.status == 65, "\(refused.stderr)")
        for line in ["2: id: 9223372036854775807", "3: id: 9007199254740992", "4: id: 99999999999999999999"] {
            #expect(
                refused.stderr.contains("ids.csv:\(line) is above the largest merchant id, 9007199254740991"),
                "\(refused.stderr)")
        }
        #expect(!refused.stderr.contains("ids.csv:5"))
        #expect(try merchantCount(space) == 0)

        // The valid row goes in; ids continue from it up to 2^53 − 1, then a new merchant is refused.
        #expect(try space.run(["merchant", "import", "ids.csv", "--skip-invalid"]).status == 0)
        #expect(try space.add(["--commune", "11953", "--name", "E"]) == "9007199254740991")
        let full = try space.run(["merchant", "add", "--commune", "11953", "--name", "F"])
        #expect(full.status == 65)
        #expect(full.stderr.contains("no merchant id is left"), "\(full.stderr)")
        #expect(try merchantCount(space) == 2)
        let json = try space.run(["merchant", "show", "9007199254740991", "--format", "json"])
        #expect(json.stdout.contains("9007199254740991"), "\(json.stdout)\(json.stderr)")
    }

    @Test func idsAreExactTextInSpreadsheets() throws {
        let space = try Workspace()
        defer { space.remove() }
        // 16 digits: past the 15 a spreadsheet keeps of a number.
        try write(
            "id,commune_code,name,opened_on\n9007199254740991,11953,A,2025-01-01\n1000000000000001,11953,B,2025-01-01\n",
            "ids.csv", in: space)
        #expect(try space.run(["merchant", "import", "ids.csv"]).status == 0)
        #expect(try space.run(["sync", "export", "--commune", "11953", "-o", "list.csv"]).status == 0)
        let csv = try String(contentsOf: space.folder.appendingPathComponent("list.csv"), encoding: .utf8)
        #expect(csv.contains("\r\n\"=\"\"1000000000000001\"\"\";B;"), "\(csv)")
        #expect(csv.contains("\r\n\"=\"\"9007199254740991\"\"\";A;"), "\(csv)")

        #expect(try space.run(["sync", "export", "--commune", "11953", "-o", "list.xlsx"]).status == 0)
        let sheet = try #require(try Workbooks.read(space.folder.appendingPathComponent("list.xlsx")).first)
        #expect(
            sheet.rows.dropFirst().map { $0[0] }
                == [.text("9007199254740991", format: "@"), .text("1000000000000001", format: "@")])

        let copy = try space.run(["merchant", "export", "--spreadsheet"])
        #expect(copy.stdout.contains("\r\n\"=\"\"9007199254740991\"\"\","), "\(copy.stdout)")
    }

    // MARK: Event days

    @Test func eventsOutsideAMerchantsOpenDaysAreRefusedUnlessForced() throws {
        let space = try Workspace()
        defer { space.remove() }
        let open = try space.add(["--commune", "11953", "--name", "Mở", "--opened", "2011-03-01"])
        let closed = try space.add(["--commune", "11953", "--name", "Đóng", "--opened", "2011-03-01"])
        #expect(try space.run(["merchant", "close", closed, "--at", "2025-10-01"]).status == 0)

        let early = try space.run(["mark", open, "displayed", "--at", "1900-01-01"])
        #expect(early.status == 65)
        #expect(
            early.stderr.contains("merchant \(open) opened on 2011-03-01: an event on 1900-01-01 is before that"),
            "\(early.stderr)")
        let late = try space.run(["mark", open, closed, "none", "--at", "2025-10-02"])
        #expect(late.status == 65)
        #expect(late.stderr.contains("merchant \(closed) closed on 2025-10-01: an event on 2025-10-02 is after that"))
        try write("\(open)\n\(closed)\n", "ids.txt", in: space)
        #expect(try space.run(["mark", "--from", "ids.txt", "none", "--at", "2025-10-02"]).status == 65)
        #expect(try space.run(["merchant", "show", open]).stdout.contains("displayed") == false)
        #expect(try space.run(["mark", open, "registered", "--at", "2011-03-01"]).status == 0)  // the opening day
        #expect(try space.run(["mark", closed, "none", "--at", "2025-10-01"]).status == 0)  // the closing day
        #expect(try space.run(["mark", open, "displayed", "--at", "1900-01-01", "--force"]).status == 0)

        // A merchant CSV row whose status is dated before its own opening day.
        try write(
            "commune_code,name,opened_on,status,status_at\n11953,Mới,2025-06-01,displayed,2025-05-31\n", "m.csv",
            in: space)
        let row = try space.run(["merchant", "import", "m.csv"])
        #expect(row.status == 65)
        #expect(
            row.stderr.contains("m.csv:2: status_at: 2025-05-31 is before the merchant opened on 2025-06-01"),
            "\(row.stderr)")
        #expect(try space.run(["merchant", "import", "m.csv", "--force"]).status == 0)
    }

    @Test func bankRowsOutsideAMerchantsOpenDaysAreRejected() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.add(["--commune", "11953", "--name", "Mở", "--opened", "2011-03-01", "--phone", "0912000001"])
        _ = try space.add(["--commune", "11953", "--name", "Khác", "--phone", "0912000002"])
        try write(
            "phone,status,date\n0912000001,displayed,01/01/1900\n0912000002,displayed,05/10/2025\n", "bank.csv",
            in: space)
        let refused = try space.run(["sync", "import", "bank.csv", "--profile", "generic"])
        #expect(refused.status == 65)
        #expect(
            refused.stderr.contains(
                "bank.csv:2: date: \"1900-01-01\" is before merchant 1 opened on 2011-03-01: a status outside its open days"
            ), "\(refused.stderr)")
        let skipped = try space.run(["sync", "import", "bank.csv", "--profile", "generic", "--skip-invalid"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let list = try space.run(["merchant", "list", "--format", "csv"]).stdout
        #expect(
            list.contains("Mở,,0912***001,,,,none,,") && list.contains("Khác,,0912***002,,,,displayed,2025-10-05,"),
            "\(list)")
    }

    // MARK: Report days

    @Test func reportDaysOutsideTheHistoryAreRefusedAndTrendsStayBounded() throws {
        let space = try Workspace()
        defer { space.remove() }
        let id = try space.add(["--commune", "11953", "--name", "A", "--opened", "2011-03-01"])
        #expect(try space.run(["mark", id, "displayed", "--at", "2025-10-01"]).status == 0)

        let start = Date()
        let future = try space.run(["trend", "--commune", "11953", "--as-of", "9999-12-31"])
        #expect(future.status == 64 && future.stdout.isEmpty)
        #expect(future.stderr.contains("--as-of: 9999-12-31 is after today"), "\(future.stderr)")
        #expect(Date().timeIntervalSince(start) < 5)
        let tomorrow = try space.run(["coverage", "--as-of", "2999-01-01"])
        #expect(tomorrow.status == 64 && tomorrow.stdout.isEmpty)
        let before = try space.run(["coverage", "--as-of", "2025-09-30"])
        #expect(before.status == 64)
        #expect(
            before.stderr.contains("--as-of: 2025-09-30 is before the registry's first QR status event (2025-10-01)"),
            "\(before.stderr)")
        #expect(try space.run(["trend", "--commune", "11953", "--from", "2025-09-01"]).status == 64)

        // A forced event in 1900: the trend from it would have 46,000 rows, so it is refused,
        // and a range asked for prints exactly its rows.
        #expect(try space.run(["mark", id, "registered", "--at", "1900-01-01", "--force"]).status == 0)
        let long = try space.run(["trend", "--commune", "11953"])
        #expect(long.status == 64 && long.stdout.isEmpty)
        #expect(long.stderr.contains("daily points, more than 3,660"), "\(long.stderr)")
        let asked = try space.run([
            "trend", "--commune", "11953", "--from", "2025-09-20", "--as-of", "2025-10-02", "--format", "csv",
        ])
        #expect(asked.status == 0, "\(asked.stderr)")
        let rows = asked.stdout.split(separator: "\r\n").dropFirst()
        #expect(rows.count == 13 && rows.first?.hasPrefix("2025-09-20,") == true, "\(asked.stdout)")
    }
}
