import Domain
import Foundation
import ReferenceData

enum Days {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
    static func at(_ text: String) -> Date { Timestamp.parse(text)! }
}

extension CommuneDirectory {
    /// The official Hưng Yên communes with their lineage, as a registry of province 33 holds them.
    static func hungYen() -> CommuneDirectory {
        let all = CommuneDirectory.official
        return CommuneDirectory(
            communes: all.communes.filter { $0.provinceCode == "33" }, provinces: all.provinces,
            lineage: ReferenceData.formerCommunes)
    }
}
