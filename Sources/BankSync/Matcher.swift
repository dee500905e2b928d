/// How a row's keys found (or did not find) its merchant.
public enum MatchOutcome: Sendable, Equatable {
    /// Exactly one merchant fits every key that names one; `slot` is its place in the
    /// ``MatchIndex``, `key` the strongest key that found it.
    case matched(slot: Int32, key: SyncField)
    /// Several merchants fit, or the keys name different merchants: a person must decide. The
    /// text gives the evidence.
    case review(String)
    /// No key names a merchant; the text lists the keys tried.
    case unmatched(String)
}

/// The pure matcher: keys tried in order of strength — merchant id, tax code, normalized phone,
/// BIN + account — against a ``MatchIndex``.
///
/// Every key the row has is looked up. The match is the merchant that every key which names
/// someone agrees on: keys naming no merchant are not evidence either way, but a key naming
/// other merchants is a conflict (the id says merchant 5, the tax code belongs to merchant 9),
/// several merchants fitting all keys is an ambiguity (a phone shared by two shops), and an
/// unknown merchant id is a conflict too (a file from another registry). A matched merchant
/// whose own tax code differs from the row's is also a conflict. Conflicts and ambiguities go
/// to review; they are never applied.
struct Matcher {
    /// Candidate slots of the current row, key after key, and where each key's candidates lie
    /// (both reused from row to row: no allocation per row).
    private var scratch: [Int32] = []
    private var hits: [(field: SyncField, range: Range<Int>)] = []

    init() {
        scratch.reserveCapacity(64)
        hits.reserveCapacity(4)
    }

    /// The merchant of `index` that `row`'s keys agree on, or why there is none.
    mutating func match(_ row: BankRow, in index: MatchIndex) -> MatchOutcome {
        scratch.removeAll(keepingCapacity: true)
        hits.removeAll(keepingCapacity: true)
        if let id = row.merchantId {
            guard let slot = index.slot(ofId: id) else {
                return .review("no merchant \(id) in this registry (merchant_id from another registry?)")
            }
            scratch.append(slot)
            hits.append((.merchantId, 0..<1))
        }
        if let taxCode = row.taxCode {
            let start = scratch.count
            index.taxCodeCandidates(taxCode, into: &scratch)
            hits.append((.taxCode, start..<scratch.count))
        }
        if let phone = row.phone {
            let start = scratch.count
            index.phoneCandidates(phone, into: &scratch)
            hits.append((.phone, start..<scratch.count))
        }
        if let bin = row.bin, let account = row.account {
            let start = scratch.count
            index.accountCandidates(bin: bin, account: account, into: &scratch)
            hits.append((.account, start..<scratch.count))
        }

        // The first key that names someone; every other naming key must name the same merchant.
        guard let first = hits.firstIndex(where: { !$0.range.isEmpty }) else {
            let tried = hits.map { "\(Self.label($0.field)) \(Self.value($0.field, row))" }.joined(separator: ", ")
            return .unmatched("no merchant has \(tried)")
        }
        var agreed = 0
        var match: Int32 = -1
        for slot in scratch[hits[first].range] where slot != match {
            if hits[(first + 1)...].allSatisfy({ $0.range.isEmpty || scratch[$0.range].contains(slot) }) {
                agreed += 1
                match = slot
            }
        }
        guard agreed == 1 else {
            let evidence = hits.filter { !$0.range.isEmpty }.map { hit in
                let merchants = Self.list(scratch[hit.range].map(index.describe))
                return "\(Self.label(hit.field)) \(Self.value(hit.field, row)) → \(merchants)"
            }.joined(separator: "; ")
            return .review(
                agreed == 0 ? "the keys name different merchants: \(evidence)" : "several merchants fit: \(evidence)")
        }
        if let taxCode = row.taxCode, let taxKey = MatchIndex.digitKey(taxCode), index.taxKey(match) != 0,
            index.taxKey(match) != taxKey
        {
            return .review("tax code \(taxCode) differs from the tax code of \(index.describe(match))")
        }
        return .matched(slot: match, key: hits[first].field)
    }

    private static func value(_ field: SyncField, _ row: BankRow) -> String {
        switch field {
        case .merchantId: row.merchantId.map(String.init) ?? ""
        case .taxCode: row.taxCode ?? ""
        case .phone: row.phone ?? ""
        default: row.account ?? ""
        }
    }

    private static func label(_ field: SyncField) -> String {
        switch field {
        case .merchantId: "merchant id"
        case .taxCode: "tax code"
        case .account: "account"
        default: field.rawValue
        }
    }

    private static func list(_ names: [String]) -> String {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return unique.count <= 2
            ? unique.joined(separator: " and ") : unique.dropLast().joined(separator: ", ") + " and " + unique.last!
    }
}
