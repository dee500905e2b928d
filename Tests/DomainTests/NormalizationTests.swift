import Testing

@testable import Domain

@Suite struct NormalizationTests {
    @Test func phonesTakeTheNationalForm() {
        for text in ["0912345678", "+84 912 345 678", "84912345678", "0912.345.678", "(+84) 912-345-678"] {
            #expect(MerchantNormalization.phone(text) == "0912345678", "\(text)")
        }
        #expect(MerchantNormalization.phone("02213 123 456") == "02213123456")  // landline with area code
        #expect(MerchantNormalization.phone("02213123456") == "02213123456")
        for text in ["912345678", "091234567", "+1 202 555 0100", "09123456789012", "09x2345678", "0012345678"] {
            #expect(MerchantNormalization.phone(text) == nil, "\(text)")
        }
    }

    @Test func taxCodesAreTenOrThirteenDigits() {
        #expect(MerchantNormalization.taxCode("0101234567") == "0101234567")
        #expect(MerchantNormalization.taxCode("0101234567-001") == "0101234567001")
        #expect(MerchantNormalization.taxCode("0101234567001") == "0101234567001")
        #expect(MerchantNormalization.taxCode("010123456") == nil)
        #expect(MerchantNormalization.taxCode("01012345678") == nil)
        #expect(MerchantNormalization.taxCode("01012345AB") == nil)
    }

    @Test func accountNumbersKeepLeadingZeros() {
        #expect(MerchantNormalization.accountNumber("0011 0045 6789") == "001100456789")
        #expect(MerchantNormalization.accountNumber("0011004567") == "0011004567")
        #expect(MerchantNormalization.accountNumber("1234567890123456789") == "1234567890123456789")  // 19
        #expect(MerchantNormalization.accountNumber("12345678901234567890") == nil)  // 20 > 19
        #expect(MerchantNormalization.accountNumber("") == nil)
        #expect(MerchantNormalization.accountNumber("12/34") == nil)
    }

    @Test func hamletSpellingsGroupTogether() {
        let key = MerchantNormalization.hamletKey
        #expect(key("TDP 3") == key("Tổ dân phố 3"))
        #expect(key("tdp. 3") == key("Tổ  Dân Phố 3"))
        #expect(key("Thôn Hoà Bình") == key("thôn hòa bình"))
        #expect(key("Th. Đông") == key("Thôn Đông"))
        #expect(key("Thôn Đông") != key("Thôn Tây"))
        #expect(key(nil) == "")
    }

    @Test func everyInvalidFieldIsNamed() throws {
        let communes = CommuneDirectory.hungYen()
        let draft = MerchantDraft(
            commune: "Nowhere", name: " ", phone: "123", taxCode: "99", openedOn: "2025-02-30",
            bank: "NOBANK", accountNumber: "1")
        guard case .failure(let error) = MerchantNormalization.validate(draft, communes: communes) else {
            Issue.record("an invalid draft was accepted")
            return
        }
        #expect(error.fields.map(\.field) == ["commune", "name", "phone", "tax_code", "opened_on", "bank_bin"])
    }

    @Test func bankIsCheckedAgainstTheDirectory() throws {
        let communes = CommuneDirectory.hungYen()
        let byCode = MerchantNormalization.validate(
            MerchantDraft(commune: "11953", name: "A", bank: "VCB", accountNumber: "0123"), communes: communes)
        #expect((try? byCode.get())?.bankBIN == "970436")
        let unknownBIN = MerchantNormalization.validate(
            MerchantDraft(commune: "11953", name: "A", bank: "999999", accountNumber: "0123"), communes: communes)
        #expect((try? unknownBIN.get()) == nil)
        let accountOnly = MerchantNormalization.validate(
            MerchantDraft(commune: "11953", name: "A", accountNumber: "0123"), communes: communes)
        guard case .failure(let error) = accountOnly else {
            Issue.record("account without bank accepted")
            return
        }
        #expect(error.fields.map(\.field) == ["bank_bin"])
    }
}

@Suite struct ControlCharacterTests {
    @Test func controlCharactersInTextFieldsAreRefusedByName() {
        var validator = MerchantValidator(communes: CommuneDirectory.hungYen())
        for (field, draft) in [
            ("name", MerchantDraft(commune: "11953", name: "x\u{1B}]0;pwn\u{07}")),
            ("hamlet", MerchantDraft(commune: "11953", name: "Phở", hamlet: "Thôn \u{1B}[2J")),
            ("address", MerchantDraft(commune: "11953", name: "Phở", address: "1 \u{9B}31m Lê Lợi")),
        ] {
            guard case .failure(let error) = validator.validate(draft) else {
                Issue.record("\(field): accepted")
                continue
            }
            #expect(error.fields.first?.field == field)
            #expect(error.fields.first?.message.contains("control character U+") == true)
        }
        // White space is not refused: it is collapsed as before.
        guard case .success(let valid) = validator.validate(MerchantDraft(commune: "11953", name: "Phở\tBò\nHà Nội"))
        else { return #expect(Bool(false)) }
        #expect(valid.name == "Phở Bò Hà Nội")
    }

    @Test func theFastCheckSendsC1ControlsToTheGeneralPath() {
        #expect(!NormalizedText.isNormalized("a\u{9B}b"))
        #expect(!NormalizedText.isNormalized("a\u{1B}b"))
        #expect(NormalizedText.isNormalized("Phở Bò"))
    }
}
