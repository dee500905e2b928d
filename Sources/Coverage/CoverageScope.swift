import Domain

/// Which merchants a coverage count covers.
public enum CoverageScope: Sendable, Equatable {
    /// Every merchant.
    case country
    /// A province by its 2-digit code.
    case province(String)
    /// A commune by its 5-digit code.
    case commune(String)
}

extension Array where Element == CoverageUnit {
    /// Turns per-commune rows into the requested units: communes named and the empty ones added,
    /// or provinces summed; hamlet and business-type rows are kept as counted, sorted by code.
    ///
    /// `scope` picks the communes of `communes` that are listed (a code the directory does not
    /// know lists none); communes come in the directory's order, provinces in its order too, and
    /// only provinces with a commune in scope appear.
    public func withUnits(
        _ grouping: CoverageUnitKind, scope: CoverageScope, communes: CommuneDirectory
    ) -> [CoverageUnit] {
        let inScope: [Commune]
        switch scope {
        case .country: inScope = communes.communes
        case .province(let code):
            let province = communes.province(code: code)?.code
            inScope = communes.communes.filter { $0.provinceCode == province }
        case .commune(let code): inScope = communes.commune(code: code).map { [$0] } ?? []
        }
        let counted = Dictionary(map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        switch grouping {
        case .commune:
            return inScope.map { commune in
                let row = counted[commune.code]
                return CoverageUnit(
                    code: commune.code, name: commune.name, total: row?.total ?? 0, covered: row?.covered ?? 0)
            }
        case .province:
            var sums: [String: (total: Int, covered: Int)] = [:]
            for commune in inScope {
                let row = counted[commune.code]
                sums[commune.provinceCode, default: (0, 0)].total += row?.total ?? 0
                sums[commune.provinceCode, default: (0, 0)].covered += row?.covered ?? 0
            }
            return communes.provinces.compactMap { province in
                sums[province.code].map {
                    CoverageUnit(code: province.code, name: province.name, total: $0.total, covered: $0.covered)
                }
            }
        case .hamlet, .businessType:
            return sorted { $0.code < $1.code }
        }
    }
}
