import Foundation
import Testing
import VietQR

@Suite("qrcov sticker and stickers")
struct QRStickerCommandTests {
    static let payload = (try? VietQRPayload(bin: "970436", account: "0011004299999").encoded()) ?? ""
    static let sticker = [
        "sticker", "--bank", "VCB", "--account", "0011004299999", "--name", "Tạp hóa Bà Hằng",
        "--holder", "NGUYEN THI HANG", "--commune", "Xã Nghĩa Trụ", "--merchant-id", "42",
    ]

    @Test("a single sticker, PNG and PDF, scans to the shop's static VietQR")
    func single() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in ["s.png", "s.pdf"] {
            let result = try QRCovProcess.run(Self.sticker + ["--output", file], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("s.png").path) == [Self.payload])
        let pages = try QRDecoding.pages(dir.appendingPathComponent("s.pdf").path, in: dir)
        #expect(pages.count == 1)
        #expect(try QRDecoding.zbar(pages[0]) == [Self.payload])
    }

    @Test("a missing font or an unwritable path: clear error, exit code, no file")
    func badInput() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let font = try QRCovProcess.run(
            Self.sticker + ["--output", "s.png"], environment: ["QRCOV_FONT": "/nonexistent/font.ttf"], in: dir)
        #expect(font.status == 66)
        #expect(font.stderr.contains("/nonexistent/font.ttf") && font.stderr.contains("fonts-dejavu-core"))
        let option = try QRCovProcess.run(
            Self.sticker + ["--font", "/nonexistent/other.ttf", "--output", "s.pdf"], in: dir)
        #expect(option.status == 66)
        let unwritable = try QRCovProcess.run(Self.sticker + ["--output", "missing/s.pdf"], in: dir)
        #expect(unwritable.status == 73)
        #expect(unwritable.stderr.contains("missing/s.pdf"))
        let small = try QRCovProcess.run(Self.sticker + ["--width-mm", "45", "--output", "s.png"], in: dir)
        #expect(small.status == 64)
        #expect(small.stderr.contains("40 mm"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a corrupt font file is no usable font, not a missing one (exit 66), for sticker and stickers alike")
    func corruptFont() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(
            to: dir.appendingPathComponent("broken.ttf"))
        try "merchant_id,shop_name,holder,bin,account,commune\n1,A,B,970415,123,X\n".write(
            to: dir.appendingPathComponent("shops.csv"), atomically: true, encoding: .utf8)
        for arguments in [
            Self.sticker + ["--font", "broken.ttf", "--output", "s.png"],
            ["stickers", "--from", "shops.csv", "--output-dir", "out", "--font", "broken.ttf"],
        ] {
            let result = try QRCovProcess.run(arguments, in: dir)
            #expect(result.status == 66, "\(result.stderr)")
            #expect(result.stderr.contains("broken.ttf is not a usable font file"), "\(result.stderr)")
            #expect(!result.stderr.contains("not found"))
        }
        let env = try QRCovProcess.run(
            Self.sticker + ["--output", "s.pdf"], environment: ["QRCOV_FONT": "broken.ttf"], in: dir)
        #expect(env.status == 66 && env.stderr.contains("broken.ttf is not a usable font file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["broken.ttf", "shops.csv"])
    }

    @Test("stickers --from: PNGs, a sheet whose every sticker scans, a manifest; re-runs skip work")
    func batchFromCSV() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "merchant_id,shop_name,holder,bin,account,commune\n"
        for index in 0..<6 {
            csv += "HY-\(index),\"Quán phở Đức Ấn, số \(index)\",LE VAN AN,970415,\(5_000_000 + index),Xã Nghĩa Trụ\n"
        }
        try csv.write(to: dir.appendingPathComponent("shops.csv"), atomically: true, encoding: .utf8)
        let arguments = [
            "stickers", "--from", "shops.csv", "--output-dir", "out", "--sheet", "sheet.pdf", "--per-page", "6",
        ]
        let first = try QRCovProcess.run(arguments, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("6 stickers, 6 PNGs written, 0 unchanged, sheet sheet.pdf (1 pages)"))
        let payloads = try (0..<6).map { try VietQRPayload(bin: "970415", account: String(5_000_000 + $0)).encoded() }
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("out/HY-3.png").path) == [payloads[3]])
        let pages = try QRDecoding.pages(dir.appendingPathComponent("sheet.pdf").path, in: dir)
        #expect(pages.count == 1)
        #expect(Set(try QRDecoding.zbar(pages[0])) == Set(payloads))
        let manifest = try String(contentsOf: dir.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        #expect(manifest.contains("HY-4,\"Quán phở Đức Ấn, số 4\",HY-4.png,1,3,1"))

        let again = try QRCovProcess.run(arguments, in: dir)
        #expect(again.stderr.contains("0 PNGs written, 6 unchanged, sheet sheet.pdf unchanged"))
        let forced = try QRCovProcess.run(arguments + ["--force"], in: dir)
        #expect(forced.stderr.contains("6 PNGs written, 0 unchanged, sheet sheet.pdf (1 pages)"))
    }

    @Test("stickers --from: a bad row is named with its line and nothing is written")
    func batchBadRow() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "merchant_id,shop_name,holder,bin,account,commune\n1,A,B,970415,123,X\n2,C,D,970415,12 3,X\n"
            .write(to: dir.appendingPathComponent("shops.csv"), atomically: true, encoding: .utf8)
        let result = try QRCovProcess.run(["stickers", "--from", "shops.csv", "--output-dir", "out"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("shops.csv:3:"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("stickers --commune: the registry's merchants needing a sticker; those without an account listed")
    func batchFromRegistry() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["QRCOV_DB": dir.appendingPathComponent("r.sqlite").path]
        #expect(try QRCovProcess.run(["init", "--province", "33"], environment: env, in: dir).status == 0)
        let add = { (extra: [String]) throws -> String in
            let result = try QRCovProcess.run(
                ["merchant", "add", "--commune", "11953"] + extra, environment: env, in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let hang = try add([
            "--name", "Tạp hóa Bà Hằng", "--bin", "VCB", "--account", "0011004299999", "--holder", "NGUYEN THI HANG",
        ])
        let noAccount = try add(["--name", "Sửa xe Tuấn"])
        let shown = try add(["--name", "Quán phở Đức Ấn", "--bin", "970415", "--account", "123456789"])
        #expect(try QRCovProcess.run(["mark", shown, "displayed"], environment: env, in: dir).status == 0)

        let result = try QRCovProcess.run(
            ["stickers", "--commune", "11953", "--output-dir", "out", "--sheet", "out/sheet.pdf"], environment: env,
            in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("skipped 1 merchant(s) without a bank account")
                && result.stderr.contains("\(noAccount)  Sửa xe Tuấn"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter {
            $0.hasSuffix(".png")
        }
        #expect(files == ["\(hang).png"])
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("out/\(hang).png").path) == [Self.payload])
        let manifest = try String(contentsOf: dir.appendingPathComponent("out/manifest.csv"), encoding: .utf8)
        #expect(manifest.contains("\(hang),Tạp hóa Bà Hằng,\(hang).png,1,1,1"))
    }
}
