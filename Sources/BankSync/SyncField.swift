/// The fields of a bank file row that an import understands; a profile maps the bank's column
/// headers to them.
public enum SyncField: String, Sendable, CaseIterable, Codable, Comparable {
    /// The registry's merchant id (files exported by qrcov carry it).
    case merchantId = "merchant_id"
    case taxCode = "tax_code"
    case phone
    /// The bank's 6-digit BIN (or a code / short name from the bank directory).
    case bin
    case account
    case accountName = "account_name"
    case status
    /// The day the status took effect.
    case date
    /// A commune code or name: only used to create unmatched merchants (`--create-missing`).
    case commune
    /// The shop's name (for `--create-missing`).
    case name
    case ownerName = "owner_name"
    case hamlet
    case address

    /// The fields that can identify a merchant (with ``bin`` for ``account``).
    public static let identifiers: [SyncField] = [.merchantId, .taxCode, .phone, .account]

    /// The field's position in ``allCases`` (without building that array on every call).
    var slot: Int {
        switch self {
        case .merchantId: 0
        case .taxCode: 1
        case .phone: 2
        case .bin: 3
        case .account: 4
        case .accountName: 5
        case .status: 6
        case .date: 7
        case .commune: 8
        case .name: 9
        case .ownerName: 10
        case .hamlet: 11
        case .address: 12
        }
    }

    public static func < (lhs: SyncField, rhs: SyncField) -> Bool { lhs.slot < rhs.slot }
}
