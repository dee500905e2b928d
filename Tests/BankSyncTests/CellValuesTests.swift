import Domain
import SQLiteStore
import Store
import Testing

@testable import BankSync

/// Cells as Excel leaves them: every mangling is refused with a reason that says what happened
/// and how to fix it; our own `="0123"` is unwrapped.
@Suite struct CellValuesTests {
    func problem<Value>(_ result: Result<Value, CellProblem>) -> String? {
        if case .failure(let problem) = result { return problem.reason }
        return nil
    }

    @Test func scientificNotationIsRefusedInEveryIdentifier() {
        for text in ["9.70436E+11", "9,70436E+11", "1.23457e+09", "1E+15", "8.4912E+10"] {
            for reason in [
                problem(CellValues.phone(text)), problem(CellValues.taxCode(text)), problem(CellValues.account(text)),
                problem(CellValues.bin(text)), problem(CellValues.merchantId(text)),
            ] {
                #expect(reason?.contains("scientific notation") == true, "\(text)")
                #expect(reason?.contains("format the column as Text") == true, "\(text)")
            }
        }
    }

    @Test func aDecimalZeroFractionIsRefused() {
        #expect(problem(CellValues.account("123456789.0"))?.contains("decimal fraction") == true)
        #expect(problem(CellValues.taxCode("0101234567,00"))?.contains("decimal fraction") == true)
        #expect(problem(CellValues.merchantId("42.0"))?.contains("(42)") == true)
        #expect(problem(CellValues.bin("970436.0"))?.contains("decimal fraction") == true)
    }

    @Test func phonesThatLostTheirLeadingZeroAreRefused() throws {
        let reason = problem(CellValues.phone("912345678"))
        #expect(reason?.contains("lost its leading zero (0912345678?)") == true)
        for text in ["312345678", "512345678", "712345678", "812345678", "2213123456"] {
            #expect(problem(CellValues.phone(text))?.contains("lost its leading zero") == true, "\(text)")
        }
        #expect(problem(CellValues.phone("123"))?.contains("not a Vietnamese phone number") == true)
        #expect(try CellValues.phone("+84 912 345 678").get() == "0912345678")
        #expect(try CellValues.phone("0912.345.678").get() == "0912345678")
        #expect(try CellValues.phone("").get() == nil)
        #expect(try CellValues.phone("  ").get() == nil)
    }

    @Test func taxCodesThatLostTheirLeadingZeroAreRefused() throws {
        #expect(problem(CellValues.taxCode("101234567"))?.contains("lost its leading zero (0101234567?)") == true)
        #expect(problem(CellValues.taxCode("101234567001"))?.contains("lost its leading zero") == true)
        #expect(problem(CellValues.taxCode("101234567-001"))?.contains("lost its leading zero") == true)
        #expect(try CellValues.taxCode("0101234567-001").get() == "0101234567001")
        #expect(problem(CellValues.taxCode("12345"))?.contains("not a tax code") == true)
    }

    @Test func accountsAreKeptAsTextUpTo19Digits() throws {
        #expect(try CellValues.account("0011000001").get() == "0011000001")
        // 19 digits, never a Double
        #expect(try CellValues.account("1234567890123456789").get() == "1234567890123456789")
        #expect(try CellValues.account("9704 3612 3456").get() == "970436123456")
        #expect(problem(CellValues.account("12345678901234567890"))?.contains("1–19") == true)
        // The bank's account lengths catch lost zeros.
        #expect(problem(CellValues.account("11000001234", digits: [13]))?.contains("lost leading zeros") == true)
        #expect(problem(CellValues.account("12345678901234", digits: [13]))?.contains("accounts have 13") == true)
        #expect(try CellValues.account("0011000001234", digits: [13]).get() == "0011000001234")
    }

    @Test func ourTextFormulaIsUnwrappedOtherFormulasAreRefused() throws {
        #expect(try CellValues.phone(#"="0912345678""#).get() == "0912345678")
        #expect(try CellValues.account(#"="0011000001""#).get() == "0011000001")
        #expect(try CellValues.taxCode("'0101234567").get() == "0101234567")
        for text in ["=0912345678", "=A1+1", "@SUM(A1)", "+0912345678", "=HYPERLINK(\"x\")", "＝1"] {
            #expect(problem(CellValues.account(text))?.contains("is a formula") == true, "\(text)")
        }
        #expect(problem(CellValues.phone("=0912345678"))?.contains("is a formula") == true)
    }

    @Test func binsAcceptBinsAndBankNames() throws {
        #expect(try CellValues.bin("970405").get() == "970405")
        #expect(try CellValues.bin("Agribank").get() == "970405")
        #expect(try CellValues.bin("VCB").get() == "970436")
        #expect(problem(CellValues.bin("123456"))?.contains("not a BIN or bank code") == true)
    }

    @Test func merchantIds() throws {
        #expect(try CellValues.merchantId("42").get() == 42)
        #expect(problem(CellValues.merchantId("0")) != nil)
        #expect(problem(CellValues.merchantId("-3")) != nil)
        #expect(problem(CellValues.merchantId("99999999999999999999")) != nil)
    }

    @Test func datesInTheProfilesFormats() throws {
        let generic = BankProfile.builtIn(named: "generic")!
        let today = CalendarDay("2025-12-31")!
        #expect(try CellValues.day("05/10/2025", profile: generic, today: today).get() == CalendarDay("2025-10-05"))
        #expect(try CellValues.day("2025-10-05", profile: generic, today: today).get() == CalendarDay("2025-10-05"))
        #expect(try CellValues.day("5/1/2025", profile: generic, today: today).get() == CalendarDay("2025-01-05"))
        #expect(try CellValues.day(" ", profile: generic, today: today).get() == nil)
        #expect(problem(CellValues.day("45934", profile: generic, today: today))?.contains("serial day number") == true)
        #expect(
            problem(CellValues.day("2026-01-01", profile: generic, today: today))?.contains("in the future") == true)
        #expect(
            problem(CellValues.day("31/02/2025", profile: generic, today: today))?.contains(
                "not a date in this profile's formats (yyyy-MM-dd, dd/MM/yyyy, d/M/yyyy)") == true)
    }

    @Test func statusWords() throws {
        let agribank = BankProfile.builtIn(named: "agribank-example")!
        #expect(try CellValues.status("Đã cấp QR", profile: agribank).get() == .registered)
        #expect(try CellValues.status("ĐANG HOẠT ĐỘNG", profile: agribank).get() == .displayed)
        #expect(try CellValues.status("Chưa cấp QR", profile: agribank).get() == nil)
        #expect(try CellValues.status("", profile: agribank).get() == nil)
        #expect(
            problem(CellValues.status("Tạm khóa", profile: agribank))?.contains(
                "not a status word of profile agribank-example") == true)
    }

    @Test func freeTextUndoesOurFormulaNeutralization() {
        #expect(CellValues.text("'=SUM(A1)") == "=SUM(A1)")
        #expect(CellValues.text("'Quán") == "'Quán")
        #expect(CellValues.text("  NGUYEN   VAN  AN ") == "NGUYEN VAN AN")
        #expect(CellValues.text("") == nil)
    }
}
