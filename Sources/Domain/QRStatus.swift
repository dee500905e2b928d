import Foundation

/// Where a merchant stands with its payment QR.
public enum QRStatus: String, Sendable, CaseIterable, Codable, Comparable {
    /// No QR: not yet reached, refused, or withdrawn.
    case none
    /// An account or QR has been issued but is not on display.
    case registered
    /// The QR is on display at the shop.
    case displayed
    /// Displayed and confirmed by a bank.
    case verified

    /// True for the statuses that count towards coverage (displayed, verified).
    public var isCovered: Bool { self == .displayed || self == .verified }

    /// The status as a number 0–3, in ``allCases`` order (the order ``<`` compares).
    public var rank: Int {
        switch self {
        case .none: 0
        case .registered: 1
        case .displayed: 2
        case .verified: 3
        }
    }

    /// The status of a ``rank``.
    public init(rank: Int) {
        switch rank {
        case 0: self = .none
        case 1: self = .registered
        case 2: self = .displayed
        default:
            precondition(rank == 3, "a QR status rank is 0 to 3")
            self = .verified
        }
    }

    public static func < (lhs: QRStatus, rhs: QRStatus) -> Bool { lhs.rank < rhs.rank }
}

/// One entry in a merchant's QR status history (append-only).
public struct QRStatusEvent: Sendable, Equatable, Codable {
    public var id: Int64
    public var merchantId: Int64
    public var status: QRStatus
    /// When the status took effect.
    public var at: Date
    /// Where it came from: `cli`, `import`, `bank:VCB`, `demo`…
    public var source: String
    /// Who recorded it (volunteer, officer), when known.
    public var actor: String?
    public var note: String?

    public init(id: Int64, merchantId: Int64, status: QRStatus, at: Date, source: String, actor: String?, note: String?)
    {
        self.id = id
        self.merchantId = merchantId
        self.status = status
        self.at = at
        self.source = source
        self.actor = actor
        self.note = note
    }
}

/// A status change to record: what, when, from where, by whom.
public struct StatusChange: Sendable, Equatable {
    public var status: QRStatus
    public var at: Date
    public var source: String
    public var actor: String?
    public var note: String?

    public init(_ status: QRStatus, at: Date, source: String = "cli", actor: String? = nil, note: String? = nil) {
        self.status = status
        self.at = at
        self.source = source
        self.actor = actor
        self.note = note
    }
}
