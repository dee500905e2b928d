import Tabular
import Testing

@Suite("Sheet tables")
struct SheetTableTests {
    let table: SheetTable = {
        var table = SheetTable(
            name: "Danh sách",
            columns: [
                .init("Mã cơ sở", .integer), .init("Tên cơ sở"), .init("Số điện thoại", .identifier),
                .init("Tỷ lệ", .percent), .init("Ngày", .date),
            ])
        table.append([
            .integer(7), .text("Tạp hóa Bà Hằng"), .text("0912345678"), .number(0.889),
            .date(SheetDate(year: 2025, month: 10, day: 5)),
        ])
        table.append([.integer(12), .text("=1+1")])
        table.appendFooter([.empty, .text("Tổng cộng"), .empty, .number(0.9)])
        return table
    }()

    @Test("short rows are padded with empty cells; identifier columns are listed")
    func padding() {
        #expect(table.rows[1] == [.integer(12), .text("=1+1"), .empty, .empty, .empty])
        #expect(table.identifierColumns == [2])
    }

    @Test("the text projection writes plain numbers, dates as asked, numbers right-aligned")
    func textProjection() {
        let text = table.textTable { "\($0.day)/\($0.month)/\($0.year)" }
        #expect(text.columns.map(\.header) == ["Mã cơ sở", "Tên cơ sở", "Số điện thoại", "Tỷ lệ", "Ngày"])
        #expect(text.columns.map(\.alignment) == [.right, .left, .left, .right, .left])
        #expect(
            text.rows == [["7", "Tạp hóa Bà Hằng", "0912345678", "0.889", "5/10/2025"], ["12", "=1+1", "", "", ""]])
        #expect(text.footer == [["", "Tổng cộng", "", "0.9", ""]])
    }

    @Test("missing or empty text is an empty cell")
    func optionalText() {
        #expect(SheetCell(text: nil) == .empty)
        #expect(SheetCell(text: "") == .empty)
        #expect(SheetCell(text: "Thôn Đông") == .text("Thôn Đông"))
    }
}
