import Foundation
import Tabular
import Testing

@testable import XLSX

/// Workbooks written by libxlsxwriter and read back by openpyxl: every cell kind, the frozen
/// header and filter, widths, Vietnamese text, and failures that leave no file behind.
@Suite("XLSX writer")
struct XLSXWriterTests {
    /// A fresh folder per test, removed at the end.
    final class Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        /// Every file in the folder, hidden temporary files included.
        var contents: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? [] }
    }

    static let table: SheetTable = {
        var table = SheetTable(
            name: "Cơ sở chưa treo QR",
            columns: [
                .init("Mã cơ sở", .integer), .init("Tên cơ sở"), .init("Số điện thoại", .identifier),
                .init("Số tài khoản", .identifier), .init("Số cửa hàng", .count), .init("Tỷ lệ", .percent),
                .init("Ngày cập nhật", .date), .init("Đạt 90%"),
            ],
            notes: ["Tỷ lệ cửa hàng có mã QR thanh toán — Phường Phố Hiến", "DỮ LIỆU MẪU — không phải số liệu thật"])
        table.append([
            .integer(7), .text("Tạp hóa Bà Hằng"), .text("0912345678"), .text("0001234567890123456"),
            .integer(12_345), .number(0.889), .date(SheetDate(year: 2025, month: 10, day: 5)), .text("chưa đạt"),
        ])
        table.append([
            .integer(8), .text("=1+1"), .text("0033"), .empty, .integer(0), .empty, .empty, .text("chưa có cửa hàng"),
        ])
        table.append([
            .integer(9), .text("@cmd"), .text("+84912"), .text("-5"), .integer(3), .number(1),
            .date(SheetDate(year: 1900, month: 3, day: 1)), .text("đạt"),
        ])
        table.appendFooter([
            .empty, .text("Tổng cộng"), .empty, .empty, .integer(12_348), .number(0.5), .empty, .text("chưa đạt"),
        ])
        return table
    }()

    @Test("every cell kind reads back with its type, value and format")
    func cellKinds() throws {
        let folder = try Folder()
        let path = folder.path("bao-cao.xlsx")
        try Workbook.write([Self.table], to: path)
        let sheets = try OpenPyXL.read(path)
        #expect(sheets.count == 1)
        let sheet = try #require(sheets.first)
        #expect(sheet.name == "Cơ sở chưa treo QR")

        // Header: Vietnamese with diacritics, bold.
        #expect(sheet.rows[0].map(\.text) == Self.table.columns.map(\.header))
        #expect(sheet.rows[0].allSatisfy { $0.bold && $0.kind == "text" })

        // Integers and counts are numbers.
        #expect(sheet[1, 0].kind == "number" && sheet[1, 0].number == 7 && sheet[1, 0].format == "0")
        #expect(sheet[1, 4].kind == "number" && sheet[1, 4].number == 12_345 && sheet[1, 4].format == "#,##0")
        // Text, Vietnamese intact.
        #expect(sheet[1, 1].kind == "text" && sheet[1, 1].text == "Tạp hóa Bà Hằng" && sheet[1, 1].format == "General")
        // Identifiers are text in the @ format, zeros kept, even when they look like numbers or formulas.
        #expect(sheet[1, 2].kind == "text" && sheet[1, 2].text == "0912345678" && sheet[1, 2].format == "@")
        #expect(sheet[1, 3].text == "0001234567890123456" && sheet[1, 3].type == "s")
        #expect(sheet[2, 2].text == "0033" && sheet[2, 2].format == "@")
        #expect(sheet[3, 2].text == "+84912" && sheet[3, 3].text == "-5" && sheet[3, 3].type == "s")
        // The percent is a fraction with a one-decimal percent format.
        #expect(sheet[1, 5].kind == "number" && sheet[1, 5].number == 0.889 && sheet[1, 5].format == "0.0%")
        // Dates are real dates, shown dd/mm/yyyy.
        #expect(sheet[1, 6].kind == "date" && sheet[1, 6].text == "2025-10-05" && sheet[1, 6].format == "dd/mm/yyyy")
        #expect(sheet[3, 6].kind == "date" && sheet[3, 6].text == "1900-03-01")
        // Formula-like text stays text: a string cell, never a formula.
        #expect(sheet[2, 1].text == "=1+1" && sheet[2, 1].type == "s")
        #expect(sheet[3, 1].text == "@cmd" && sheet[3, 1].type == "s")
        // Empty cells stay empty.
        #expect(sheet[2, 3].kind == "empty" && sheet[2, 5].kind == "empty" && sheet[2, 6].kind == "empty")
        #expect(sheet[2, 7].text == "chưa có cửa hàng")
    }

    @Test("the header row is frozen, the filter covers header and data, the footer is bold, notes follow a blank row")
    func layout() throws {
        let folder = try Folder()
        let path = folder.path("layout.xlsx")
        try Workbook.write([Self.table], to: path)
        let sheet = try #require(try OpenPyXL.read(path).first)
        #expect(sheet.freeze == "A2")
        #expect(sheet.filter == "A1:H4")
        #expect(sheet[4, 1].text == "Tổng cộng" && sheet[4, 1].bold)
        #expect(sheet[4, 4].number == 12_348 && sheet[4, 4].bold && sheet[4, 4].format == "#,##0")
        #expect(sheet[4, 5].number == 0.5 && sheet[4, 5].format == "0.0%")
        #expect(sheet[1, 1].bold == false)
        #expect(sheet.rows[5].allSatisfy { $0.kind == "empty" })
        #expect(sheet[6, 0].text == "Tỷ lệ cửa hàng có mã QR thanh toán — Phường Phố Hiến")
        #expect(sheet[7, 0].text == "DỮ LIỆU MẪU — không phải số liệu thật")
        #expect(sheet.rows.count == 8)
    }

    @Test("column widths follow the content, within bounds, and identifier columns keep the text format for new cells")
    func widths() throws {
        var table = SheetTable(name: "W", columns: [.init("A"), .init("Tên"), .init("Số điện thoại", .identifier)])
        table.append([.text("x"), .text(String(repeating: "Tạp hóa ", count: 30)), .text("0912345678")])
        let folder = try Folder()
        let path = folder.path("widths.xlsx")
        try Workbook.write([table], to: path)
        let sheet = try #require(try OpenPyXL.read(path).first)
        let a = try #require(sheet.widths["A"])
        let b = try #require(sheet.widths["B"])
        let c = try #require(sheet.widths["C"])
        #expect(a >= ColumnWidths.minimum && a < 8)
        #expect(b >= ColumnWidths.maximum && b < ColumnWidths.maximum + 1)
        #expect(c >= 15 && c < 17)  // "Số điện thoại" is 13 characters, plus the margin
        #expect(ColumnWidths.of(table) == [6, 50, 15])
    }

    @Test("shown lengths of numbers count separators, decimals and the percent sign")
    func shownLengths() {
        #expect(ColumnWidths.shownLength(.integer(1_234_567), kind: .count) == 9)
        #expect(ColumnWidths.shownLength(.integer(1_234_567), kind: .integer) == 7)
        #expect(ColumnWidths.shownLength(.number(0.889), kind: .percent) == 5)
        #expect(ColumnWidths.shownLength(.number(1), kind: .percent) == 6)
        #expect(ColumnWidths.shownLength(.date(SheetDate(year: 2025, month: 1, day: 2)), kind: .date) == 10)
        #expect(ColumnWidths.shownLength(.text("Thôn Đông\nxóm 2"), kind: .text) == 9)
    }

    @Test("several worksheets in one workbook")
    func severalSheets() throws {
        var second = SheetTable(name: "Tổng hợp", columns: [.init("Xã/phường"), .init("Có QR", .count)])
        second.append([.text("Phố Hiến"), .integer(9)])
        let folder = try Folder()
        let path = folder.path("two.xlsx")
        try Workbook.write([Self.table, second], to: path)
        let sheets = try OpenPyXL.read(path)
        #expect(sheets.map(\.name) == ["Cơ sở chưa treo QR", "Tổng hợp"])
        #expect(sheets[1][1, 0].text == "Phố Hiến" && sheets[1][1, 1].number == 9)
        #expect(sheets[1].freeze == "A2" && sheets[1].filter == "A1:B2")
    }

    @Test("an empty table still has its header, frozen and filtered")
    func emptyTable() throws {
        let table = SheetTable(name: "Trống", columns: [.init("Mã", .identifier), .init("Tên")])
        let folder = try Folder()
        let path = folder.path("empty.xlsx")
        try Workbook.write([table], to: path)
        let sheet = try #require(try OpenPyXL.read(path).first)
        #expect(sheet.rows.count == 1 && sheet.rows[0].map(\.text) == ["Mã", "Tên"])
        #expect(sheet.freeze == "A2" && sheet.filter == "A1:B1")
    }

    @Test("an existing file is replaced whole")
    func replaces() throws {
        let folder = try Folder()
        let path = folder.path("report.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try Workbook.write([Self.table], to: path)
        #expect(try OpenPyXL.read(path).first?[1, 2].text == "0912345678")
        #expect(folder.contents == ["report.xlsx"])
    }

    @Test("a folder that does not exist: cannot create, nothing left")
    func missingFolder() throws {
        let folder = try Folder()
        let path = folder.path("no/such/folder/report.xlsx")
        #expect(throws: XLSXError.self) { try Workbook.write([Self.table], to: path) }
        do {
            try Workbook.write([Self.table], to: path)
        } catch {
            guard case .cannotCreate(let failed, let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(failed == path && reason == "No such file or directory")
            #expect(error.description == "cannot create \(path): No such file or directory")
        }
        #expect(folder.contents.isEmpty)
    }

    @Test("a parent that is a file, or an output that is a folder: cannot create, nothing left")
    func unwritablePaths() throws {
        let folder = try Folder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path("file")))
        #expect(throws: XLSXError.cannotCreate(path: folder.path("file/report.xlsx"), reason: "Not a directory")) {
            try Workbook.write([Self.table], to: folder.path("file/report.xlsx"))
        }
        try FileManager.default.createDirectory(atPath: folder.path("report.xlsx"), withIntermediateDirectories: false)
        // Refused before the workbook is assembled (the rename would fail only after it).
        #expect(throws: XLSXError.cannotCreate(path: folder.path("report.xlsx"), reason: "it is a folder")) {
            try Workbook.write([Self.table], to: folder.path("report.xlsx"))
        }
        #expect(folder.contents == ["file", "report.xlsx"])
    }

    @Test("content Excel cannot hold names the cell, and leaves no file (an old one untouched)")
    func invalidContent() throws {
        let folder = try Folder()
        let path = folder.path("report.xlsx")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        var table = SheetTable(name: "Dài", columns: [.init("Mã", .integer), .init("Ghi chú")])
        table.append([.integer(1), .text("ngắn")])
        table.append([.integer(2), .text(String(repeating: "x", count: 32_768))])
        #expect(
            throws: XLSXError.invalidContent(
                path: path, place: "worksheet \"Dài\" cell B3",
                reason: "String exceeds Excel's limit of 32,767 characters.")
        ) {
            try Workbook.write([table], to: path)
        }
        var nul = SheetTable(name: "NUL", columns: [.init("Tên")])
        nul.append([.text("a\u{0}b")])
        #expect(
            throws: XLSXError.invalidContent(
                path: path, place: "worksheet \"NUL\" cell A2", reason: "text contains a NUL character")
        ) {
            try Workbook.write([nul], to: path)
        }
        var infinite = SheetTable(name: "Số", columns: [.init("Tỷ lệ", .percent)])
        infinite.append([.number(.infinity)])
        #expect(throws: XLSXError.self) { try Workbook.write([infinite], to: path) }
        var early = SheetTable(name: "Ngày", columns: [.init("Ngày", .date)])
        early.append([.date(SheetDate(year: 1899, month: 12, day: 31))])
        #expect(throws: XLSXError.self) { try Workbook.write([early], to: path) }
        #expect(folder.contents == ["report.xlsx"])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
    }

    @Test("worksheet names Excel refuses are errors naming the worksheet")
    func sheetNames() throws {
        let folder = try Folder()
        let path = folder.path("names.xlsx")
        for name in ["Thôn/Tổ", "a[1]", String(repeating: "x", count: 32), "'quoted'"] {
            let table = SheetTable(name: name, columns: [.init("Tên")])
            #expect {
                try Workbook.write([table], to: path)
            } throws: { error in
                guard case XLSXError.invalidContent(_, let place, _) = error else { return false }
                return place == "worksheet \"\(name)\""
            }
        }
        let same = SheetTable(name: "Một", columns: [.init("Tên")])
        #expect(throws: XLSXError.self) { try Workbook.write([same, same], to: path) }
        #expect(folder.contents.isEmpty)
    }

    @Test("a workbook dropped without close() leaves nothing behind")
    func dropped() throws {
        let folder = try Folder()
        do {
            let workbook = try Workbook(path: folder.path("dropped.xlsx"))
            try workbook.addSheet(Self.table)
            #expect(folder.contents.count == 1)  // the reserved temporary file
        }
        #expect(folder.contents.isEmpty)
    }

    @Test("A1 names of cells and columns")
    func cellNames() {
        #expect(Worksheet.cellName(0, 0) == "A1")
        #expect(Worksheet.cellName(6, 1) == "B7")
        #expect(Worksheet.columnName(25) == "Z")
        #expect(Worksheet.columnName(26) == "AA")
        #expect(Worksheet.columnName(16_383) == "XFD")
    }
}

extension XLSXWriterTests {
    @Test("newlines, tabs and emoji survive; other control characters take Excel's _xHHHH_ escape")
    func controlCharacters() throws {
        var table = SheetTable(name: "Ký tự", columns: [.init("Ghi chú")])
        for text in ["Dòng 1\nDòng 2", "a\tb", "x\u{01}y", "🇻🇳 Việt Nam"] { table.append([.text(text)]) }
        let folder = try Folder()
        let path = folder.path("controls.xlsx")
        try Workbook.write([table], to: path)
        let sheet = try #require(try OpenPyXL.read(path).first)
        // XML cannot hold U+0001; the file stores it as _x0001_, which Excel decodes and openpyxl 3.0 shows as is.
        #expect(sheet.rows.dropFirst().map { $0[0].text } == ["Dòng 1\nDòng 2", "a\tb", "x_x0001_y", "🇻🇳 Việt Nam"])
    }
}
