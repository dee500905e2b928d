import Coverage
import Domain
import Store

/// Merchant rows as the `merchant` table stores them, ready to bind: each row's 14 text values
/// (commune code to account name, dates as ISO `YYYY-MM-DD`) end to end in one byte buffer, with
/// where each lies, and the row's id and creation time. An import's reading thread encodes rows
/// into batches of these; the writing thread copies each accepted row into the inserter's queue
/// with one copy of its bytes, never touching a String.
struct EncodedMerchantRows: Sendable {
    /// Text values a merchant row has (commune code to account name).
    static let textFields = 14

    /// Byte 0 is never a value's: the buffer is never empty, so every span has a base address.
    private(set) var bytes: [UInt8] = [0]
    /// Where each value lies in ``bytes``, ``textFields`` a row; start -1 is NULL.
    private(set) var spans: [(start: Int32, count: Int32)] = []
    /// Each row's id (nil: the table chooses), whether that id is the one the table would choose
    /// (the next after the largest), and the row's creation time in stored seconds.
    private(set) var rows: [(id: Int64?, isNext: Bool, seconds: Int64)] = []
    /// Where each row's bytes end.
    private var rowEnds: [Int32] = []

    var count: Int { rows.count }

    /// The bytes of the values held (callers keep this well under 2 GiB: offsets are 32-bit).
    var byteCount: Int { bytes.count }

    mutating func reserve(rows count: Int, bytesPerRow: Int) {
        bytes.reserveCapacity(count * bytesPerRow)
        spans.reserveCapacity(count * Self.textFields)
        rows.reserveCapacity(count)
        rowEnds.reserveCapacity(count)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(0)
        spans.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        rowEnds.removeAll(keepingCapacity: true)
    }

    // MARK: Writing a row, value by value

    /// Appends a value's bytes.
    @inline(__always)
    mutating func add(_ value: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: value)
        spans.append((Int32(start), Int32(value.count)))
    }

    /// Appends a value (NULL when nil).
    mutating func add(_ text: String?) {
        guard let text else { return addNull() }
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        spans.append((Int32(start), Int32(bytes.count - start)))
    }

    @inline(__always)
    mutating func addNull() {
        spans.append((-1, 0))
    }

    /// Appends a day as ISO `YYYY-MM-DD` (NULL when nil).
    mutating func add(_ day: CalendarDay?) {
        guard let day else { return addNull() }
        let (year, month, dayOfMonth) = day.components
        let start = bytes.count
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        spans.append((Int32(start), Int32(bytes.count - start)))
    }

    /// Ends the row whose ``textFields`` values were just added.
    mutating func endRow(id: Int64?, isNext: Bool = false, seconds: Int64) {
        precondition(spans.count == (rows.count + 1) * Self.textFields, "a row has \(Self.textFields) values")
        rows.append((id, isNext, seconds))
        rowEnds.append(Int32(bytes.count))
    }

    /// Appends a validated merchant.
    mutating func append(_ m: ValidMerchant, id: Int64?, isNext: Bool = false, seconds: Int64) {
        add(m.communeCode)
        add(m.hamlet)
        add(m.hamletKey)
        add(m.address)
        add(m.name)
        add(m.ownerName)
        add(m.phone)
        add(m.taxCode)
        add(m.businessType)
        add(m.openedOn)
        add(m.closedOn)
        add(m.bankBIN)
        add(m.accountNumber)
        add(m.accountName)
        endRow(id: id, isNext: isNext, seconds: seconds)
    }

    /// Appends row `row` of `other` (one copy of its bytes), with the given id and time.
    mutating func append(_ other: EncodedMerchantRows, row: Int, id: Int64?, isNext: Bool, seconds: Int64) {
        let from = Int(row == 0 ? 1 : other.rowEnds[row - 1])
        let to = Int(other.rowEnds[row])
        let shift = Int32(bytes.count - from)
        bytes.append(contentsOf: other.bytes[from..<to])
        for field in 0..<Self.textFields {
            let span = other.spans[row * Self.textFields + field]
            spans.append(span.start < 0 ? span : (span.start + shift, span.count))
        }
        rows.append((id, isNext, seconds))
        rowEnds.append(Int32(bytes.count))
    }

    // MARK: Reading

    /// The value's position among a row's values.
    enum Field: Int {
        case communeCode, hamlet, hamletKey, address, name, ownerName, phone, taxCode, businessType,
            openedOn, closedOn, bankBIN, accountNumber, accountName
    }

    /// Calls `body` with a value's bytes, nil when it is NULL.
    func withValue<R>(row: Int, _ field: Field, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        let span = spans[row * Self.textFields + field.rawValue]
        guard span.start >= 0 else { return try body(nil) }
        return try bytes.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start + span.count)]))
        }
    }

    /// A value as a String, nil when it is NULL.
    func text(row: Int, _ field: Field) -> String? {
        withValue(row: row, field) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The merchant of a row (for the rare reads that need one: confirming a duplicate).
    func merchant(row: Int) -> ValidMerchant {
        ValidMerchant(
            communeCode: text(row: row, .communeCode) ?? "", name: text(row: row, .name) ?? "",
            hamlet: text(row: row, .hamlet), hamletKey: text(row: row, .hamletKey) ?? "",
            address: text(row: row, .address),
            ownerName: text(row: row, .ownerName), phone: text(row: row, .phone), taxCode: text(row: row, .taxCode),
            businessType: text(row: row, .businessType),
            openedOn: text(row: row, .openedOn).flatMap { CalendarDay($0) },
            closedOn: text(row: row, .closedOn).flatMap { CalendarDay($0) }, bankBIN: text(row: row, .bankBIN),
            accountNumber: text(row: row, .accountNumber), accountName: text(row: row, .accountName))
    }
}
