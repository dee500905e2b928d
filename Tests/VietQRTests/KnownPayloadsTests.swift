import Testing
import VietQR

/// Public VietQR payloads, each with its inputs and where it was published.
///
/// The payload strings are data copied from public documentation and test suites (the NAPAS
/// specification's worked examples as quoted by peers, library READMEs and tests); no code was
/// taken from those projects.
struct KnownPayload: Sendable, CustomTestStringConvertible {
    /// Repository and path, or URL, where the payload is published.
    let source: String
    let payload: String
    let bin: String
    let account: String
    var service: VietQRPayload.Service = .toAccount
    var initiation: VietQRPayload.InitiationMethod = .staticQR
    var amount: UInt64? = nil
    /// The additional data as a caller gives it (may hold Vietnamese to be folded).
    var additionalData: [VietQRPayload.AdditionalDataField: String] = [:]
    /// The additional data as the payload carries it, when folding or truncating changes it.
    var foldedAdditionalData: [VietQRPayload.AdditionalDataField: String]? = nil
    var truncateText = false

    var testDescription: String { "\(payload.suffix(4)) from \(source)" }
    var expectedAdditionalData: [VietQRPayload.AdditionalDataField: String] { foldedAdditionalData ?? additionalData }
}

/// How our decoder treats a public payload that does not follow the specification.
enum NonSpecOutcome: Sendable {
    /// Rejected with exactly this error.
    case rejected(VietQRError)
    /// Accepted; re-encoding the decoded model gives `canonical`, and the model keeps these
    /// data objects that VietQR does not name (tag, value).
    case accepted(canonical: String, otherFields: [TLVField])
}

/// A public payload that our builder cannot (or must not) reproduce byte for byte.
struct NonSpecPayload: Sendable, CustomTestStringConvertible {
    let source: String
    let payload: String
    /// What the publisher did that the specification does not allow or our builder does not offer.
    let why: String
    let outcome: NonSpecOutcome

    var testDescription: String { "\(payload.suffix(4)) from \(source): \(why)" }
}

