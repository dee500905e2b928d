import PropertyBased
import Testing

@testable import VietQR

/// Random but valid builder inputs: every bank, account lengths 1–19, each optional field present
/// or not, Vietnamese text from a pool of real words.
struct PayloadInput: Sendable, CustomStringConvertible {
    var bin: String
    var account: String
    var service: VietQRPayload.Service
    var initiation: VietQRPayload.InitiationMethod
    var amount: UInt64?
    var merchantName: String?
    var merchantCity: String?
    var purpose: String?
    var alternateName: String?

    var description: String {
        "bin=\(bin) account=\(account) \(service) \(initiation) amount=\(amount.map(String.init) ?? "-") "
            + "name=\(merchantName ?? "-") city=\(merchantCity ?? "-") purpose=\(purpose ?? "-") alt=\(alternateName ?? "-")"
    }

    func build() throws(VietQRError) -> VietQRPayload {
        try VietQRPayload(
            bin: bin, account: account, service: service, initiation: initiation, amount: amount,
            merchantName: merchantName, merchantCity: merchantCity,
            additionalData: purpose.map { [.purpose: $0] } ?? [:],
            alternateLanguage: alternateName.map { .init(merchantName: $0) })
    }

    static let words = [
        "Tạp", "hóa", "Bà", "Hằng", "Phở", "Đức", "cà", "phê", "Thủy", "Nguyên", "Hưng", "Yên",
        "bánh", "mì", "sữa", "Ông", "Tư", "chợ", "Phố", "Hiến", "quán", "ăn", "24/7", "&", "No.5",
    ]

    /// A phrase of Vietnamese words, cut to `limit` characters (folding never lengthens text).
    static func phrase(_ rng: inout any SeededRandomNumberGenerator, limit: Int) -> String {
        let count = Int.random(in: 1...6, using: &rng)
        let text = (0..<count).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
        return String(text.prefix(limit)).trimmingWhitespace()
    }

    static let generator = Generator<PayloadInput, Shrink.None<PayloadInput>> { rng in
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        let length = Int.random(in: 1...19, using: &rng)
        return PayloadInput(
            bin: BankDirectory.shared.banks.randomElement(using: &rng)!.bin,
            account: String((0..<length).map { _ in alphabet.randomElement(using: &rng)! }),
            service: Bool.random(using: &rng) ? .toAccount : .toCard,
            initiation: Bool.random(using: &rng) ? .staticQR : .dynamicQR,
            amount: Bool.random(using: &rng) ? UInt64.random(in: 1...9_999_999_999_999, using: &rng) : nil,
            merchantName: Bool.random(using: &rng) ? phrase(&rng, limit: 25) : nil,
            merchantCity: Bool.random(using: &rng) ? phrase(&rng, limit: 15) : nil,
            purpose: Bool.random(using: &rng) ? phrase(&rng, limit: 25) : nil,
            alternateName: Bool.random(using: &rng) ? phrase(&rng, limit: 25) : nil)
    }
}

@Suite("VietQR properties")
struct VietQRPropertyTests {
    @Test("build → encode → decode gives back the same payload")
    func roundTrip() async {
        await propertyCheck(count: 3000, input: PayloadInput.generator) { input in
            let payload = try input.build()
            let text = payload.encoded()
            let decoded = try VietQRDecoder.decode(text)
            #expect(decoded.payload == payload)
            #expect(decoded.payload.encoded() == text)
            #expect(decoded.bank?.bin == input.bin)
            #expect(
                decoded.payload.merchantName
                    == input.merchantName.map(VietnameseText.foldToASCII).flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    @Test("every account length from 1 to 19 round-trips for every bank")
    func everyBankEveryLength() throws {
        for bank in BankDirectory.shared.banks {
            for length in 1...19 {
                let account = String(repeating: "0", count: length - 1) + "9"
                let payload = try VietQRPayload(bin: bank.bin, account: account)
                let decoded = try VietQRDecoder.decode(payload.encoded())
                #expect(decoded.payload.account == account)
                #expect(decoded.bank == bank)
            }
        }
    }

    @Test("decoding random bytes never crashes")
    func randomBytes() async {
        await propertyCheck(count: 5000, input: Gen.latin1.string(of: 0...200)) { text in
            _ = try? VietQRDecoder.decode(text)
        }
    }

    @Test("decoding random digit soup never crashes")
    func randomDigits() async {
        // Digits make valid-looking IDs and lengths, which reach deeper into the parser.
        await propertyCheck(count: 5000, input: Gen.number.string(of: 0...200)) { text in
            _ = try? VietQRDecoder.decode(text)
        }
    }

    @Test("every truncation of a valid payload is rejected, none crashes")
    func truncations() async {
        await propertyCheck(count: 200, input: PayloadInput.generator) { input in
            let text = Array(try input.build().encoded())
            for end in 0..<text.count {
                #expect(throws: VietQRError.self) { try VietQRDecoder.decode(String(text[..<end])) }
            }
        }
    }

    @Test("single-character mutations of a valid payload are caught or decode consistently")
    func mutations() async {
        let replacements: [Character] = ["0", "1", "9", "A", "z", " ", ".", "ằ", "\u{0}"]
        await propertyCheck(count: 300, input: PayloadInput.generator, Gen.int(in: 0...10_000), Gen.int(in: 0...8)) {
            input, position, replacement in
            var text = Array(try input.build().encoded())
            let index = position % text.count
            guard text[index] != replacements[replacement] else { return }
            text[index] = replacements[replacement]
            // Either an error, or (a mutation that happens to keep the CRC valid) a payload that
            // re-decodes to itself: never a crash, never an inconsistent model.
            if let decoded = try? VietQRDecoder.decode(String(text)) {
                #expect(try VietQRDecoder.decode(decoded.payload.encoded()).payload == decoded.payload)
            }
        }
    }
}
