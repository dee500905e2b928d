import Domain

/// The share of merchants that must display a QR, in whole percent (the campaign's 90).
///
/// Whole percents keep every decision in integer arithmetic: a unit meets the target when
/// `covered × 100 ≥ percent × total`.
public struct CoverageTarget: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The target in whole percent, 1…100.
    public let percent: Int

    /// The campaign's target: 90% of shops in every commune.
    public static let campaign = CoverageTarget(uncheckedPercent: 90)

    /// A target of 1…100 percent; `nil` for anything else.
    public init?(percent: Int) {
        guard (1...100).contains(percent) else { return nil }
        self.percent = percent
    }

    private init(uncheckedPercent: Int) {
        self.percent = uncheckedPercent
    }

    /// `90%`.
    public var description: String { "\(percent)%" }
}
