import Foundation
import Testing

@Suite("qrcov payload, decode, banks")
struct PayloadCLITests {
    @Test("payload prints exactly the payload and a newline")
    func payloadContract() throws {
        let result = try QRCovProcess.run(["payload", "--bin", "970436", "--account", "0123456789"])
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A15\n")
        #expect(result.stderr.isEmpty)
    }

    @Test("--bank names the bank by code instead of --bin")
    func bankByCode() throws {
        let byCode = try QRCovProcess.run(["payload", "--bank", "VCB", "--account", "0123456789"])
        let byBIN = try QRCovProcess.run(["payload", "--bin", "970436", "--account", "0123456789"])
        #expect(byCode.status == 0)
        #expect(byCode.stdout == byBIN.stdout)
    }

    @Test("all options end up in the payload and decode back")
    func allOptions() throws {
        let built = try QRCovProcess.run([
            "payload", "--bank", "vietinbank", "--account", "9704151234567890", "--card", "--amount", "250000",
            "--purpose", "Tiền hàng tháng 10", "--dynamic", "--merchant-name", "Tạp hóa Bà Hằng",
            "--merchant-city", "Hưng Yên", "--alt-name", "Tạp hóa Bà Hằng",
        ])
        #expect(built.status == 0)
        let payload = built.stdout.trimmingCharacters(in: .newlines)
        #expect(payload.hasPrefix("000201010212"))
        let decoded = try QRCovProcess.run(["decode", "--format", "json", payload])
        #expect(decoded.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: decoded.stdoutData) as? [String: Any])
        #expect(json["bin"] as? String == "970415")
        #expect(json["service"] as? String == "QRIBFTTC")
        #expect(json["initiation"] as? String == "dynamic")
        #expect(json["amount"] as? Int == 250_000)
        #expect(json["purpose"] as? String == "Tien hang thang 10")
        #expect(json["merchant_name"] as? String == "Tap hoa Ba Hang")
        #expect(json["merchant_city"] as? String == "Hung Yen")
        #expect((json["alternate_language"] as? [String: Any])?["merchantName"] as? String == "Tạp hóa Bà Hằng")
        #expect((json["bank"] as? [String: Any])?["short_name"] as? String == "VietinBank")
    }

    @Test("too-long text exits 65 naming the field and limit; --truncate cuts it")
    func tooLong() throws {
        let name = "Cửa hàng Tạp hóa Tổng hợp Bà Hằng Phố Hiến"
        let refused = try QRCovProcess.run(["payload", "--bin", "970436", "--account", "1", "--merchant-name", name])
        #expect(refused.status == 65)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("tag 59 (merchant name)"))
        #expect(refused.stderr.contains("the limit is 25"))
        let cut = try QRCovProcess.run([
            "payload", "--bin", "970436", "--account", "1", "--merchant-name", name, "--truncate",
        ])
        #expect(cut.status == 0)
        #expect(cut.stdout.contains("5925Cua hang Tap hoa Tong hop"))
    }

    @Test(
        "usage errors exit 64",
        arguments: [
            ["payload", "--account", "1"],
            ["payload", "--bin", "970436", "--bank", "VCB", "--account", "1"],
            ["payload", "--bank", "Nowhere Bank", "--account", "1"],
            ["payload", "--bin", "970436"],
            ["decode"],
        ])
    func usage(arguments: [String]) throws {
        let result = try QRCovProcess.run(arguments)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
    }

    @Test("an unknown but well-formed BIN builds, with a warning on stderr")
    func unknownBIN() throws {
        let result = try QRCovProcess.run(["payload", "--bin", "999999", "--account", "1"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("BIN 999999 is not in the bank directory"))
    }

    @Test("decode shows the fields as a table with the bank")
    func decodeTable() throws {
        let result = try QRCovProcess.run([
            "decode", "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A15",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("970436 (Vietcombank)"))
        #expect(result.stdout.contains("0123456789"))
        #expect(result.stdout.contains("6A15 (valid)"))
        #expect(result.stdout.contains("Ngân hàng TMCP Ngoại Thương Việt Nam"))
    }

    @Test("decode of an invalid payload exits 65 with the rule on stderr")
    func decodeInvalid() throws {
        let result = try QRCovProcess.run([
            "decode", "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A16",
        ])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("tag 63 (CRC): is 6A16 but the data gives 6A15"))
    }

    @Test("decode - reads one payload a line, reports bad lines by number, exits 65 if any")
    func decodeStdin() throws {
        let good = "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A15"
        let result = try QRCovProcess.run(
            ["decode", "-", "--format", "json"], stdin: "\(good)\n\nnot a payload\r\n\(good)\r\n")
        #expect(result.status == 65)
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(result.stderr.contains("stdin:3: invalid payload"))
        let clean = try QRCovProcess.run(["decode", "-", "--format", "json"], stdin: good + "\n")
        #expect(clean.status == 0)
    }

    @Test("banks lists the directory as table, CSV or JSON and filters by name")
    func banks() throws {
        let table = try QRCovProcess.run(["banks"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("970436  VCB"))
        let csv = try QRCovProcess.run(["banks", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("BIN,Code,Short name,Name,SWIFT\r\n"))
        #expect(csv.stdout.components(separatedBy: "\r\n").count == 72)
        let json = try QRCovProcess.run(["banks", "--format", "json", "ngoai thuong"])
        let rows = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: String]])
        #expect(rows.map { $0["bin"] } == ["970436"])
    }

    @Test("no colour escape codes when stdout is not a terminal")
    func noColourInPipes() throws {
        let result = try QRCovProcess.run(["banks"], environment: ["TERM": "xterm-256color"])
        #expect(!result.stdout.contains("\u{1B}["))
    }
}
