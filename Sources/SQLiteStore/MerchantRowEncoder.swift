import Coverage
import DelimitedText
import Domain
import Foundation
import Store

/// An import file's rows read and validated on the reading thread, encoded for the merchant
/// table: what the writing thread receives, a few hundred rows at a time.
struct MerchantRowBatch: Sendable {
    /// The valid rows, in file order.
    var encoded = EncodedMerchantRows()
    /// Every row: its line, and where its outcome is.
    var rows: [Row] = []
    /// The field errors of the invalid rows.
    var errors: [[MerchantFieldError]] = []
    /// Every row's fields as read (for the rejects file), end to end.
    private var fieldBytes: [UInt8] = []
    private var fieldEnds: [Int] = []
    private var rowFieldEnds: [Int] = []

    /// One row of the batch (plain values: the writing thread reads them without reference counting).
    struct Row: Sendable {
        var line: Int
        /// The row in ``encoded``; -1 when invalid.
        var encoded: Int32
        /// The row's entry in ``errors``; -1 when valid.
        var errors: Int32
        /// The merchant id the file gives, if any.
        var id: Int64?
        var status: QRStatus?
        var statusAt: Date?
        var hashes: DuplicateKeys.Hashes
    }

    var count: Int { rows.count }

    /// The bytes the batch holds (a batch is sent when it reaches ``MerchantRowBatch/byteLimit``,
    /// so that the encoded rows' 32-bit offsets never overflow, whatever the file's fields).
    var byteCount: Int { fieldBytes.count + encoded.byteCount }

    /// Bytes after which a batch is sent even when it has fewer rows than usual.
    static let byteLimit = 16 << 20

    mutating func reserve(_ count: Int) {
        encoded.reserve(rows: count, bytesPerRow: 192)
        rows.reserveCapacity(count)
        fieldBytes.reserveCapacity(count * 192)
        fieldEnds.reserveCapacity(count * 16)
        rowFieldEnds.reserveCapacity(count)
    }

    /// Records a valid row, encoded at `encoded`, with its duplicate keys.
    mutating func addValid(_ encoded: Int, line: Int, id: Int64? = nil, status: QRStatus? = nil, statusAt: Date? = nil)
    {
        rows.append(
            Row(
                line: line, encoded: Int32(encoded), errors: -1, id: id, status: status, statusAt: statusAt,
                hashes: DuplicateKeys.hashes(self.encoded, row: encoded)))
    }

    /// Keeps a row's fields as read.
    mutating func keepFields(_ fields: DelimitedFieldBytes) {
        let base = fieldBytes.count
        fieldBytes.append(contentsOf: fields.bytes)
        for index in 0..<fields.count { fieldEnds.append(base + fields.range(index).upperBound) }
        rowFieldEnds.append(fieldEnds.count)
    }

    /// Row `row`'s fields as read.
    func fields(of row: Int) -> [String] {
        let first = row == 0 ? 0 : rowFieldEnds[row - 1]
        return (first..<rowFieldEnds[row]).map { index in
            let start = index == 0 ? 0 : fieldEnds[index - 1]
            return String(decoding: fieldBytes[start..<fieldEnds[index]], as: UTF8.self)
        }
    }
}

/// Validates an import file's records and encodes the valid ones (``EncodedMerchantRows``).
///
/// A record whose every value is already in the form the registry stores — a known 5-digit
/// commune code, text that needs no normalization, a national phone number, digit-only tax code
/// and account, ISO dates, a 6-digit BIN the directory has — is checked and copied byte for byte,
/// without making a String of any field (the hamlet, business type and BIN, which repeat, are
/// resolved once each). Any other record takes the general path (``MerchantCSVLayout`` and
/// ``MerchantValidator``, as `merchant add` does), so both paths store the same values and report
/// the same errors; the fast path only skips work whose result it knows.
struct MerchantRowEncoder {
    private let layout: MerchantCSVLayout
    private var validator: MerchantValidator
    /// Known 5-digit commune codes, by value.
    private let knownCodes: [Bool]
    private var hamlets = ByteKeyedCache<StoredText?>()
    private var businessTypes = ByteKeyedCache<StoredText?>()
    private var bins = ByteKeyedCache<[UInt8]?>()
    /// Whether a row's status may fall outside its merchant's open days (``EventDayConflict``).
    private let eventsOutsideOpenDays: Bool

