import Testing

@testable import VietQR

/// Expected payloads below were assembled by hand from the specification's layout and their CRC
/// computed independently (a bitwise CRC-16/CCITT-FALSE in Python over the UTF-8 bytes).
@Suite("Building VietQR payloads")
struct VietQRBuildTests {
    @Test("a shop sticker: static, to account, no amount")
    func minimalStatic() throws {
        let payload = try VietQRPayload(bin: "970436", account: "0123456789")
        #expect(
            payload.encoded()
                == "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A15")
    }

    @Test("dynamic with amount, folded name, city and purpose, in ascending tag order")
    func fullDynamic() throws {
        let payload = try VietQRPayload(
            bin: "970436", account: "0123456789", initiation: .dynamicQR, amount: 150_000,
            merchantName: "Tạp hóa Bà Hằng", merchantCity: "Hưng Yên", additionalData: [.purpose: "Mua hàng 10"])
        #expect(
            payload.encoded() == "00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA"
                + "530370454061500005802VN5915Tap hoa Ba Hang6008Hung Yen62150811Mua hang 1063042CD6")
    }

    @Test("to card, with the Vietnamese name in the language template counted in characters")
    func cardWithLanguageTemplate() throws {
        let payload = try VietQRPayload(
            bin: "970415", account: "12345A", service: .toCard,
            alternateLanguage: .init(merchantName: "Tạp hóa Bà Hằng"))
        #expect(
            payload.encoded() == "00020101021138500010A00000072701200006970415010612345A0208QRIBFTTC"
                + "53037045802VN64250002vi0115Tạp hóa Bà Hằng6304C33E")
    }

    @Test("the default is static (11); dynamic (12) only when asked")
    func initiationDefault() throws {
        #expect(try VietQRPayload(bin: "970436", account: "1").encoded().hasPrefix("000201010211"))
        #expect(
            try VietQRPayload(bin: "970436", account: "1", initiation: .dynamicQR).encoded().hasPrefix("000201010212"))
    }

    @Test(
        "over-long text names the field and the limit",
        arguments: [
            ("59", 25, 26), ("60", 15, 16), ("62.08", 25, 26),
        ])
    func tooLong(tag: String, limit: Int, length: Int) {
        let text = String(repeating: "ắ", count: length)
        #expect(throws: VietQRError(tag: tag, .tooLong(limit: limit, length: length))) {
            try VietQRPayload(
                bin: "970436", account: "1",
                merchantName: tag == "59" ? text : nil, merchantCity: tag == "60" ? text : nil,
                additionalData: tag == "62.08" ? [.purpose: text] : [:])
        }
    }

    @Test("limits count characters of the folded text, not UTF-8 bytes")
    func limitCountsFoldedCharacters() throws {
        // 25 Vietnamese letters are 50+ bytes in UTF-8 but fold to 25 ASCII characters: allowed.
        let name = String(repeating: "ặ", count: 25)
        let payload = try VietQRPayload(bin: "970436", account: "1", merchantName: name)
        #expect(payload.merchantName == String(repeating: "a", count: 25))
    }

    @Test("--truncate cuts text to the limit instead of failing")
    func truncates() throws {
        let payload = try VietQRPayload(
            bin: "970436", account: "1", merchantName: "Cửa hàng Tạp hóa Tổng hợp Bà Hằng", truncateText: true)
        #expect(payload.merchantName == "Cua hang Tap hoa Tong hop")
    }

    @Test("tag 62 as a whole may not exceed 99 characters")
    func additionalDataTemplateLimit() {
        let full = String(repeating: "x", count: 25)
        #expect(throws: VietQRError(tag: "62", .tooLong(limit: 99, length: 116))) {
            try VietQRPayload(
                bin: "970436", account: "1",
                additionalData: [
                    .billNumber: full, .storeLabel: full, .referenceLabel: full, .purpose: full,
                ])
        }
    }

    @Test(
        "invalid BIN, account and amount are refused",
        arguments: [
            ("97043", "1", nil, VietQRError(tag: "38.01.00", .invalidBIN(found: "97043"))),
            ("97043A", "1", nil, VietQRError(tag: "38.01.00", .invalidBIN(found: "97043A"))),
            ("970436", "", nil, VietQRError(tag: "38.01.01", .invalidAccount(found: ""))),
            (
                "970436", "01234567890123456789", nil,
                VietQRError(tag: "38.01.01", .invalidAccount(found: "01234567890123456789"))
            ),
            ("970436", "0123-456", nil, VietQRError(tag: "38.01.01", .invalidAccount(found: "0123-456"))),
            ("970436", "1", UInt64(0), VietQRError(tag: "54", .invalidAmount(found: "0", reason: "must not be zero"))),
            (
                "970436", "1", UInt64(10_000_000_000_000),
                VietQRError(tag: "54", .invalidAmount(found: "10000000000000", reason: "is longer than 13 characters"))
            ),
        ] as [(String, String, UInt64?, VietQRError)])
    func refusesInvalid(bin: String, account: String, amount: UInt64?, expected: VietQRError) {
        #expect(throws: expected) { try VietQRPayload(bin: bin, account: account, amount: amount) }
    }

    @Test("a 19-character account and a 13-digit amount are the largest accepted")
    func boundaries() throws {
        let payload = try VietQRPayload(bin: "970436", account: "1234567890123456789", amount: 9_999_999_999_999)
        let decoded = try VietQRDecoder.decode(payload.encoded())
        #expect(decoded.payload.account == "1234567890123456789")
        #expect(decoded.payload.amount == 9_999_999_999_999)
    }

    @Test("text that folds to nothing is left out")
    func emptyTextOmitted() throws {
        let payload = try VietQRPayload(
            bin: "970436", account: "1", merchantName: "  ", additionalData: [.purpose: "中文"])
        #expect(payload.merchantName == nil)
        #expect(payload.purpose == nil)
        #expect(try VietQRDecoder.decode(payload.encoded()).fields.map(\.tag) == ["00", "01", "38", "53", "58", "63"])
    }
}
