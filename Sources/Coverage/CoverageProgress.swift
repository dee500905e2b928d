import Domain

/// Where a unit stands against a target, decided from exact integers.
///
/// - `met` ⇔ `covered × 100 ≥ target × total`
/// - `shortfall` = `max(0, ⌈target × total / 100⌉ − covered)`: the merchants still to win
/// - `percentTenths`: the percent in tenths, rounded half up (`8 of 9` → 889, shown 88.9);
///   `nil` when the unit has no merchants, which is reported as such rather than as 0% or 100%.
///
/// A unit with no merchants has no data: no percent, `met` nil (never counted as reaching the
/// target, and a `--fail-below` gate fails on it), shortfall 0; reports list it as "no data".
public struct CoverageProgress: Sendable, Hashable {
    public let counts: CoverageCounts
    public let target: CoverageTarget

    /// The standing of `counts` against `target`.
    public init(_ counts: CoverageCounts, target: CoverageTarget) {
        self.counts = counts
        self.target = target
    }

    /// Whether `covered × 100 ≥ target × total`; nil for a unit with no merchants (no data).
    public var met: Bool? {
        guard counts.total > 0 else { return nil }
        return counts.covered * 100 >= target.percent * counts.total
    }

    /// Merchants that still have to display a QR for the unit to meet the target.
    public var shortfall: Int {
        let needed = (target.percent * counts.total + 99) / 100
        return max(0, needed - counts.covered)
    }

    /// The percent covered in tenths of a percent, rounded half up; `nil` when total is 0.
    public var percentTenths: Int? {
        guard counts.total > 0 else { return nil }
        // round(covered × 1000 / total) with halves going up, in integers.
        return (counts.covered * 2000 + counts.total) / (2 * counts.total)
    }

    /// The percent with one decimal and a dot (`88.9`), as machines read it; `nil` when total is 0.
    public var percentText: String? {
        percentTenths.map { DecimalText.tenths($0) }
    }
}

/// Writes fixed-point tenths without floating point.
enum DecimalText {
    /// `889` → `"88.9"`, `900` → `"90.0"`, with the given decimal separator.
    static func tenths(_ value: Int, separator: Character = ".") -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return "\(sign)\(magnitude / 10)\(separator)\(magnitude % 10)"
    }
}
