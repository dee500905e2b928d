/// Pure geometry of a sticker in millimetres, scaled from the 70 × 100 mm design.
///
/// From the top: the caption, the QR code in a square that includes its 4-module quiet zone,
/// then the shop name (up to two lines), bank and account, holder, commune, merchant id.
public struct StickerLayout: Sendable, Equatable {
    /// A rectangle in millimetres from the sticker's top-left corner.
    public struct Box: Sendable, Equatable {
        public var x, y, width, height: Double
    }

    /// One text element: where it goes and how large it may be.
    public struct TextStyle: Sendable, Equatable {
        public var box: Box
        /// The font size to try first, in millimetres.
        public var size: Double
        /// The smallest font size text may shrink to before it is cut with an ellipsis.
        public var minimumSize: Double
        /// Lines the text may wrap to.
        public var maxLines: Int
        public var bold: Bool
        /// 1 for black, less for gray.
        public var ink: Double
    }

    /// The design's width in millimetres.
    public static let baseWidth = 70.0
    /// The design's height in millimetres.
    public static let baseHeight = 100.0
    /// The narrowest QR symbol (without quiet zone) a sticker may carry.
    public static let minimumSymbolWidth = 40.0

    /// The factor from the 70 × 100 mm design to this sticker.
    public let scale: Double
    /// The sticker's width in millimetres.
    public var width: Double { Self.baseWidth * scale }
    /// The sticker's height in millimetres.
    public var height: Double { Self.baseHeight * scale }

    /// A layout `width` millimetres wide (height in proportion).
    public init(width: Double = StickerLayout.baseWidth) {
        self.scale = width / Self.baseWidth
    }

    private func box(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> Box {
        Box(x: x * scale, y: y * scale, width: w * scale, height: h * scale)
    }

    private func style(
        _ b: Box, _ size: Double, _ minimum: Double, lines: Int = 1, bold: Bool = false, ink: Double = 1
    ) -> TextStyle {
        TextStyle(box: b, size: size * scale, minimumSize: minimum * scale, maxLines: lines, bold: bold, ink: ink)
    }

    /// The thin rounded outline, inset from the edge.
    public var border: Box { box(1.2, 1.2, 67.6, 97.6) }
    /// The outline's corner radius in millimetres.
    public var borderRadius: Double { 3 * scale }
    /// The QR square, quiet zone included.
    public var qrBox: Box { box(5, 10, 60, 60) }

    /// The call to pay, above the QR code.
    public var caption: TextStyle { style(box(4, 3.2, 62, 6.4), 4.6, 3, bold: true) }
    /// The shop's name, under the QR code; up to two lines.
    public var shopName: TextStyle { style(box(4, 70.4, 62, 11.4), 5.0, 3.0, lines: 2, bold: true) }
    /// The bank's name and the grouped account number.
    public var bankAccount: TextStyle { style(box(4, 82, 62, 4.8), 3.9, 2.6) }
    /// The account holder's name.
    public var holder: TextStyle { style(box(4, 86.8, 62, 4.4), 3.5, 2.4) }
    /// The commune, in gray.
    public var commune: TextStyle { style(box(4, 91.2, 62, 4.2), 3.3, 2.2, ink: 0.85) }
    /// The merchant id, small and light, for tracking.
    public var merchantID: TextStyle { style(box(4, 95.4, 62, 3.2), 2.4, 1.8, ink: 0.6) }

    /// The module side and the symbol width for a QR code `modules` wide, with a 4-module
    /// quiet zone on each side inside ``qrBox``.
    public func module(forSymbolOf modules: Int) -> Double { qrBox.width / Double(modules + 8) }

    /// The printed width of the symbol, quiet zone excluded.
    public func symbolWidth(forSymbolOf modules: Int) -> Double { module(forSymbolOf: modules) * Double(modules) }

    /// Refuses a scale at which a QR code `modules` wide would print narrower than 40 mm:
    /// throws ``QRRenderError/invalidOption(_:)`` naming the smallest sticker width that fits.
    public func checkSymbolWidth(modules: Int) throws(QRRenderError) {
        let width = symbolWidth(forSymbolOf: modules)
        guard width + 1e-9 >= Self.minimumSymbolWidth else {
            let needed = Self.baseWidth * Self.minimumSymbolWidth / (width / scale)
            throw .invalidOption(
                "a \(Self.format(self.width)) mm sticker prints this QR code \(Self.format(width)) mm wide; "
                    + "it must be at least 40 mm (stickers at least \(Self.format(needed.rounded(.up))) mm wide)")
        }
    }

    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : "\(tenths / 10)"
    }
}
