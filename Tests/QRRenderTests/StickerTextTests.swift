import Testing

@testable import QRRender

@Suite("Sticker text fitting")
struct StickerTextTests {
    /// Every character is 0.6 em wide: enough to check wrapping and shrinking arithmetic.
    let measure: (String) -> Double = { Double($0.count) * 0.6 }

    @Test("account numbers are grouped by four for reading")
    func grouping() {
        #expect(StickerText.groupedAccount("0011004299999") == "0011 0042 9999 9")
        #expect(StickerText.groupedAccount("1234") == "1234")
        #expect(StickerText.groupedAccount("") == "")
    }

    @Test("short text keeps its size on one line")
    func fits() {
        let fit = StickerText.fit("Tạp hóa Bà Hằng", width: 62, maxLines: 2, size: 5, minimumSize: 3, measure: measure)
        #expect(fit == StickerText.Fit(size: 5, lines: ["Tạp hóa Bà Hằng"]))
    }

    @Test("long text wraps, then shrinks, and never exceeds the width or line count")
    func wrapsAndShrinks() {
        let name = "Cửa hàng vật liệu xây dựng và trang trí nội thất Phương Nam"
        let fit = StickerText.fit(name, width: 62, maxLines: 2, size: 5, minimumSize: 3, measure: measure)
        #expect(fit.lines.count <= 2)
        #expect(fit.size < 5 && fit.size >= 3)
        for line in fit.lines { #expect(measure(line) * fit.size <= 62 + 1e-9) }
        #expect(fit.lines.joined(separator: " ") == name)
    }

    @Test("text that cannot fit at the smallest size is cut with an ellipsis")
    func ellipsis() {
        let name = String(repeating: "Phương Nam Hưng Thịnh ", count: 8)
        let fit = StickerText.fit(name, width: 62, maxLines: 2, size: 5, minimumSize: 3, measure: measure)
        #expect(fit.lines.count == 2)
        #expect(fit.lines[1].hasSuffix("…"))
        for line in fit.lines { #expect(measure(line) * fit.size <= 62 + 1e-9) }
    }

    @Test("a single word wider than the line breaks between characters")
    func longWord() {
        let fit = StickerText.fit(
            String(repeating: "X", count: 50), width: 10, maxLines: 6, size: 1, minimumSize: 1, measure: measure)
        #expect(fit.lines.allSatisfy { measure($0) <= 10 })
        #expect(fit.lines.joined() == String(repeating: "X", count: 50))
    }

    @Test("file names come from the merchant id only, sanitized")
    func fileNames() {
        #expect(StickerFileName.png(for: "HY-00123") == "HY-00123.png")
        #expect(StickerFileName.png(for: "../../etc/passwd") == "_._.._etc_passwd.png")
        #expect(StickerFileName.png(for: ".hidden") == "_hidden.png")
        #expect(StickerFileName.png(for: "Hằng/1") == "H_ng_1.png")
        #expect(StickerFileName.png(for: "") == "_.png")
        #expect(StickerFileName.png(for: String(repeating: "a", count: 300)).count == 104)
    }
}
