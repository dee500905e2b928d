import Testing

@testable import VietQR

/// A payload's text with a correct CRC appended: tests build broken payloads from parts and
/// still want the CRC to pass, so the rule under test is the one that fails.
func withCRC(_ body: String) -> String {
    let data = body + "6304"
    return data + CRC16.hex(CRC16.ccittFalse(Array(data.utf8)))
}

/// The merchant account template for BIN 970436 and account 0123456789, to account.
let account38 = "38540010A00000072701240006970436011001234567890208QRIBFTTA"

@Suite("Decoding VietQR payloads")
struct VietQRDecodeTests {
    @Test("reads every field of a full payload and names the bank")
    func fullPayload() throws {
        let text =
            "00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA"
            + "530370454061500005802VN5915Tap hoa Ba Hang6008Hung Yen62150811Mua hang 1063042CD6"
        let decoded = try VietQRDecoder.decode(text)
        #expect(decoded.payload.initiation == .dynamicQR)
        #expect(decoded.payload.bin == "970436")
        #expect(decoded.payload.account == "0123456789")
        #expect(decoded.payload.service == .toAccount)
        #expect(decoded.payload.amount == 150_000)
        #expect(decoded.payload.merchantName == "Tap hoa Ba Hang")
        #expect(decoded.payload.merchantCity == "Hung Yen")
        #expect(decoded.payload.purpose == "Mua hang 10")
        #expect(decoded.bank?.shortName == "Vietcombank")
        #expect(decoded.warnings.isEmpty)
        #expect(decoded.payload.encoded() == text)
    }

    @Test("accepts a lower-case CRC")
    func lowerCaseCRC() throws {
        let text = "00020101021138540010A00000072701240006970415011001234567890208QRIBFTTA53037045802VN6304"
        let crc = CRC16.hex(CRC16.ccittFalse(Array(text.utf8))).lowercased()
        #expect(try VietQRDecoder.decode(text + crc).payload.bin == "970415")
    }

    @Test("accepts tags other than 00 and 63 in any order and keeps unknown tags")
    func anyOrderAndUnknownTags() throws {
        let decoded = try VietQRDecoder.decode(
            withCRC("000201" + "5802VN" + "52045411" + "5303704" + account38 + "010211"))
        #expect(decoded.payload.otherFields == [TLVField(tag: "52", value: "5411")])
        #expect(decoded.payload.encoded() == withCRC("000201010211" + account38 + "520454115303704" + "5802VN"))
    }

    @Test("an unknown but well-formed BIN is a warning, not an error")
    func unknownBIN() throws {
        let decoded = try VietQRDecoder.decode(
            withCRC(
                "000201010211"
                    + "38540010A00000072701240006999999011001234567890208QRIBFTTA" + "53037045802VN"))
        #expect(decoded.bank == nil)
        #expect(decoded.warnings == [.unknownBIN("999999")])
    }

    @Test(
        "each broken rule is reported with its tag",
        arguments: [
            ("", VietQRError(tag: nil, .empty)),
            ("0002010", VietQRError(tag: nil, .truncatedHeader(offset: 6, path: ""))),
            ("0X0201", VietQRError(tag: nil, .nonDigitTag(offset: 0, path: ""))),
            ("00A201", VietQRError(tag: "00", .nonDigitLength(offset: 2))),
            ("000001", VietQRError(tag: "00", .zeroLength(offset: 2))),
            ("00020101021", VietQRError(tag: "01", .lengthOverrunsData(declared: 2, available: 1))),
            ("000201000201", VietQRError(tag: "00", .duplicateTag)),
            ("010211000201", VietQRError(tag: "00", .formatIndicatorNotFirst)),
            ("000201010211", VietQRError(tag: "63", .missingTag)),
            ("00020163041234010211", VietQRError(tag: "63", .crcNotLast)),
            ("0002016304ZZZZ", VietQRError(tag: "63", .malformedCRC(found: "ZZZZ"))),
            ("00020163050ABCD", VietQRError(tag: "63", .malformedCRC(found: "0ABCD"))),
            (
                "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A16",
                VietQRError(tag: "63", .crcMismatch(expected: "6A15", found: "6A16"))
            ),
        ])
    func structuralErrors(text: String, expected: VietQRError) {
        #expect(throws: expected) { try VietQRDecoder.decode(text) }
    }

