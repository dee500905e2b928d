import Testing

@testable import Tabular

@Suite("Tables")
struct TabularTests {
    let table = Table(
        columns: [.init("Xã"), .init("Tổng", alignment: .right)],
        rows: [["Phố Hiến", "1200"], ["Tân Hưng", "87"]],
        footer: [["Tổng cộng", "1287"]])

    @Test("terminal tables align Vietnamese text by characters, right-align numbers, rule off the footer")
    func terminal() {
        #expect(
            TerminalRenderer().render(table) == """
                Xã         Tổng
                ─────────  ────
                Phố Hiến   1200
                Tân Hưng     87
                ─────────  ────
                Tổng cộng  1287

                """)
    }

    @Test("colour only when asked, on the header")
    func colour() {
        #expect(TerminalRenderer(useColor: true).render(table).hasPrefix("\u{1B}[1mXã"))
        #expect(!TerminalRenderer(useColor: false).render(table).contains("\u{1B}"))
    }

    @Test("CSV quotes delimiters, quotes and newlines, with CRLF records")
    func csvQuoting() {
        let csv = CSVWriter().render(
            Table(columns: [.init("a"), .init("b")], rows: [["x,y", "say \"hi\""], ["line\nbreak", "ok"]]))
        #expect(csv == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",ok\r\n")
    }

    @Test("semicolon delimiter quotes semicolons, not commas")
    func semicolon() {
        let writer = CSVWriter(delimiter: ";")
        #expect(writer.record(["a;b", "c,d"]) == "\"a;b\";c,d\r\n")
    }

    @Test(
        "spreadsheet-safe CSV neutralizes formula cells",
        arguments: [
            "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "＝1+1",
        ])
    func formulaInjection(cell: String) {
        let field = CSVWriter(spreadsheetSafe: true).field(cell, column: 0)
        #expect(field.hasPrefix("'") || field.hasPrefix("\"'"))
        #expect(CSVWriter(spreadsheetSafe: false).field(cell, column: 0).contains("'") == cell.contains("'"))
    }

    @Test("spreadsheet-safe CSV keeps identifiers as text with leading zeros")
    func identifiers() {
        let writer = CSVWriter(spreadsheetSafe: true, identifierColumns: [1])
        #expect(writer.record(["Bà Hằng", "0912345678"]) == "Bà Hằng,\"=\"\"0912345678\"\"\"\r\n")
        #expect(writer.record(["ordinary", ""]) == "ordinary,\r\n")
    }

    @Test("Markdown escapes pipes and marks right-aligned columns")
    func markdown() {
        let md = MarkdownRenderer().render(
            Table(columns: [.init("a|b"), .init("n", alignment: .right)], rows: [["x|y", "1"]]))
        #expect(md == "| a\\|b | n |\n|---|---:|\n| x\\|y | 1 |\n")
    }
}

@Suite struct TerminalEscapingTests {
    @Test func controlCharactersNeverReachTheTerminal() {
        var table = Table(columns: [.init("Name")])
        table.append(["x\u{1B}]0;pwn\u{07}"])
        let text = TerminalRenderer(useColor: false).render(table)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(text.contains("x␛]0;pwn␇"))
    }
}
