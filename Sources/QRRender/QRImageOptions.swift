/// How a bare QR code becomes pixels: module size, quiet zone, print resolution, pixel depth.
public struct QRImageOptions: Sendable, Equatable {
    /// Pixel depth of the PNG: bilevel images are smaller and faster; 8-bit grayscale suits
    /// tools that cannot read 1-bit PNGs.
    public enum Depth: Int, Sendable, CaseIterable {
        case oneBit = 1
        case eightBit = 8
    }

    /// Pixels per module side.
    public var modulePixels: Int
    /// Quiet zone width in modules on every side.
    public var margin: Int
    /// Print resolution written to the pHYs chunk, in dots per inch.
    public var dpi: Int
    /// PNG pixel depth.
    public var depth: Depth
    /// Error-correction level.
    public var level: ECLevel

    /// Options as given; ``validate(allowingSmallMargin:)`` checks them.
    public init(modulePixels: Int = 10, margin: Int = 4, dpi: Int = 300, depth: Depth = .oneBit, level: ECLevel = .M) {
        self.modulePixels = modulePixels
        self.margin = margin
        self.dpi = dpi
        self.depth = depth
        self.level = level
    }

    /// Checks the ranges: module size 1…100 pixels, margin 0…100 modules, 1…10000 dpi.
    ///
    /// Throws ``QRRenderError/invalidOption(_:)`` naming the option out of range, or
    /// ``QRRenderError/marginTooSmall(_:)`` for a quiet zone under 4 modules unless `forced`.
    public func validate(allowingSmallMargin forced: Bool = false) throws(QRRenderError) {
        guard (1...100).contains(modulePixels) else {
            throw .invalidOption("module size must be 1…100 pixels, got \(modulePixels)")
        }
        guard (0...100).contains(margin) else { throw .invalidOption("margin must be 0…100 modules, got \(margin)") }
        guard margin >= 4 || forced else { throw .marginTooSmall(margin) }
        guard (1...10_000).contains(dpi) else { throw .invalidOption("dpi must be 1…10000, got \(dpi)") }
    }

    /// Pixels per metre for the pHYs chunk (1 inch = 0.0254 m), rounded.
    public var pixelsPerMetre: UInt32 { UInt32((Double(dpi) / 0.0254).rounded()) }
}
