import Testing
import UseCases

@Suite struct MerchantIDListTests {
    @Test func aHeaderIsAFirstLineWithoutDigits() {
        #expect(MerchantIDList("merchant_id\n12\n").ids == [12])
        #expect(MerchantIDList("Mã cơ sở,Tên\n12,Phở\n").ids == [12])
        #expect(MerchantIDList("id,name\n12,a\n# note\n\n13\n").ids == [12, 13])
    }

    @Test func everyOtherInvalidLineIsReported() {
        let list = MerchantIDList("1O2\n7\n-3\nabc\n0\n")
        #expect(list.ids == [7])
        #expect(list.invalid.map(\.line) == [1, 3, 4, 5])
        #expect(list.invalid.first == MerchantIDListError(line: 1, field: "1O2"))
        #expect(MerchantIDList("7x").invalid == [MerchantIDListError(line: 1, field: "7x")])
    }
}
