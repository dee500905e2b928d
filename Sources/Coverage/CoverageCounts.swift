import Domain

/// The two numbers every coverage figure comes from: how many merchants are open (`total`)
/// and how many of them display a payment QR (`covered`), both on one date.
///
/// Roll-ups add counts, never percents: the coverage of a province is the sum of its
/// communes' counts, so a large commune weighs more than a small one, as it should.
public struct CoverageCounts: Sendable, Hashable, Codable {
    /// Merchants open on the date.
    public var total: Int
    /// Of those, merchants displaying a payment QR.
    public var covered: Int

    /// Counts with `0 ≤ covered ≤ total`; anything else is a programming error upstream.
    public init(total: Int, covered: Int) {
        precondition(
            total >= 0 && covered >= 0 && covered <= total,
            "coverage counts need 0 ≤ covered (\(covered)) ≤ total (\(total))")
        self.total = total
        self.covered = covered
    }

    public static let zero = CoverageCounts(total: 0, covered: 0)

    /// Both counts added: the roll-up of two units.
    public static func + (lhs: CoverageCounts, rhs: CoverageCounts) -> CoverageCounts {
        CoverageCounts(total: lhs.total + rhs.total, covered: lhs.covered + rhs.covered)
    }

    /// The sum of many counts: the roll-up of a list of units.
    public static func sum<S: Sequence>(_ counts: S) -> CoverageCounts where S.Element == CoverageCounts {
        counts.reduce(.zero, +)
    }
}
