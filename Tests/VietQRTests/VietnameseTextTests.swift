import Foundation
import Testing

@testable import VietQR

@Suite("Vietnamese text folding")
struct VietnameseTextTests {
    @Test(
        "folds tone and vowel marks and đ",
        arguments: [
            ("Tạp hóa Bà Hằng", "Tap hoa Ba Hang"),
            ("ĐÔNG HƯNG", "DONG HUNG"),
            ("Phở Đức Thủy", "Pho Duc Thuy"),
            ("Nguyễn Thị Ngọc Ánh", "Nguyen Thi Ngoc Anh"),
            ("Bánh mì 24/7 & cà phê", "Banh mi 24/7 & ca phe"),
            ("Ưng Ơ ư ơ", "Ung O u o"),
            ("ÐINH VĂN ÐÔNG", "DINH VAN DONG"),
            ("ＡＢＣ１２３", "ABC123"),
        ])
    func folds(input: String, expected: String) {
        #expect(VietnameseText.foldToASCII(input) == expected)
    }

    @Test("NFC and NFD input fold the same")
    func normalizationIndependent() {
        let name = "Thủy Nguyên Hòa"
        #expect(
            VietnameseText.foldToASCII(name.precomposedStringWithCanonicalMapping)
                == VietnameseText.foldToASCII(name.decomposedStringWithCanonicalMapping))
    }

    @Test("white space collapses and non-ASCII symbols are dropped")
    func whitespaceAndSymbols() {
        #expect(VietnameseText.foldToASCII("  Cà\tphê \n  sữa  ") == "Ca phe sua")
        #expect(VietnameseText.foldToASCII("Giá 5€ 😀 ok") == "Gia 5 ok")
        #expect(VietnameseText.foldToASCII("中文") == "")
    }

    @Test("search keys ignore case, diacritics and tone-mark placement")
    func searchKeys() {
        #expect(VietnameseText.searchKey("Hòa") == VietnameseText.searchKey("Hoà"))
        #expect(VietnameseText.searchKey("Thủy") == VietnameseText.searchKey("Thuỷ"))
        #expect(VietnameseText.searchKey("  PHỐ   Hiến ") == "pho hien")
        #expect(VietnameseText.searchKey("Đông") != VietnameseText.searchKey("Tây"))
    }

    @Test("folded output is always printable ASCII")
    func alwaysPrintable() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let scalars = (0..<40).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FFFF, using: &rng)) }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            let folded = VietnameseText.foldToASCII(String(text))
            #expect(folded.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
            #expect(!folded.hasPrefix(" ") && !folded.hasSuffix(" "))
        }
    }
}