    init(layout: MerchantCSVLayout, validator: MerchantValidator, eventsOutsideOpenDays: Bool = false) {
        self.layout = layout
        self.validator = validator
        self.eventsOutsideOpenDays = eventsOutsideOpenDays
        var known = [Bool](repeating: false, count: 100_000)
        for commune in validator.communes.communes {
            let code = Array(commune.code.utf8)
            if code.count == 5, let value = Self.digitValue(code[...]) { known[value] = true }
        }
        knownCodes = known
    }

    /// Validates one record and adds it to the batch (encoded when valid, with its errors when not).
    mutating func encode(_ fields: DelimitedFieldBytes, line: Int, into batch: inout MerchantRowBatch) {
        batch.keepFields(fields)
        let encoded = batch.encoded.count
        if !encodeAsStored(fields, into: &batch.encoded) {
            encodeGeneral(fields, line: line, into: &batch)
            return
        }
        batch.addValid(encoded, line: line)
    }

    /// The general path: Strings, the layout's and the validator's checks.
    private mutating func encodeGeneral(_ fields: DelimitedFieldBytes, line: Int, into batch: inout MerchantRowBatch) {
        var errors: [MerchantFieldError] = []
        let row = layout.row(fields.fieldStrings, errors: &errors)
        if errors.isEmpty {
            switch validator.validate(row.draft) {
            case .success(let merchant):
                if let problem = statusDayProblem(row, merchant) {
                    errors = [problem]
                    break
                }
                let encoded = batch.encoded.count
                batch.encoded.append(merchant, id: row.id, seconds: 0)
                batch.addValid(encoded, line: line, id: row.id, status: row.status, statusAt: row.statusAt)
                return
            case .failure(let error):
                errors = error.fields
            }
        }
        batch.rows.append(
            MerchantRowBatch.Row(
                line: line, encoded: -1, errors: Int32(batch.errors.count), id: row.id, status: row.status,
                statusAt: row.statusAt, hashes: DuplicateKeys.Hashes()))
        batch.errors.append(errors)
    }

    /// A status dated outside the row's own open days, unless those are allowed.
    private func statusDayProblem(_ row: MerchantCSVLayout.ImportRow, _ merchant: ValidMerchant) -> MerchantFieldError?
    {
        guard !eventsOutsideOpenDays, let statusAt = row.statusAt else { return nil }
        let day = CalendarDay(containing: statusAt)
        guard let conflict = EventDayConflict(day: day, openedOn: merchant.openedOn, closedOn: merchant.closedOn)
        else { return nil }
        return MerchantFieldError(
            field: "status_at",
            message: "\(day) is \(conflict.side) the merchant \(conflict.reason) (use --force to import it anyway)")
    }

    /// The fast path: encodes the record when every value is already as stored; false (nothing
    /// added) when any is not.
    mutating func encodeAsStored(_ fields: DelimitedFieldBytes, into rows: inout EncodedMerchantRows) -> Bool {
        guard fields.count == layout.width else { return false }
        return fields.bytes.withUnsafeBufferPointer { all -> Bool in
            func value(_ column: MerchantCSVLayout.Column) -> UnsafeBufferPointer<UInt8>? {
                guard let position = layout.position(column) else { return nil }
                let range = fields.range(position)
                return range.isEmpty ? nil : UnsafeBufferPointer(rebasing: all[range])
            }
            // Columns the fast path leaves to the general one.
            if value(.id) != nil || value(.status) != nil || value(.statusAt) != nil { return false }
            guard let code = value(.communeCode), code.count == 5, let codeValue = Self.digitValue(code[...]),
                knownCodes[codeValue],
                let name = value(.name), NormalizedText.isNormalized(name)
            else { return false }
            let address = value(.address)
            let ownerName = value(.ownerName)
            let accountName = value(.accountName)
            let texts = [address, ownerName, accountName]
            if texts.contains(where: { $0.map { !NormalizedText.isNormalized($0) } ?? false }) { return false }
            let phone = value(.phone)
            if let phone {
                guard phone.count == 10 || phone.count == 11, Self.isDigits(phone), phone[0] == UInt8(ascii: "0"),
                    phone[1] != UInt8(ascii: "0")
                else { return false }
            }
            let taxCode = value(.taxCode)
            if let taxCode, !((taxCode.count == 10 || taxCode.count == 13) && Self.isDigits(taxCode)) { return false }
            let account = value(.accountNumber)
            if let account, !(account.count <= 19 && Self.isDigits(account)) { return false }
            var openedOn: CalendarDay? = nil
            var closedOn: CalendarDay? = nil
            if let raw = value(.openedOn) {
                guard let day = Self.isoDay(raw) else { return false }
                openedOn = day
            }
            if let raw = value(.closedOn) {
                guard let day = Self.isoDay(raw) else { return false }
                closedOn = day
            }
            if let openedOn, let closedOn, closedOn < openedOn { return false }
            var bin: [UInt8]? = nil
            if let raw = value(.bankBIN) {
                guard raw.count == 6, Self.isDigits(raw) else { return false }
                let banks = validator.banks
                guard let resolved = bins.value(for: raw, compute: { banks.lookup($0).map { Array($0.bin.utf8) } })
                else { return false }
                bin = resolved
            }
            if (bin == nil) != (account == nil) { return false }
            guard let (hamlet, businessType) = repeatedTexts(hamlet: value(.hamlet), businessType: value(.businessType))
            else { return false }

            rows.add(code)
            rows.add(hamlet.text)
            rows.add(hamlet.key)
            rows.add(address)
            rows.add(name)
            rows.add(ownerName)
            rows.add(phone)
            rows.add(taxCode)
            rows.add(businessType)
            rows.add(openedOn)
            rows.add(closedOn)
            rows.add(bin)
            rows.add(account)
            rows.add(accountName)
            rows.endRow(id: nil, seconds: 0)
            return true
        }
    }

