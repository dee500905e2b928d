import Domain

/// What a report covers: the whole country, one province or one commune.
public struct ReportScope: Sendable, Hashable {
    /// How much of the country the report covers.
    public enum Level: Sendable, Hashable {
        case country
        case province
        case commune
    }

    /// The scope's level; ``code`` and ``name`` say which province or commune.
    public var level: Level
    /// The province or commune code; `nil` for the country.
    public var code: String?
    /// The province or commune name; `nil` for the country.
    public var name: String?

    /// The whole country.
    public static let country = ReportScope(level: .country, code: nil, name: nil)

    /// The scope of the registry's counts.
    public var coverageScope: CoverageScope {
        switch level {
        case .country: .country
        case .province: .province(code ?? "")
        case .commune: .commune(code ?? "")
        }
    }

    /// A scope as given; `code` and `name` should be nil exactly for the country.
    public init(level: Level, code: String?, name: String?) {
        self.level = level
        self.code = code
        self.name = name
    }
}

/// A coverage report: rows ordered for reading, and a roll-up that sums their counts.
public struct CoverageReport: Sendable {
    /// Where the report looks: its roll-up takes this scope's code and name.
    public let scope: ReportScope
    /// What the rows are (communes, provinces, hamlets, business types).
    public let unitKind: CoverageUnitKind
    public let target: CoverageTarget
    /// The day the counts are taken on.
    public let asOf: CalendarDay
    /// One row per unit, in the order asked for.
    public let rows: [CoverageRow]
    /// The sum of every row's counts, with its own progress (never an average of percents).
    public let total: CoverageRow
    /// True for generated demonstration data: every rendering says so.
    public let isSample: Bool

    /// A report of `units` (each becoming a row, sorted by `order`) against `target`, with their
    /// counts summed into ``total`` under the scope's code and name.
    public init(
        scope: ReportScope,
        unitKind: CoverageUnitKind,
        units: [CoverageUnit],
        target: CoverageTarget,
        asOf: CalendarDay,
        order: CoverageOrder = .worst,
        isSample: Bool = false
    ) {
        self.scope = scope
        self.unitKind = unitKind
        self.target = target
        self.asOf = asOf
        self.isSample = isSample
        self.rows = units.map { CoverageRow($0, target: target) }.sorted(by: order.precedes)
        let rollUp = CoverageUnit(
            code: scope.code ?? "",
            name: scope.name ?? "",
            counts: CoverageCounts.sum(units.map(\.counts))
        )
        self.total = CoverageRow(rollUp, target: target)
    }

    /// Rows with merchants whose coverage is below the target (what `--fail-below` checks).
    public var rowsBelowTarget: [CoverageRow] { rows.filter(\.isBelowTarget) }

    /// Rows that have merchants and meet the target.
    public var rowsMeetingTarget: [CoverageRow] { rows.filter { $0.progress.met == true } }

    /// Rows with no merchants at all.
    public var emptyRows: [CoverageRow] { rows.filter { $0.counts.total == 0 } }

    /// Merchants still to win across all rows below target: the sum of row shortfalls, which can
    /// exceed the roll-up's own shortfall when other rows are above target.
    public var totalRowShortfall: Int { rows.reduce(0) { $0 + $1.progress.shortfall } }
}
