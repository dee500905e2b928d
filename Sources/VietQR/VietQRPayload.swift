/// A VietQR payload: NAPAS's profile of the EMV merchant-presented QR for transfers to a bank
/// account or card (NAPAS "VietQR" specification, on EMV QRCPS MPM 1.1).
///
/// Build one with the public `init(bin:account:…)`, which folds Vietnamese text to the ASCII the
/// payload allows and checks every limit, then call ``encoded()``. Parse one with
/// ``VietQRDecoder/decode(_:directory:)``.
///
/// The encoding, in ascending tag order:
/// `00` `01` (format) · `01` `11`|`12` (static or dynamic) · `38` (GUID `A000000727`,
/// beneficiary `00` BIN + `01` account, service `QRIBFTTA`|`QRIBFTTC`) · `53` `704` (VND) ·
/// `54` amount · `58` `VN` · `59` name · `60` city · `62` additional data · `64` language
/// template · `63` CRC-16/CCITT-FALSE over everything up to and including `6304`.
public struct VietQRPayload: Sendable, Equatable {
    /// Tag 01: whether the code is reused for many payments or made for one.
    public enum InitiationMethod: String, Sendable, CaseIterable, Codable {
        /// `11`: static, reusable; what a shop's sticker carries.
        case staticQR = "11"
        /// `12`: dynamic, for a single payment (usually with an amount).
        case dynamicQR = "12"
    }

    /// Tag 38.02: where the money goes.
    public enum Service: String, Sendable, CaseIterable, Codable {
        /// `QRIBFTTA`: a transfer to a bank account.
        case toAccount = "QRIBFTTA"
        /// `QRIBFTTC`: a transfer to a card number.
        case toCard = "QRIBFTTC"
    }

    /// The sub-tags of the additional data template, tag 62 (EMV QRCPS MPM §4.8).
    public enum AdditionalDataField: String, Sendable, CaseIterable, Codable, Comparable {
        case billNumber = "01"
        case mobileNumber = "02"
        case storeLabel = "03"
        case loyaltyNumber = "04"
        case referenceLabel = "05"
        case customerLabel = "06"
        case terminalLabel = "07"
        /// `08`: the purpose of transaction, shown by bank apps as the transfer message.
        case purpose = "08"
        /// `09`: letters asking the payer's app for data (`A`, `M`, `E`), at most 3.
        case consumerDataRequest = "09"

        /// The maximum length in characters.
        public var limit: Int { self == .consumerDataRequest ? 3 : 25 }

        /// Tag order, the order the fields are written in.
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Tag 64: the merchant's name (and city) in another language; the one field where
    /// Vietnamese may keep its diacritics.
    public struct AlternateLanguage: Sendable, Equatable, Codable {
        /// `64.00`: ISO 639-1 code, e.g. `vi`.
        public let language: String
        /// `64.01`: the merchant name, up to 25 characters (NFC).
        public let merchantName: String
        /// `64.02`: the merchant city, up to 15 characters (NFC).
        public let merchantCity: String?

        /// The template as given; ``VietQRPayload`` normalizes and checks it.
        public init(language: String = "vi", merchantName: String, merchantCity: String? = nil) {
            self.language = language
            self.merchantName = merchantName
            self.merchantCity = merchantCity
        }
    }

    /// Tag 01: static (a sticker) or dynamic (one payment).
    public let initiation: InitiationMethod
    /// The 6-digit acquirer BIN, `38.01.00`.
    public let bin: String
    /// The account or card number, `38.01.01`: 1–19 letters or digits, kept as text.
    public let account: String
    /// Tag 38.02: a transfer to an account or to a card.
    public let service: Service
    /// The amount in VND (tag 54), absent on a shop sticker: the payer types it.
    public let amount: UInt64?
    /// Tag 59, folded ASCII.
    public let merchantName: String?
    /// Tag 60, folded ASCII.
    public let merchantCity: String?
    /// Tag 62's sub-fields, folded ASCII.
    public let additionalData: [AdditionalDataField: String]
    /// Tag 64, NFC text; nil when absent.
    public let alternateLanguage: AlternateLanguage?
    /// Data objects this model does not name (e.g. 52 merchant category code, 55–57 tips,
    /// 61 postal code, 65–99 templates), kept as read and re-emitted in tag order.
    public let otherFields: [TLVField]

    /// The transfer message that bank apps show (62.08).
    public var purpose: String? { additionalData[.purpose] }

