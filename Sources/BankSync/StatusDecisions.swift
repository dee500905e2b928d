import Domain
import Foundation

/// The statuses ``SyncPlanner/finish()`` decided, one compact record per status row (32 bytes),
/// and the plan entries made from them.
///
/// Deciding needs the match index; writing the million entries of a large file out as text does
/// not. So the decisions are kept as numbers, and their entries are made later (a bank import
/// makes them on another thread while the changes are applied): ``emit(stopping:_:)``.
public struct StatusDecisions: Sendable {
    /// What was decided for one status row.
    struct Decision: Sendable {
        enum Kind: UInt8, Sendable {
            /// A later row of the file gives the merchant's status for the same day; `detail` is
            /// that row's line and status (``supersedingDetail(line:status:)``).
            case superseded
            /// Another row of the file already planned this event; `detail` is its line.
            case sameEvent
            /// The merchant already had this status that day; `detail` is since when (seconds).
            case alreadySince
            /// The merchant has no event and the row's status is none.
            case alreadyNone
            /// The registry holds the identical event; `detail` is its day number.
            case alreadyRecorded
            /// A new event older than the current status; `detail` is its day number.
            case historyOnly
            /// A new event that becomes the current status; `detail` is its time (seconds).
            case newStatus
            /// As ``newStatus``, for a row without a date (the import's day).
            case newStatusUndated

            /// True for the kinds whose entry changes nothing.
            var isNothing: Bool {
                switch self {
                case .superseded, .sameEvent, .alreadySince, .alreadyNone, .alreadyRecorded: true
                case .historyOnly, .newStatus, .newStatusUndated: false
                }
            }
        }

        var line: Int32
        var kind: Kind
        var status: QRStatus
        /// The match key (``SyncPlanner``'s key code).
        var key: UInt8
        /// The merchant is one the import creates (`merchantId` is then 0).
        var isNew: Bool
        var merchantId: Int64
        /// The merchant's status before the row, packed (``packedStatus(_:at:)``).
        var before: Int64
        var detail: Int64

        /// A status and, when it has one, the time it took effect, in one value.
        static func packedStatus(_ status: QRStatus, at: Int64?) -> Int64 {
            guard let at else { return Int64(status.rank) }
            return at << 3 | 4 | Int64(status.rank)
        }

        static func supersedingDetail(line: Int32, status: QRStatus) -> Int64 {
            Int64(line) << 8 | Int64(status.rank)
        }
    }

    /// In the order their entries are written (merchant by merchant, in date order).
    var decisions: [Decision] = []
    /// The source of the import's events (named in an "already recorded" reason).
    let source: String

    init(source: String) {
        self.source = source
    }

    /// The number of decisions.
    public var count: Int { decisions.count }

    /// Makes each decision's plan entry, in order, and passes them to `emit` a few hundred at a
    /// time; stops early (returning false) when `stopping` says so between batches.
    @discardableResult
    public func emit(stopping: () -> Bool = { false }, _ emit: ([PlanEntry]) throws -> Void) rethrows -> Bool {
        var labels = StatusLabels()
        var batch: [PlanEntry] = []
        batch.reserveCapacity(Self.entriesPerBatch)
        for decision in decisions {
            batch.append(entry(decision, labels: &labels))
            if batch.count == Self.entriesPerBatch {
                if stopping() { return false }
                try emit(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try emit(batch) }
        return true
    }

    private static let entriesPerBatch = 256

    private func entry(_ decision: Decision, labels: inout StatusLabels) -> PlanEntry {
        let status = decision.status
        let merchant = decision.isNew ? "new" : String(decision.merchantId)
        let key = SyncPlanner.keyName(decision.key)
        func entry(_ action: PlanAction, before: String, after: String, reason: String) -> PlanEntry {
            PlanEntry(
                line: Int(decision.line), merchant: merchant, matchKey: key, action: action, field: "status",
                before: before, after: after, reason: reason)
        }
        // A superseded row's entry shows no statuses.
        let before = decision.kind == .superseded ? "" : labels.label(packed: decision.before)
        switch decision.kind {
        case .superseded:
            let later = QRStatus(rank: Int(decision.detail & 0xFF))
            let line = decision.detail >> 8
            return entry(
                .nothing, before: before, after: "",
                reason:
                    "line \(line) gives this merchant's status for the same day (\(later.rawValue)), later in the file")
        case .sameEvent:
            return entry(.nothing, before: before, after: before, reason: "the same event as line \(decision.detail)")
        case .alreadySince:
            let since = CalendarDay(containing: Date(timeIntervalSince1970: TimeInterval(decision.detail)))
            return entry(.nothing, before: before, after: before, reason: "already \(status.rawValue) since \(since)")
        case .alreadyNone:
            return entry(
                .nothing, before: before, after: before,
                reason: "no QR status recorded yet, which is \(status.rawValue)")
        case .alreadyRecorded:
            let day = CalendarDay(dayNumber: Int(decision.detail))
            return entry(
                .nothing, before: before, after: before,
                reason: "the same event (\(status.rawValue) on \(day), \(source)) is already recorded")
        case .historyOnly:
            let day = CalendarDay(dayNumber: Int(decision.detail))
            return entry(
                .event, before: before, after: "\(status.rawValue) \(day) (history)",
                reason: "added to the history only: the current status (\(before)) is more recent")
        case .newStatus, .newStatusUndated:
            let after = labels.label(packed: Decision.packedStatus(status, at: decision.detail))
            return entry(
                .event, before: before, after: after,
                reason: decision.kind == .newStatus
                    ? "new status" : "new status (the row has no date: the import's day)")
        }
    }
}

/// Status labels (`displayed 2025-10-05`, or `none` without events), made once per status and
/// day (a file has a few hundred of them) and shared.
private struct StatusLabels {
    private var labels: [Int64: String] = [:]

    mutating func label(packed: Int64) -> String {
        let status = QRStatus(rank: Int(packed & 3))
        guard packed & 4 != 0 else { return status.rawValue }
        let day = CalendarDay(containing: Date(timeIntervalSince1970: TimeInterval(packed >> 3)))
        let key = Int64(day.dayNumber) << 2 | Int64(status.rank)
        if let label = labels[key] { return label }
        let label = "\(status.rawValue) \(day)"
        labels[key] = label
        return label
    }
}
