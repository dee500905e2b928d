/// A payload read back: the model, the fields exactly as they were, and any warnings.
public struct DecodedVietQR: Sendable, Equatable {
    /// The payload's model: what re-encodes to the same fields.
    public let payload: VietQRPayload
    /// The top-level data objects in the order they appeared, CRC included.
    public let fields: [TLVField]
    /// The bank of the BIN, when the directory knows it.
    public let bank: Bank?
    /// What is odd but allowed (an unknown BIN); empty for a clean payload.
    public let warnings: [VietQRWarning]
}

/// Parses and validates VietQR payloads.
///
/// Structure first (IDs and lengths, duplicates, tag 00 first and 63 last), then the CRC, then
/// each field against the specification. The first broken rule is thrown as a ``VietQRError``
/// naming the tag; an unknown but well-formed BIN is only a warning.
public enum VietQRDecoder {
    /// NAPAS's globally unique identifier in tag 38.00.
    public static let napasGUID = "A000000727"

    /// The tags that must be present.
    static let mandatoryTags = ["00", "01", "38", "53", "58", "63"]
    /// Tags the model reads; every other tag is kept in ``VietQRPayload/otherFields``.
    static let modelTags: Set<String> = ["00", "01", "38", "53", "54", "58", "59", "60", "62", "63", "64"]

    /// Parses one payload, using `directory` to name the bank.
    ///
    /// Throws ``VietQRError`` for the first rule `text` breaks: EMV structure (§4.1), tag 00
    /// first and 63 last, the CRC (§4.7.3), the mandatory tags 00, 01, 38, 53, 58, 63, and
    /// each field's format; a BIN missing from `directory` is only a warning.
    public static func decode(
        _ text: String, directory: BankDirectory = .shared
    ) throws(VietQRError) -> DecodedVietQR {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { throw VietQRError(tag: nil, .empty) }
        let located = try TLV.read(scalars[...])
        let fields = located.map(\.field)
        guard fields.first?.tag == "00" else { throw VietQRError(tag: "00", .formatIndicatorNotFirst) }
        guard let crcIndex = fields.firstIndex(where: { $0.tag == "63" }) else {
            throw VietQRError(tag: "63", .missingTag)
        }
        guard crcIndex == fields.count - 1 else { throw VietQRError(tag: "63", .crcNotLast) }
        try checkCRC(fields[crcIndex].value, dataEnd: located[crcIndex].offset + 4, scalars: scalars)

        var byTag: [String: String] = [:]
        for field in fields { byTag[field.tag] = field.value }
        for tag in mandatoryTags where byTag[tag] == nil { throw VietQRError(tag: tag, .missingTag) }

        try expect(byTag["00"]!, "01", tag: "00")
        guard let initiation = VietQRPayload.InitiationMethod(rawValue: byTag["01"]!) else {
            throw VietQRError(tag: "01", .unknownInitiationMethod(found: byTag["01"]!))
        }
        let account = try merchantAccount(byTag["38"]!)
        try expect(byTag["53"]!, "704", tag: "53")
        try expect(byTag["58"]!, "VN", tag: "58")
        let amount = try byTag["54"].map(parseAmount)
        let additionalData = try byTag["62"].map(parseAdditionalData) ?? [:]
        let alternate = try byTag["64"].map(parseAlternateLanguage)
        let others = fields.filter { !modelTags.contains($0.tag) }

        let payload = try VietQRPayload(
            validating: initiation, bin: account.bin, account: account.number, service: account.service,
            amount: amount, merchantName: byTag["59"], merchantCity: byTag["60"], additionalData: additionalData,
            alternateLanguage: alternate, otherFields: others)
        let bank = directory.bank(bin: account.bin)
        return DecodedVietQR(
            payload: payload, fields: fields, bank: bank, warnings: bank == nil ? [.unknownBIN(account.bin)] : [])
    }

