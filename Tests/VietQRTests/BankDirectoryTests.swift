import Testing

@testable import VietQR

@Suite("Bank directory")
struct BankDirectoryTests {
    let directory = BankDirectory.shared

    @Test("the embedded data/banks.csv has 70 banks keyed by unique 6-digit BINs")
    func loadsAll() {
        #expect(directory.banks.count == 70)
        #expect(Set(directory.banks.map(\.bin)).count == 70)
        #expect(directory.banks.allSatisfy { $0.bin.count == 6 && $0.bin.allSatisfy(\.isNumber) })
    }

    @Test("looks up by BIN, code and short name, ignoring case and diacritics")
    func lookups() {
        #expect(directory.bank(bin: "970436")?.code == "VCB")
        #expect(directory.lookup("VCB")?.bin == "970436")
        #expect(directory.lookup("vcb")?.bin == "970436")
        #expect(directory.lookup("Vietcombank")?.bin == "970436")
        #expect(directory.lookup(" 970415 ")?.code == "CTG")
        #expect(directory.lookup("VietinBank")?.bin == "970415")
        #expect(directory.lookup("no such bank") == nil)
        #expect(directory.bank(bin: "123456") == nil)
    }

    @Test("all 56 BINs of the 9704xx range issued by the State Bank are present")
    func napasRange() {
        #expect(directory.banks.filter { $0.bin.hasPrefix("9704") }.count == 56)
    }

    @Test("rejects malformed directory files with the line")
    func malformed() {
        #expect(throws: BankDirectoryError.badHeader(["bin", "code"])) { try BankDirectory(csv: "bin,code\n") }
        #expect(throws: BankDirectoryError.badRow(line: 2, reason: "bin must be 6 digits, found \"97043\"")) {
            try BankDirectory(csv: "bin,code,short_name,name,swift\n97043,X,X,X,\n")
        }
        #expect(throws: BankDirectoryError.duplicateBIN("970436")) {
            try BankDirectory(csv: "bin,code,short_name,name,swift\n970436,A,A,A,\n970436,B,B,B,\n")
        }
        #expect(throws: BankDirectoryError.badQuoting(line: 2)) {
            try BankDirectory(csv: "bin,code,short_name,name,swift\n970436,A,\"A,A,\n")
        }
    }

    @Test("quoted fields with commas and doubled quotes are read")
    func quoting() throws {
        let directory = try BankDirectory(
            csv: "bin,code,short_name,name,swift\r\n970436,VCB,\"Bank, \"\"Big\"\"\",Name,\r\n")
        #expect(directory.bank(bin: "970436")?.shortName == "Bank, \"Big\"")
    }
}
