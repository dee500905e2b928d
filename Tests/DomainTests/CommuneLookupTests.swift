import ReferenceData
import Testing
import VietQR

@testable import Domain

@Suite struct CommuneLookupTests {
    let hungYen: CommuneDirectory
    init() throws { hungYen = CommuneDirectory.hungYen() }

    @Test func officialDataHasEveryUnit() {
        let all = CommuneDirectory.official
        #expect(all.communes.count == 3_321)
        #expect(all.provinces.count == 34)
        #expect(hungYen.communes.count == 104)
        #expect(hungYen.provinces.map(\.name) == ["Hưng Yên"])
    }

    @Test func matchesByCodeWithOrWithoutPadding() throws {
        #expect(try hungYen.resolve("11953").name == "Phố Hiến")
        #expect(try CommuneDirectory.official.resolve("4").name == "Ba Đình")
    }

    @Test func matchesNamesIgnoringCaseDiacriticsAndTonePlacement() throws {
        #expect(try hungYen.resolve("pho hien").code == "11953")
        #expect(try hungYen.resolve("Phường Phố Hiến").code == "11953")
        let hoa = try #require(hungYen.communes.first { $0.name.contains("Hòa") || $0.name.contains("Hoà") })
        let swapped =
            hoa.name.contains("Hòa")
            ? hoa.name.replacingOccurrences(of: "Hòa", with: "Hoà")
            : hoa.name.replacingOccurrences(of: "Hoà", with: "Hòa")
        #expect(try hungYen.resolve(swapped).code == hoa.code)
    }

    @Test func formerCommunesMapToTheirNewUnit() throws {
        // Xã Phương Nam (former code 11977) and Xã Thủ Sỹ (12367) became part of Tân Hưng (11977).
        #expect(try hungYen.resolve("Xã Phương Nam").code == "11977")
        #expect(try hungYen.resolve("Thủ Sỹ").code == "11977")
        #expect(try hungYen.resolve("12367").code == "11977")
        // A former code that is now another unit's code resolves to the current unit.
        #expect(try hungYen.resolve("11980").name == "Hồng Châu")
    }

    @Test func splitFormerCommuneAsksForTheCode() {
        #expect {
            try hungYen.resolve("Xã Ngọc Thanh")
        } throws: { error in
            guard case .splitFormerCommune(_, let candidates) = error as? CommuneLookupError else { return false }
            return candidates.count == 2
        }
    }

    @Test func ambiguousAndUnknownNamesAreRefused() throws {
        let all = CommuneDirectory.official
        var seen: [String: Commune] = [:]
        var repeated: Commune? = nil
        for commune in all.communes {
            let key = VietnameseText.searchKey(commune.name)
            if seen[key] != nil {
                repeated = commune
                break
            }
            seen[key] = commune
        }
        let name = try #require(repeated).name
        #expect(throws: CommuneLookupError.self) { try all.resolve(name) }
        #expect(throws: CommuneLookupError.notFound("Atlantis")) { try hungYen.resolve("Atlantis") }
    }
}
