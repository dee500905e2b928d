import Domain

/// What the rows of a coverage report are; the raw values are the words `--by` takes.
public enum CoverageUnitKind: String, Sendable, Hashable, CaseIterable {
    case province
    case commune
    case hamlet
    case businessType = "business-type"

    /// Provinces and communes have official codes; hamlets and business types only grouping keys.
    public var hasOfficialCode: Bool { self == .province || self == .commune }
}

/// One unit's counts as the registry reports them: a province, commune, hamlet or business type.
public struct CoverageUnit: Sendable, Hashable {
    /// The unit's code (province `33`, commune `11953`) or, for hamlets and business types, its
    /// grouping key.
    public var code: String
    /// The unit's name as the registry writes it; empty for merchants without a hamlet or
    /// business type.
    public var name: String
    public var counts: CoverageCounts

    /// A unit with these counts.
    public init(code: String, name: String, counts: CoverageCounts) {
        self.code = code
        self.name = name
        self.counts = counts
    }

    /// A unit with `total` merchants open, `covered` of them with a QR on display.
    public init(code: String, name: String, total: Int, covered: Int) {
        self.init(code: code, name: name, counts: CoverageCounts(total: total, covered: covered))
    }

    /// Merchants open at the date.
    public var total: Int { counts.total }
    /// Of those, merchants whose status at the date was displayed or verified.
    public var covered: Int { counts.covered }
}

/// A unit with its progress against the target: one line of a report.
public struct CoverageRow: Sendable, Hashable {
    public let unit: CoverageUnit
    /// The unit's standing against the report's target.
    public let progress: CoverageProgress

    /// The row of `unit` against `target`.
    public init(_ unit: CoverageUnit, target: CoverageTarget) {
        self.unit = unit
        self.progress = CoverageProgress(unit.counts, target: target)
    }

    public var code: String { unit.code }
    public var name: String { unit.name }
    public var counts: CoverageCounts { unit.counts }
    /// True when the unit has merchants and fewer than the target share display a QR.
    public var isBelowTarget: Bool { progress.met == false }

    /// Whether a gate (`--fail-below`) fails on this unit: below the target, or without data.
    public var failsGate: Bool { progress.met != true }
}

/// The order of a report's rows.
public enum CoverageOrder: String, Sendable, CaseIterable {
    /// Lowest percent first (compared exactly), then the larger shortfall, then code;
    /// units with no merchants last.
    case worst
    /// By code, as official lists are ordered.
    case code

    /// Whether `lhs` comes before `rhs` in this order.
    public func precedes(_ lhs: CoverageRow, _ rhs: CoverageRow) -> Bool {
        switch self {
        case .code:
            return lhs.code < rhs.code
        case .worst:
            let a = lhs.counts
            let b = rhs.counts
            if (a.total == 0) != (b.total == 0) { return b.total == 0 }
            // a.covered / a.total < b.covered / b.total, cross-multiplied.
            let left = a.covered * b.total
            let right = b.covered * a.total
            if left != right { return left < right }
            if lhs.progress.shortfall != rhs.progress.shortfall {
                return lhs.progress.shortfall > rhs.progress.shortfall
            }
            return lhs.code < rhs.code
        }
    }
}