    /// Builds a payload from user input.
    ///
    /// Text is folded from Vietnamese to printable ASCII (``VietnameseText/foldToASCII(_:)``) and
    /// must then fit its field: 25 characters for the merchant name and each additional-data
    /// field (3 for 62.09), 15 for the city, 99 for tag 62 as a whole. A value over its limit is an
    /// error naming the field and the limit, unless `truncateText` is set, when it is cut to fit.
    /// Empty optional text is left out. `bin` and `account` are trimmed; the alternate-language
    /// template keeps its diacritics (NFC) and is left out when its name is empty.
    ///
    /// Throws ``VietQRError`` naming the tag when the BIN is not 6 digits (38.01.00), the account
    /// not 1–19 letters or digits (38.01.01), the amount 0 or over 13 digits (54), text over its
    /// limit (without `truncateText`), or the language (64.00) not two lower-case letters.
    public init(
        bin: String,
        account: String,
        service: Service = .toAccount,
        initiation: InitiationMethod = .staticQR,
        amount: UInt64? = nil,
        merchantName: String? = nil,
        merchantCity: String? = nil,
        additionalData: [AdditionalDataField: String] = [:],
        alternateLanguage: AlternateLanguage? = nil,
        truncateText: Bool = false
    ) throws(VietQRError) {
        func text(_ value: String?, tag: String, limit: Int) throws(VietQRError) -> String? {
            guard let value else { return nil }
            var folded = VietnameseText.foldToASCII(value)
            if folded.isEmpty { return nil }
            let length = folded.utf8.count  // ASCII: one byte per character
            if length > limit {
                guard truncateText else { throw VietQRError(tag: tag, .tooLong(limit: limit, length: length)) }
                folded = String(folded.prefix(limit)).trimmingWhitespace()
            }
            return folded
        }
        var additional: [AdditionalDataField: String] = [:]
        for (field, value) in additionalData {
            additional[field] = try text(value, tag: "62." + field.rawValue, limit: field.limit)
        }
        var alternate = alternateLanguage
        if let given = alternateLanguage {
            let name = VietnameseText.normalized(given.merchantName)
            let city = given.merchantCity.map(VietnameseText.normalized).flatMap { $0.isEmpty ? nil : $0 }
            alternate =
                name.isEmpty
                ? nil
                : AlternateLanguage(language: given.language, merchantName: name, merchantCity: city)
        }
        try self.init(
            validating: initiation, bin: bin.trimmingWhitespace(), account: account.trimmingWhitespace(),
            service: service, amount: amount,
            merchantName: try text(merchantName, tag: "59", limit: 25),
            merchantCity: try text(merchantCity, tag: "60", limit: 15),
            additionalData: additional, alternateLanguage: alternate, otherFields: [])
    }

    /// The checked memberwise initializer shared by the builder and the decoder.
    init(
        validating initiation: InitiationMethod, bin: String, account: String, service: Service, amount: UInt64?,
        merchantName: String?, merchantCity: String?, additionalData: [AdditionalDataField: String],
        alternateLanguage: AlternateLanguage?, otherFields: [TLVField]
    ) throws(VietQRError) {
        guard bin.utf8.count == 6, bin.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw VietQRError(tag: "38.01.00", .invalidBIN(found: bin))
        }
        guard (1...19).contains(account.utf8.count), account.utf8.allSatisfy(Self.isAlphanumeric) else {
            throw VietQRError(tag: "38.01.01", .invalidAccount(found: account))
        }
        if let amount {
            guard amount > 0 else {
                throw VietQRError(tag: "54", .invalidAmount(found: "0", reason: "must not be zero"))
            }
            guard amount <= 9_999_999_999_999 else {
                throw VietQRError(
                    tag: "54", .invalidAmount(found: String(amount), reason: "is longer than 13 characters"))
            }
        }
        try Self.checkText(merchantName, tag: "59", limit: 25)
        try Self.checkText(merchantCity, tag: "60", limit: 15)
        var additionalLength = 0
        for (field, value) in additionalData {
            try Self.checkText(value, tag: "62." + field.rawValue, limit: field.limit)
            additionalLength += 4 + value.utf8.count
        }
        if additionalLength > 99 { throw VietQRError(tag: "62", .tooLong(limit: 99, length: additionalLength)) }
        if let alternate = alternateLanguage {
            guard alternate.language.utf8.count == 2,
                alternate.language.utf8.allSatisfy({ (97...122).contains($0) })
            else {
                throw VietQRError(tag: "64.00", .invalidLanguage(found: alternate.language))
            }
            try Self.checkLength(alternate.merchantName, tag: "64.01", limit: 25)
            if let city = alternate.merchantCity { try Self.checkLength(city, tag: "64.02", limit: 15) }
        }
        self.initiation = initiation
        self.bin = bin
        self.account = account
        self.service = service
        self.amount = amount
        self.merchantName = merchantName
        self.merchantCity = merchantCity
        self.additionalData = additionalData
        self.alternateLanguage = alternateLanguage
        self.otherFields = otherFields
    }