    /// The hamlet (text and key) and business type as stored, resolved once per distinct value;
    /// nil when either holds a control character (the validator refuses it, naming the field).
    private mutating func repeatedTexts(
        hamlet rawHamlet: UnsafeBufferPointer<UInt8>?, businessType rawType: UnsafeBufferPointer<UInt8>?
    ) -> (hamlet: (text: [UInt8]?, key: [UInt8]), businessType: [UInt8]?)? {
        var hamlet = StoredText(text: nil, key: [])
        if let raw = rawHamlet {
            guard
                let stored = hamlets.value(for: raw, compute: { StoredText($0, key: MerchantNormalization.hamletKey) })
            else { return nil }
            hamlet = stored
        }
        var businessType: [UInt8]? = nil
        if let raw = rawType {
            guard let stored = businessTypes.value(for: raw, compute: { StoredText($0, key: { _ in "" }) }) else {
                return nil
            }
            businessType = stored.text
        }
        return ((hamlet.text, hamlet.key), businessType)
    }

    private static func isDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func digitValue(_ bytes: some Collection<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// An ISO `YYYY-MM-DD` day, as ``CalendarDay/init(_:)`` reads one.
    private static func isoDay(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digitValue(bytes[0..<4]), let month = digitValue(bytes[5..<7]),
            let day = digitValue(bytes[8..<10])
        else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }
}

extension EncodedMerchantRows {
    /// Appends a value given as bytes (NULL when nil).
    fileprivate mutating func add(_ value: UnsafeBufferPointer<UInt8>?) {
        guard let value else { return addNull() }
        add(value)
    }

    fileprivate mutating func add(_ value: [UInt8]?) {
        guard let value else { return addNull() }
        value.withUnsafeBufferPointer { add($0) }
    }
}

/// A repeated text field (hamlet, business type) as stored: its normalized text and grouping key.
private struct StoredText {
    var text: [UInt8]?
    var key: [UInt8]

    init(text: [UInt8]?, key: [UInt8]) {
        self.text = text
        self.key = key
    }

    /// `raw` normalized, with its key; nil when it holds a control character.
    init?(_ raw: String, key: (String?) -> String) {
        guard NormalizedText.firstControlCharacter(raw) == nil else { return nil }
        let normalized = MerchantNormalization.text(raw)
        self.init(text: normalized.map { Array($0.utf8) }, key: Array(key(normalized).utf8))
    }
}

/// Values computed from a field's text, remembered by the field's exact bytes (for values that
/// repeat across a file's rows: hamlets, business types, bank BINs). At most 100,000 entries.
struct ByteKeyedCache<Value> {
    private var entries: [UInt64: (key: [UInt8], value: Value)] = [:]

    /// The value for these bytes, computed from their text on the first sight.
    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, compute: (String) -> Value) -> Value {
        let hash = DuplicateKeys.fnv1a(bytes)
        if let entry = entries[hash], entry.key.elementsEqual(bytes) { return entry.value }
        let value = compute(String(decoding: bytes, as: UTF8.self))
        if entries[hash] == nil, entries.count < 100_000 { entries[hash] = (Array(bytes), value) }
        return value
    }
}
