import Foundation
import Testing
import VietQR

@testable import QRRender

/// Rasterizes PDF pages with pdftoppm, as a print shop's RIP would.
enum Poppler {
    static func pages(_ pdf: String, first: Int, last: Int, dpi: Int = 150) throws -> [String] {
        let prefix = NSTemporaryDirectory() + "qrrender-page-\(UUID().uuidString)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-png", "-r", String(dpi), "-f", String(first), "-l", String(last), pdf, prefix]
        try process.run()
        process.waitUntilExit()
        let folder = (prefix as NSString).deletingLastPathComponent
        let name = (prefix as NSString).lastPathComponent
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(name) }.sorted()
            .map { folder + "/" + $0 }
    }
}

@Suite("Stickers and sheets")
struct StickerTests {
    static let hang = StickerSpec(
        merchantID: "HY-00123", shopName: "Tạp hóa Bà Hằng", holder: "NGUYEN THI HANG", bin: "970436",
        account: "0011004299999", commune: "Xã Nghĩa Trụ")

    static func specs(_ count: Int) -> [StickerSpec] {
        (0..<count).map {
            StickerSpec(
                merchantID: "HY-\(10_000 + $0)", shopName: "Quán phở Đức Ấn \($0)", holder: "LE VAN AN",
                bin: ["970436", "970415", "970418"][$0 % 3], account: String(1_000_000_000 + $0 * 7919),
                commune: "Phường Mỹ Hào")
        }
    }

    @Test("a sticker PNG decodes to the static VietQR payload for the account", arguments: ECLevel.allCases)
    func stickerPNG(level: ECLevel) throws {
        let renderer = try StickerRenderer(fonts: StickerFonts(), dpi: 200, level: level)
        let path = try Zbar.temporaryFile(try renderer.withPNG(for: Self.hang) { Array($0) })
        defer { try? FileManager.default.removeItem(atPath: path) }
        let payload = try Self.hang.payload()
        #expect(try Zbar.decode(path) == [payload])
        let decoded = try VietQRDecoder.decode(payload)
        #expect(decoded.payload.bin == "970436" && decoded.payload.account == "0011004299999")
        #expect(decoded.payload.initiation == .staticQR)
    }

