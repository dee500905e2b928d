import Foundation
import Testing
import VietQR

/// Reads QR codes with zbarimg (QR symbology only) and rasterizes PDFs with pdftoppm.
enum QRDecoding {
    static func zbar(_ path: String) throws -> [String] {
        try tool("/usr/bin/zbarimg", ["--raw", "-q", "--nodbus", "-Sdisable", "-Sqrcode.enable", path])
            .split(separator: "\n").map(String.init)
    }

    /// The pages of a PDF as PNG paths, in page order.
    static func pages(_ pdf: String, in folder: URL) throws -> [String] {
        _ = try tool("/usr/bin/pdftoppm", ["-png", "-r", "150", pdf, folder.appendingPathComponent("page").path])
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("page") }.sorted()
            .map { folder.appendingPathComponent($0).path }
    }

    private static func tool(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("qrcov qr")
struct QRCommandTests {
    static let payload = (try? VietQRPayload(bin: "970436", account: "0011004299999").encoded()) ?? ""

    @Test("renders a payload to a PNG that scans back to it, at every EC level")
    func single() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for level in ["L", "M", "q", "H"] {
            let result = try QRCovProcess.run(
                ["qr", Self.payload, "--ec", level, "--output", "qr-\(level).png"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try QRDecoding.zbar(dir.appendingPathComponent("qr-\(level).png").path) == [Self.payload])
        }
    }

    @Test("reads the payload from stdin and writes the PNG to stdout")
    func pipes() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try QRCovProcess.run(
            ["qr", "-", "--output", "-", "--depth", "8"], stdin: Self.payload + "\n", in: dir)
        #expect(result.status == 0)
        #expect(result.stdoutData.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let path = dir.appendingPathComponent("out.png")
        try result.stdoutData.write(to: path)
        #expect(try QRDecoding.zbar(path.path) == [Self.payload])
    }

    @Test("an invalid VietQR payload is refused with the reason; --raw encodes any text")
    func validation() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = String(Self.payload.dropLast()) + (Self.payload.hasSuffix("0") ? "1" : "0")
        let refused = try QRCovProcess.run(["qr", broken, "--output", "bad.png"], in: dir)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("invalid VietQR payload") && refused.stderr.contains("--raw"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.png").path))
        let raw = try QRCovProcess.run(["qr", "--raw", "Hello, qrcov!", "--output", "raw.png"], in: dir)
        #expect(raw.status == 0)
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("raw.png").path) == ["Hello, qrcov!"])
    }

    @Test("bad input: too long for the level, unwritable path, narrow margin; no file left")
    func badInput() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "A", count: 1300)
        let tooLong = try QRCovProcess.run(["qr", "--raw", long, "--ec", "H", "--output", "long.png"], in: dir)
        #expect(tooLong.status == 65)
        #expect(tooLong.stderr.contains("1300 bytes") && tooLong.stderr.contains("at most 1273"))
        let unwritable = try QRCovProcess.run(["qr", Self.payload, "--output", "no/such/dir/qr.png"], in: dir)
        #expect(unwritable.status == 73)
        #expect(unwritable.stderr.contains("no/such/dir/qr.png"))
        let narrow = try QRCovProcess.run(["qr", Self.payload, "--margin", "2", "--output", "narrow.png"], in: dir)
        #expect(narrow.status == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let forced = try QRCovProcess.run(
            ["qr", Self.payload, "--margin", "2", "--force-margin", "--output", "narrow.png"], in: dir)
        #expect(forced.status == 0)
    }

    @Test("--from renders one PNG per line, named by zero-padded line number")
    func fromFile() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let payloads = try (0..<11).map { try VietQRPayload(bin: "970415", account: String(100_000 + $0)).encoded() }
        var lines = payloads
        lines.insert("", at: 4)
        try (lines.joined(separator: "\n") + "\n").write(
            to: dir.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let result = try QRCovProcess.run(["qr", "--from", "list.txt", "--output-dir", "out"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote 11 QR PNGs"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
        #expect(files.count == 11 && files.first == "01.png" && !files.contains("05.png") && files.last == "12.png")
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("out/12.png").path) == [payloads[10]])
        #expect(try QRDecoding.zbar(dir.appendingPathComponent("out/06.png").path) == [payloads[4]])
    }

    @Test("--from with an invalid line names it and writes nothing")
    func fromFileInvalid() throws {
        let dir = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "\(Self.payload)\nnot a payload\n".write(
            to: dir.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let result = try QRCovProcess.run(["qr", "--from", "list.txt", "--output-dir", "out"], in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("list.txt:2:"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let missing = try QRCovProcess.run(["qr", "--from", "nope.txt", "--output-dir", "out"], in: dir)
        #expect(missing.status == 66)
    }
}