    /// The payload text, ready to put in a QR code: the fields in ascending tag order (the ones
    /// the model does not name among them) and the CRC last, as ``VietQRDecoder`` reads them back.
    public func encoded() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        var others = otherFields.sorted { $0.tag < $1.tag }[...]
        func emitOthers(before tag: String) {
            while let next = others.first, next.tag < tag {
                TLV.write(tag: next.tag, value: next.value, into: &out)
                others.removeFirst()
            }
        }
        TLV.writeASCII(tag: "00", value: "01", into: &out)
        emitOthers(before: "01")
        TLV.writeASCII(tag: "01", value: initiation.rawValue, into: &out)
        emitOthers(before: "38")
        writeMerchantAccount(into: &out)
        emitOthers(before: "53")
        TLV.writeASCII(tag: "53", value: "704", into: &out)
        emitOthers(before: "54")
        if let amount { TLV.writeASCII(tag: "54", value: String(amount), into: &out) }
        emitOthers(before: "58")
        TLV.writeASCII(tag: "58", value: "VN", into: &out)
        emitOthers(before: "59")
        if let merchantName { TLV.writeASCII(tag: "59", value: merchantName, into: &out) }
        emitOthers(before: "60")
        if let merchantCity { TLV.writeASCII(tag: "60", value: merchantCity, into: &out) }
        emitOthers(before: "62")
        if !additionalData.isEmpty {
            let sorted = additionalData.sorted { $0.key < $1.key }
            TLV.writeHeader(tag: "62", length: sorted.reduce(0) { $0 + 4 + $1.value.utf8.count }, into: &out)
            for (field, value) in sorted { TLV.writeASCII(tag: field.rawValue, value: value, into: &out) }
        }
        emitOthers(before: "63")
        if let alternate = alternateLanguage {
            var sub = [
                TLVField(tag: "00", value: alternate.language), TLVField(tag: "01", value: alternate.merchantName),
            ]
            if let city = alternate.merchantCity { sub.append(TLVField(tag: "02", value: city)) }
            TLV.write(tag: "64", value: TLV.encode(sub), into: &out)
        }
        emitOthers(before: "~")
        out.append(contentsOf: "6304".utf8)
        out.append(contentsOf: CRC16.hex(CRC16.ccittFalse(out)).utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Tag 38 written straight into the buffer: GUID, beneficiary (BIN, account), service.
    private func writeMerchantAccount(into out: inout [UInt8]) {
        let accountLength = account.utf8.count
        let beneficiaryLength = 4 + 6 + 4 + accountLength
        TLV.writeHeader(tag: "38", length: 14 + 4 + beneficiaryLength + 12, into: &out)
        TLV.writeASCII(tag: "00", value: VietQRDecoder.napasGUID, into: &out)
        TLV.writeHeader(tag: "01", length: beneficiaryLength, into: &out)
        TLV.writeASCII(tag: "00", value: bin, into: &out)
        TLV.writeASCII(tag: "01", value: account, into: &out)
        TLV.writeASCII(tag: "02", value: service.rawValue, into: &out)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }

    private static func checkText(_ value: String?, tag: String, limit: Int) throws(VietQRError) {
        guard let value else { return }
        if let bad = value.unicodeScalars.first(where: { !(0x20...0x7E).contains($0.value) }) {
            throw VietQRError(tag: tag, .notPrintableASCII(found: String(Character(bad))))
        }
        try checkLength(value, tag: tag, limit: limit)
    }

    private static func checkLength(_ value: String, tag: String, limit: Int) throws(VietQRError) {
        let length = value.unicodeScalars.count
        if length == 0 { throw VietQRError(tag: tag, .emptyText) }
        if length > limit { throw VietQRError(tag: tag, .tooLong(limit: limit, length: length)) }
    }
}
