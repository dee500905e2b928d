import ArgumentParser
import Foundation
import QRRender
import VietQR

/// `qrcov sticker`: one printable shop sticker, without any database.
struct StickerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sticker",
        abstract: "Make one printable VietQR sticker for a shop (PNG or PDF).",
        discussion: """
            The sticker reads "QUÉT MÃ ĐỂ THANH TOÁN" above the QR code (a static VietQR for \
            transfers to the account), then the shop name, bank and account number, holder, \
            commune and merchant id, in DejaVu Sans (Debian package fonts-dejavu-core). It is \
            70 × 100 mm by default; the QR code is never printed narrower than 40 mm. The format \
            follows the extension: .pdf is vector, anything else a grayscale PNG at --dpi.
            """
    )

    @Option(help: "The bank's 6-digit acquirer BIN (see `qrcov banks`).")
    var bin: String?

    @Option(help: "The bank by code or short name instead of --bin, e.g. VCB.")
    var bank: String?

    @Option(help: "The account number.")
    var account: String

    @Option(help: "The shop's name, with its diacritics.")
    var name: String

    @Option(help: "The account holder's name.")
    var holder: String = ""

    @Option(help: "The commune (xã / phường) name.")
    var commune: String = ""

    @Option(help: "The merchant id printed small for tracking (none by default).")
    var merchantId: String = ""

    @Option(name: .shortAndLong, help: "Output file: .png or .pdf.")
    var output: String

    @OptionGroup var look: StickerLookOptions

    func validate() throws {
        if (bin == nil) == (bank == nil) { throw ValidationError("Give exactly one of --bin or --bank.") }
    }

    func run() throws {
        try OutputCheck.check([output], registry: DatabaseOptions.defaultPath, inputs: look.fontFiles)
        let resolvedBIN = try BankOptions.resolveBIN(bin: bin, bank: bank)
        let spec = StickerSpec(
            merchantID: merchantId, shopName: name, holder: holder, bin: resolvedBIN, account: account, commune: commune
        )
        let renderer = try look.renderer()
        do {
            try renderer.write(spec, to: output)
        } catch {
            throw CLIError(error)
        }
    }
}

/// Options shared by `sticker` and `stickers`: size, resolution, EC level and font.
struct StickerLookOptions: ParsableArguments {
    @Option(help: "Sticker width in mm (height in proportion, 70 × 100 by default).")
    var widthMm: Double = StickerLayout.baseWidth

    @Option(help: "PNG resolution in dots per inch.")
    var dpi: Int = 300

    @Option(help: "Error-correction level: L, M, Q or H.")
    var ec: ECLevel = .M

    @Option(help: "A TrueType font with Vietnamese coverage (default: DejaVu Sans; env QRCOV_FONT).")
    var font: String?

    @Option(help: "The bold font (default: DejaVu Sans Bold, or --font when given).")
    var boldFont: String?

    /// The fonts: the options, else `QRCOV_FONT`, else DejaVu Sans.
    func fonts() throws(QRRenderError) -> StickerFonts {
        try StickerFonts(regular: regularFont, bold: boldFont)
    }

    /// The font files named by the options or `QRCOV_FONT`: inputs no output may overwrite.
    var fontFiles: [String?] { [regularFont, boldFont] }

    private var regularFont: String? {
        font ?? ProcessInfo.processInfo.environment["QRCOV_FONT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func layout() throws(QRRenderError) -> StickerLayout {
        guard widthMm.isFinite, (20...500).contains(widthMm) else {
            throw .invalidOption("sticker width must be 20…500 mm, got \(widthMm)")
        }
        return StickerLayout(width: widthMm)
    }

    func renderer() throws -> StickerRenderer {
        do {
            return try StickerRenderer(fonts: fonts(), layout: layout(), dpi: dpi, level: ec)
        } catch {
            throw CLIError(error)
        }
    }
}