@Suite("Known public payloads")
struct KnownPayloadsTests {
    static let reproducing: [KnownPayload] = [
        // xuannghia/vietnam-qr-pay (the most used JS library; its Python port is our peer).
        KnownPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (VietQR Tĩnh) and test/test-quick-gen-qr.spec.ts",
            payload: "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
            bin: "970416", account: "257678859"),
        KnownPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (VietQR Động) and test/test-quick-gen-qr.spec.ts",
            payload:
                "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6",
            bin: "970416", account: "257678859", initiation: .dynamicQR, amount: 10000,
            additionalData: [.purpose: "Chuyen tien"]),
        KnownPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (ZaloPay via BVBank)",
            payload:
                "00020101021138620010A00000072701320006970454011899ZP24009M072482670208QRIBFTTA53037045802VN6304073C",
            bin: "970454", account: "99ZP24009M07248267"),
        KnownPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (Decode VietQR) and test/test-vietqr.spec.ts",
            payload:
                "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8",
            bin: "970416", account: "257678859", initiation: .dynamicQR, amount: 1000,
            additionalData: [.purpose: "Chuyen tien"]),
        KnownPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (build() method)",
            payload:
                "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454069999995802VN62140810Cam on nhe6304E786",
            bin: "970416", account: "257678859", initiation: .dynamicQR, amount: 999_999,
            additionalData: [.purpose: "Cam on nhe"]),
        // subiz/vietqr (Go).
        KnownPayload(
            source: "github.com/subiz/vietqr vietqr_test.go (case 0)",
            payload: "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
            bin: "970423", account: "0099999999"),
        KnownPayload(
            source: "github.com/subiz/vietqr vietqr_test.go (case 1)",
            payload:
                "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62200816test text string6304D9C6",
            bin: "970422", account: "0023457923442", initiation: .dynamicQR, amount: 40123,
            additionalData: [.purpose: "test text string"]),
        KnownPayload(
            source: "github.com/subiz/vietqr vietqr_test.go (case 3: Vietnamese folded)",
            payload:
                "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62160812chuyen khoan6304722F",
            bin: "970422", account: "0023457923442", initiation: .dynamicQR, amount: 40123,
            additionalData: [.purpose: "chuyển khoản"], foldedAdditionalData: [.purpose: "chuyen khoan"]),
        KnownPayload(
            source: "github.com/subiz/vietqr vietqr_test.go (case 5: 19-character account, purpose cut to 25)",
            payload:
                "00020101021238630010A0000007270133000697042201190023457923442ASDFLJ0208QRIBFTTA53037045405401235802VN62290825chuyen khoan alsdkf laksj6304E5DB",
            bin: "970422", account: "0023457923442ASDFLJ", initiation: .dynamicQR, amount: 40123,
            additionalData: [
                .purpose:
                    "chuyen khoan alsdkf laksjdflk asjdflja slkdalks djflkasjd fajsldk jalskdfj lkasjdflk ajslkfj l"
            ],
            foldedAdditionalData: [.purpose: "chuyen khoan alsdkf laksj"], truncateText: true),
        KnownPayload(
            source: "github.com/subiz/vietqr README.md (Sử dụng)",
            payload:
                "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
            bin: "970415", account: "0011001932418", initiation: .dynamicQR, amount: 120_000,
            additionalData: [.purpose: "ủng hộ lũ lụt"], foldedAdditionalData: [.purpose: "ung ho lu lut"]),
        // takashato/laravel-vietqr (PHP): the NAPAS v1.5.2 examples, with the static-account length corrected.
        KnownPayload(
            source:
                "github.com/takashato/laravel-vietqr tests/GeneralTest.php (static IBFT to account, NAPAS 6.1.1 corrected)",
            payload: "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F",
            bin: "970403", account: "0011012345678"),
        KnownPayload(
            source: "github.com/takashato/laravel-vietqr tests/GeneralTest.php (static IBFT to card, NAPAS 6.1.2)",
            payload:
                "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
            bin: "970403", account: "9704031101234567", service: .toCard),
        KnownPayload(
            source:
                "github.com/takashato/laravel-vietqr tests/GeneralTest.php (dynamic IBFT to account, terminal label)",
            payload:
                "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340707NPS68690819thanh toan don hang630437D6",
            bin: "970403", account: "0011012345678", initiation: .dynamicQR, amount: 180_000,
            additionalData: [.terminalLabel: "NPS6869", .purpose: "thanh toan don hang"]),
        KnownPayload(
            source: "github.com/takashato/laravel-vietqr tests/GeneralTest.php (dynamic IBFT to card, terminal label)",
            payload:
                "00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340707NPS68690819thanh toan don hang6304BBFB",
            bin: "970403", account: "9704031101234567", service: .toCard, initiation: .dynamicQR, amount: 180_000,
            additionalData: [.terminalLabel: "NPS6869", .purpose: "thanh toan don hang"]),
        // The NAPAS v1.5.2 dynamic example (6.1.3), as quoted by two peers.
        KnownPayload(
            source:
                "NAPAS QR Format v1.5.2 §6.1.3, quoted in github.com/binhnguyenduc/vietqr-ts tests/compliance/napas-dynamic-account.test.ts",
            payload:
                "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
            bin: "970403", account: "0011012345678", initiation: .dynamicQR, amount: 180_000,
            additionalData: [.billNumber: "NPS6869", .purpose: "thanh toan don hang"]),
        // napas-qr-python (PyPI) README examples; that library defaults to a dynamic QR.
        KnownPayload(
            source: "https://pypi.org/project/napas-qr-python/0.2.0/ README (account service with purpose)",
            payload:
                "00020101021238540010A00000072701240006970436011010319334300208QRIBFTTA53037045802VN62220818Thanh toan hoa don6304E8A4",
            bin: "970436", account: "1031933430", initiation: .dynamicQR,
            additionalData: [.purpose: "Thanh toan hoa don"]),
        KnownPayload(
            source: "https://pypi.org/project/napas-qr-python/0.2.0/ README (card service and amount)",
            payload:
                "00020101021238630010A00000072701330006970436011997043686255816010180208QRIBFTTC5303704540720000005802VN6304A2DC",
            bin: "970436", account: "9704368625581601018", service: .toCard, initiation: .dynamicQR, amount: 2_000_000),
        KnownPayload(
            source: "https://pypi.org/project/napas-qr-python/0.2.0/ README (custom styles)",
            payload: "00020101021238540010A00000072701240006970436011010319334300208QRIBFTTA53037045802VN630424AB",
            bin: "970436", account: "1031933430", initiation: .dynamicQR),
        KnownPayload(
            source: "https://pypi.org/project/napas-qr-python/0.2.0/ README (command line encode)",
            payload:
                "00020101021238540010A00000072701240006970436011010319334300208QRIBFTTA53037045405500005802VN62140810Thanh toan630438A6",
            bin: "970436", account: "1031933430", initiation: .dynamicQR, amount: 50000,
            additionalData: [.purpose: "Thanh toan"]),
        // sunary/vietqr (Go), as documented by a gRPC wrapper.
        KnownPayload(
            source: "github.com/williamsmiths/vietqr-1 GRPC_SERVER_DOCUMENTATION.md (Encode response)",
            payload:
                "00020101021138510010A00000072701210006970407010797968680208QRIBFTTA53037045802VN62240820gen by sunary/vietqr6304BE74",
            bin: "970407", account: "9796868", additionalData: [.purpose: "gen by sunary/vietqr"]),
    ]

    static let nonSpec: [NonSpecPayload] = [
        NonSpecPayload(
            source:
                "NAPAS QR Format v1.5.2 §6.1.1, quoted in github.com/binhnguyenduc/vietqr-ts tests/compliance/napas-static-account.test.ts",
            payload: "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5",
            why: "the specification's own example declares 38.01.01 length 12 for the 13-digit account 0011012345678",
            outcome: .rejected(VietQRError(tag: nil, .truncatedHeader(offset: 26, path: "38.01.")))),
        NonSpecPayload(
            source: "github.com/xuannghia/vietnam-qr-pay test/test-vietqr.spec.ts (Invalid CRC VietQR)",
            payload:
                "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB5",
            why: "deliberately corrupted CRC",
            outcome: .rejected(VietQRError(tag: "63", .crcMismatch(expected: "BBB8", found: "BBB5")))),
        NonSpecPayload(
            source: "github.com/binhnguyenduc/vietqr-ts tests/fixtures/vietqr-samples.ts (DYNAMIC_FULL)",
            payload:
                "00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405500005802VN62160812Test Payment630495B6",
            why: "38.01 declares length 39 and swallows the service code, so 38.02 is nested inside 38.01",
            outcome: .rejected(VietQRError(tag: "38.02", .missingTag))),
        NonSpecPayload(
            source: "github.com/binhnguyenduc/vietqr-ts tests/fixtures/vietqr-samples.ts (STATIC_NO_AMOUNT)",
            payload: "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304A3CF",
            why: "38.01 declares length 39 and swallows the service code, so 38.02 is nested inside 38.01",
            outcome: .rejected(VietQRError(tag: "38.02", .missingTag))),
        NonSpecPayload(
            source: "github.com/binhnguyenduc/vietqr-ts tests/fixtures/vietqr-samples.ts (WITH_UTF8_MESSAGE)",
            payload:
                "00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405100005802VN62260822Thanh toán hóa đơn630432F8",
            why:
                "62 and 62.08 count UTF-8 bytes (22) instead of characters (18), 62.08 keeps diacritics, and 38.01 swallows the service code",
            outcome: .rejected(VietQRError(tag: "32", .nonDigitLength(offset: 127)))),
        NonSpecPayload(
            source: "github.com/binhnguyenduc/vietqr-ts tests/fixtures/vietqr-samples.ts (WITH_MERCHANT_CATEGORY)",
            payload:
                "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA5204581253037045802VN630477A7",
            why: "38.01 swallows the service code (as above), besides carrying tag 52",
            outcome: .rejected(VietQRError(tag: "38.02", .missingTag))),
        NonSpecPayload(
            source: "https://pypi.org/project/vietqr-generator/0.0.5/ README (money transfer example)",
            payload:
                "00020101021238590010A0000007270141000697044101156607040600001290208QRIBFTTA5204581253037045405500005802VN5901_6011HO CHI MINH99210010A0000007270203abc63045859",
            why: "38.01 declares length 41 and swallows the service code",
            outcome: .rejected(VietQRError(tag: "38.02", .missingTag))),
        NonSpecPayload(
            source: "https://pypi.org/project/vietqr-emvco/1.0.0/ README (Parse VietQR)",
            payload:
                "00020101021238540010A00000072701240006970422011012345678900208QRIBFTTA52040000530370454061000005802VN5912NGUYEN VAN A62180810ITBLOG PAY16304E85C",
            why: "hand-edited: 62 declares 18 characters but 62.08 holds 14, so the CRC field is read as data",
            outcome: .rejected(VietQRError(tag: nil, .nonDigitTag(offset: 139, path: "")))),
        NonSpecPayload(
            source: "github.com/xuannghia/vietnam-qr-pay README.md (MoMo via BVBank)",
            payload:
                "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8",
            why: "valid, but carries MoMo's private tag 80, which our builder does not offer",
            outcome: .accepted(
                canonical:
                    "00020101021138620010A00000072701320006970454011899MM24011M348750800208QRIBFTTA53037045802VN62190515MOMOW2W3487508080030466304EBC8",
                otherFields: [TLVField(tag: "80", value: "046")])),
    ]

    @Test("A public payload decodes to its inputs and our builder reproduces it byte for byte", arguments: reproducing)
    func reproduces(_ known: KnownPayload) throws {
        let decoded = try VietQRDecoder.decode(known.payload)
        let p = decoded.payload
        #expect(p.bin == known.bin)
        #expect(p.account == known.account)
        #expect(p.service == known.service)
        #expect(p.initiation == known.initiation)
        #expect(p.amount == known.amount)
        #expect(p.additionalData == known.expectedAdditionalData)
        #expect(p.merchantName == nil && p.merchantCity == nil && p.otherFields.isEmpty)
        #expect(decoded.warnings.isEmpty, "every BIN here is a listed bank")

        let built = try VietQRPayload(
            bin: known.bin, account: known.account, service: known.service, initiation: known.initiation,
            amount: known.amount, additionalData: known.additionalData, truncateText: known.truncateText)
        #expect(built.encoded() == known.payload)
    }

    @Test("A public payload that breaks the specification gets our documented treatment", arguments: nonSpec)
    func nonSpecTreatment(_ known: NonSpecPayload) throws {
        switch known.outcome {
        case .rejected(let expected):
            #expect(throws: expected) { try VietQRDecoder.decode(known.payload) }
        case .accepted(let canonical, let otherFields):
            let decoded = try VietQRDecoder.decode(known.payload)
            #expect(decoded.payload.otherFields == otherFields)
            #expect(decoded.payload.encoded() == canonical)
        }
    }

    @Test("The reproducing table holds at least 20 distinct public payloads")
    func tableSize() {
        #expect(Set(Self.reproducing.map(\.payload)).count >= 20)
    }
}