    @Test("a sticker PDF (vector QR) decodes once rasterized")
    func stickerPDF() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try StickerRenderer(fonts: StickerFonts()).write(Self.hang, to: folder + "/s.pdf")
        let pages = try Poppler.pages(folder + "/s.pdf", first: 1, last: 1)
        defer { for page in pages { try? FileManager.default.removeItem(atPath: page) } }
        #expect(pages.count == 1)
        #expect(try Zbar.decode(pages[0]) == [try Self.hang.payload()])
    }

    @Test("the QR code is at least 40 mm wide; too small a sticker is refused")
    func minimumWidth() throws {
        let matrix = try QRMatrix(encoding: try Self.hang.payload())
        #expect(StickerLayout().symbolWidth(forSymbolOf: matrix.size) >= 40)
        let small = StickerLayout(width: 50)
        #expect(throws: QRRenderError.self) { try small.checkSymbolWidth(modules: matrix.size) }
        #expect(throws: QRRenderError.self) {
            try StickerRenderer(fonts: StickerFonts(), layout: small).matrix(for: Self.hang)
        }
    }

    @Test("a missing font is an error naming the package; nothing is written")
    func missingFont() throws {
        #expect(throws: QRRenderError.fontMissing(path: "/nonexistent/DejaVuSans.ttf")) {
            try StickerFonts(regular: "/nonexistent/DejaVuSans.ttf")
        }
        #expect(QRRenderError.fontMissing(path: "x").description.contains("fonts-dejavu-core"))
    }

    @Test("a file that is no font (garbage bytes, empty, truncated) is said to be no usable font, not missing")
    func corruptFont() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qrcov-font-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dejaVu = try Data(contentsOf: URL(fileURLWithPath: StickerFonts.defaultRegular))
        let files: [(String, Data)] = [
            ("garbage.ttf", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })),
            ("empty.ttf", Data()), ("truncated.ttf", dejaVu.prefix(12)),
        ]
        for (name, bytes) in files {
            let path = folder.appendingPathComponent(name).path
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect {
                try StickerFonts(regular: path)
            } throws: { error in
                guard case .fontUnusable(path, _) = error as? QRRenderError else { return false }
                return "\(error)".hasPrefix("\(path) is not a usable font file")
            }
        }
    }

    @Test("an invalid account is refused with the merchant and the field")
    func invalidAccount() throws {
        var spec = Self.hang
        spec.account = "12 34"
        let renderer = try StickerRenderer(fonts: StickerFonts())
        #expect {
            try renderer.matrix(for: spec)
        } throws: { error in
            guard case .invalidPayload(let message) = error as? QRRenderError else { return false }
            return message.contains("HY-00123")
        }
    }

    @Test("an unwritable PDF path fails and leaves nothing behind")
    func unwritablePDF() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: QRRenderError.self) {
            try StickerRenderer(fonts: StickerFonts()).write(Self.hang, to: folder + "/missing/s.pdf")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("sheet grids: the largest scale that fits, never above full size, centred")
    func sheetLayout() throws {
        let four = try SheetLayout(perPage: 4)
        #expect(four.columns == 2 && four.rows == 2 && four.sticker.scale == 1)
        let nine = try SheetLayout(perPage: 9)
        #expect(nine.columns == 3 && nine.rows == 3 && nine.sticker.scale < 1)
        for layout in [four, nine, try SheetLayout(perPage: 6)] {
            for index in 0..<layout.perPage {
                let slot = layout.slot(index)
                #expect(slot.page == 1)
                #expect(
                    slot.x >= SheetLayout.pageMargin - 1e-9
                        && slot.x + layout.sticker.width <= SheetLayout.pageWidth - SheetLayout.pageMargin + 1e-9)
                #expect(
                    slot.y >= SheetLayout.pageMargin - 1e-9
                        && slot.y + layout.sticker.height <= SheetLayout.pageHeight - SheetLayout.pageMargin + 1e-9)
            }
            #expect(layout.slot(layout.perPage).page == 2)
            #expect(layout.slot(layout.perPage).row == 1 && layout.slot(layout.perPage).column == 1)
        }
        #expect(throws: QRRenderError.self) { try SheetLayout(perPage: 0) }
    }

    @Test("every sticker on every sheet page decodes, and the manifest says where it is")
    func batchSheet() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let specs = Self.specs(10)
        var options = StickerBatch.Options(outputDir: folder)
        options.sheetPath = folder + "/sheet.pdf"
        options.perPage = 6
        options.workers = 2
        let report = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(report.failures.isEmpty && report.sheetWritten && report.sheetPages == 2 && report.pngsWritten == 10)

        let pages = try Poppler.pages(folder + "/sheet.pdf", first: 1, last: 2)
        defer { for page in pages { try? FileManager.default.removeItem(atPath: page) } }
        #expect(pages.count == 2)
        let onPages = try pages.map { Set(try Zbar.decode($0)) }
        #expect(onPages[0] == Set(try specs[0..<6].map { try $0.payload() }))
        #expect(onPages[1] == Set(try specs[6..<10].map { try $0.payload() }))
        for spec in specs { #expect(try Zbar.decode(folder + "/\(spec.merchantID).png") == [try spec.payload()]) }

        let manifest = try String(contentsOfFile: folder + "/manifest.csv", encoding: .utf8)
        let lines = manifest.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "merchant_id,name,file,page,row,column")
        #expect(lines[1] == "HY-10000,Quán phở Đức Ấn 0,HY-10000.png,1,1,1")
        #expect(lines[8] == "HY-10007,Quán phở Đức Ấn 7,HY-10007.png,2,1,2")
        #expect(lines.count == 11)
    }

    @Test("a re-run redraws only what changed; force redraws everything")
    func incremental() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var specs = Self.specs(5)
        var options = StickerBatch.Options(outputDir: folder)
        options.sheetPath = folder + "/sheet.pdf"
        let first = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(first.pngsWritten == 5 && first.sheetWritten)
        let untouched = folder + "/HY-10000.png"
        let stamp = try FileManager.default.attributesOfItem(atPath: untouched)[.modificationDate] as? Date

        let again = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(again.pngsWritten == 0 && again.pngsUnchanged == 5 && !again.sheetWritten)
        #expect(again.placements.map(\.slot) == first.placements.map(\.slot))

        specs[3].shopName = "Tạp hóa Bà Hằng"
        let changed = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(changed.pngsWritten == 1 && changed.pngsUnchanged == 4 && changed.sheetWritten)
        #expect(try FileManager.default.attributesOfItem(atPath: untouched)[.modificationDate] as? Date == stamp)

        try FileManager.default.removeItem(atPath: folder + "/HY-10001.png")
        let repaired = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(repaired.pngsWritten == 1 && !repaired.sheetWritten)

        options.force = true
        let forced = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(forced.pngsWritten == 5 && forced.sheetWritten)
    }

    @Test("merchants whose ids collide as file names are refused before anything is written")
    func collidingNames() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var specs = Self.specs(2)
        specs[0].merchantID = "A/1"
        specs[1].merchantID = "A_1"
        #expect(throws: QRRenderError.self) {
            try StickerBatch(specs: specs, fonts: StickerFonts(), options: .init(outputDir: folder)).run()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a sticker that cannot be made is reported; the others are still made")
    func partialFailure() throws {
        let folder = try Zbar.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var specs = Self.specs(3)
        specs[1].account = "bad account!"
        var options = StickerBatch.Options(outputDir: folder)
        options.sheetPath = folder + "/sheet.pdf"
        let report = try StickerBatch(specs: specs, fonts: StickerFonts(), options: options).run()
        #expect(report.failures.map(\.merchantID) == ["HY-10001"])
        #expect(report.placements.map(\.merchantID) == ["HY-10000", "HY-10002"])
        #expect(report.placements.map { $0.slot?.column } == [1, 2])
        #expect(!FileManager.default.fileExists(atPath: folder + "/HY-10001.png"))
    }
}