    @Test(
        "each broken field rule is reported with its tag",
        arguments: [
            (
                "000202010211" + account38 + "53037045802VN",
                VietQRError(tag: "00", .unexpectedValue(expected: "01", found: "02"))
            ),
            ("000201" + account38 + "53037045802VN", VietQRError(tag: "01", .missingTag)),
            (
                "000201010213" + account38 + "53037045802VN",
                VietQRError(tag: "01", .unknownInitiationMethod(found: "13"))
            ),
            ("00020101021153037045802VN", VietQRError(tag: "38", .missingTag)),
            ("000201010211" + account38 + "5802VN", VietQRError(tag: "53", .missingTag)),
            (
                "000201010211" + account38 + "5303840" + "5802VN",
                VietQRError(tag: "53", .unexpectedValue(expected: "704", found: "840"))
            ),
            ("000201010211" + account38 + "5303704", VietQRError(tag: "58", .missingTag)),
            (
                "000201010211" + account38 + "53037045802US",
                VietQRError(tag: "58", .unexpectedValue(expected: "VN", found: "US"))
            ),
            (
                "000201010211" + "38540010A00000072801240006970436011001234567890208QRIBFTTA" + "53037045802VN",
                VietQRError(tag: "38.00", .unexpectedValue(expected: "A000000727", found: "A000000728"))
            ),
            (
                "000201010211" + "38540010A00000072701240006970436011001234567890208QRIBFTTX" + "53037045802VN",
                VietQRError(tag: "38.02", .unknownServiceCode(found: "QRIBFTTX"))
            ),
            (
                "000201010211" + "38460010A00000072701240006970436011001234567890208" + "53037045802VN",
                VietQRError(tag: "38.02", .lengthOverrunsData(declared: 8, available: 0))
            ),
            (
                "000201010211" + "38420010A000000727012400069704360110012345678953037045802VN",
                VietQRError(tag: "38.02", .missingTag)
            ),
            (
                "000201010211" + "38530010A000000727" + "0123" + "00059704301100123456789" + "0208QRIBFTTA"
                    + "53037045802VN",
                VietQRError(tag: "38.01.00", .invalidBIN(found: "97043"))
            ),
            (
                "000201010211" + "38400010A000000727" + "01100006970436" + "0208QRIBFTTA" + "53037045802VN",
                VietQRError(tag: "38.01.01", .missingTag)
            ),
            (
                "000201010211" + "38600010A00000072701240006970436011001234567890208QRIBFTTA0302xx" + "53037045802VN",
                VietQRError(tag: "38.03", .unexpectedSubTag)
            ),
            (
                "000201010211" + account38 + "530370454030.5" + "5802VN",
                VietQRError(
                    tag: "54", .invalidAmount(found: "0.5", reason: "has a fraction, but VND has no minor unit"))
            ),
            ("000201010211" + account38 + "5303704540510000" + "5802VN" + "", nil as VietQRError?),
            ("000201010211" + account38 + "5303704540510.00" + "5802VN", nil as VietQRError?),
            (
                "000201010211" + account38 + "530370454050.000" + "5802VN",
                VietQRError(tag: "54", .invalidAmount(found: "0.000", reason: "must not be zero"))
            ),
            (
                "000201010211" + account38 + "5303704540610,000" + "5802VN",
                VietQRError(
                    tag: "54", .invalidAmount(found: "10,000", reason: "must be digits with at most one decimal point"))
            ),
            (
                "000201010211" + account38 + "53037045406.1.2.3" + "5802VN",
                VietQRError(
                    tag: "54", .invalidAmount(found: ".1.2.3", reason: "must be digits with at most one decimal point"))
            ),
            (
                "000201010211" + account38 + "5303704" + "5414" + "1" + String(repeating: "0", count: 13) + "5802VN",
                VietQRError(tag: "54", .invalidAmount(found: "10000000000000", reason: "is longer than 13 characters"))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "5904Hằng",
                VietQRError(tag: "59", .notPrintableASCII(found: "ằ"))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "592612345678901234567890123456",
                VietQRError(tag: "59", .tooLong(limit: 25, length: 26))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "60161234567890123456",
                VietQRError(tag: "60", .tooLong(limit: 15, length: 16))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "62081004abcd",
                VietQRError(tag: "62.10", .unexpectedSubTag)
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "62080904AMEX",
                VietQRError(tag: "62.09", .tooLong(limit: 3, length: 4))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "6206080xab",
                VietQRError(tag: "62.08", .nonDigitLength(offset: 2))
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "64060002vi",
                VietQRError(tag: "64.01", .missingTag)
            ),
            (
                "000201010211" + account38 + "53037045802VN" + "64140002VI0104Hằng",
                VietQRError(tag: "64.00", .invalidLanguage(found: "VI"))
            ),
        ] as [(String, VietQRError?)])
    func fieldErrors(body: String, expected: VietQRError?) {
        if let expected {
            #expect(throws: expected) { try VietQRDecoder.decode(withCRC(body)) }
        } else {
            #expect(throws: Never.self) { try VietQRDecoder.decode(withCRC(body)) }
        }
    }

    @Test("amounts with a zero fraction read as whole đồng and re-encode without it")
    func zeroFraction() throws {
        let decoded = try VietQRDecoder.decode(withCRC("000201010211" + account38 + "5303704540510.00" + "5802VN"))
        #expect(decoded.payload.amount == 10)
        #expect(decoded.payload.encoded().contains("540210"))
    }

    @Test("error messages name the field and the rule")
    func messages() {
        #expect(
            VietQRError(tag: "59", .tooLong(limit: 25, length: 30)).description
                == "tag 59 (merchant name): 30 characters, the limit is 25")
        #expect(
            VietQRError(tag: "63", .crcMismatch(expected: "6A15", found: "6A16")).description
                == "tag 63 (CRC): is 6A16 but the data gives 6A15")
        #expect(
            VietQRError(tag: "38.01.00", .invalidBIN(found: "97")).description
                == "tag 38.01.00 (acquirer BIN): must be 6 digits, found \"97\"")
    }
}