    private static func checkCRC(_ value: String, dataEnd: Int, scalars: [Unicode.Scalar]) throws(VietQRError) {
        guard value.utf8.count == 4, value.utf8.allSatisfy(isHexDigit) else {
            throw VietQRError(tag: "63", .malformedCRC(found: value))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(dataEnd * 2)
        for scalar in scalars[..<dataEnd] { UTF8.encode(scalar) { bytes.append($0) } }
        let expected = CRC16.hex(CRC16.ccittFalse(bytes))
        guard expected == value.uppercased() else {
            throw VietQRError(tag: "63", .crcMismatch(expected: expected, found: value))
        }
    }

    private static func merchantAccount(
        _ value: String
    ) throws(VietQRError) -> (bin: String, number: String, service: VietQRPayload.Service) {
        let sub = try subFields(value, path: "38", allowed: ["00", "01", "02"])
        guard let guid = sub["00"] else { throw VietQRError(tag: "38.00", .missingTag) }
        guard guid.uppercased() == napasGUID else {
            throw VietQRError(tag: "38.00", .unexpectedValue(expected: napasGUID, found: guid))
        }
        guard let beneficiary = sub["01"] else { throw VietQRError(tag: "38.01", .missingTag) }
        guard let serviceCode = sub["02"] else { throw VietQRError(tag: "38.02", .missingTag) }
        let inner = try subFields(beneficiary, path: "38.01", allowed: ["00", "01"])
        guard let bin = inner["00"] else { throw VietQRError(tag: "38.01.00", .missingTag) }
        guard let number = inner["01"] else { throw VietQRError(tag: "38.01.01", .missingTag) }
        guard let service = VietQRPayload.Service(rawValue: serviceCode) else {
            throw VietQRError(tag: "38.02", .unknownServiceCode(found: serviceCode))
        }
        return (bin, number, service)
    }

    /// Reads an amount: digits with at most one `.`; VND has no minor unit, so any digits after
    /// the point must be zeros; not zero; at most 13 characters.
    private static func parseAmount(_ value: String) throws(VietQRError) -> UInt64 {
        func bad(_ reason: String) -> VietQRError {
            VietQRError(tag: "54", .invalidAmount(found: value, reason: reason))
        }
        guard value.utf8.count <= 13 else { throw bad("is longer than 13 characters") }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty,
            parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } })
        else {
            throw bad("must be digits with at most one decimal point")
        }
        if parts.count == 2, parts[1].contains(where: { $0 != "0" }) {
            throw bad("has a fraction, but VND has no minor unit")
        }
        guard let amount = UInt64(parts[0]), amount > 0 else { throw bad("must not be zero") }
        return amount
    }

    private static func parseAdditionalData(
        _ value: String
    ) throws(VietQRError) -> [VietQRPayload.AdditionalDataField: String] {
        let allowed = Set(VietQRPayload.AdditionalDataField.allCases.map(\.rawValue))
        var result: [VietQRPayload.AdditionalDataField: String] = [:]
        for (tag, text) in try subFields(value, path: "62", allowed: allowed) {
            result[VietQRPayload.AdditionalDataField(rawValue: tag)!] = text
        }
        return result
    }

    private static func parseAlternateLanguage(
        _ value: String
    ) throws(VietQRError) -> VietQRPayload.AlternateLanguage {
        let sub = try subFields(value, path: "64", allowed: ["00", "01", "02"])
        guard let language = sub["00"] else { throw VietQRError(tag: "64.00", .missingTag) }
        guard let name = sub["01"] else { throw VietQRError(tag: "64.01", .missingTag) }
        return VietQRPayload.AlternateLanguage(language: language, merchantName: name, merchantCity: sub["02"])
    }

    private static func subFields(
        _ value: String, path: String, allowed: Set<String>
    ) throws(VietQRError) -> [String: String] {
        var result: [String: String] = [:]
        for item in try TLV.read(Array(value.unicodeScalars)[...], path: path + ".") {
            guard allowed.contains(item.field.tag) else {
                throw VietQRError(tag: path + "." + item.field.tag, .unexpectedSubTag)
            }
            result[item.field.tag] = item.field.value
        }
        return result
    }

    private static func expect(_ value: String, _ expected: String, tag: String) throws(VietQRError) {
        guard value == expected else { throw VietQRError(tag: tag, .unexpectedValue(expected: expected, found: value)) }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
