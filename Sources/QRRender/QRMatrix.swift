import CQREncode

#if canImport(Glibc)
    import Glibc
#endif

/// QR error-correction level: the share of the symbol that can be damaged and still read.
public enum ECLevel: String, CaseIterable, Sendable, Codable {
    /// About 7% recoverable.
    case L
    /// About 15% recoverable (the default).
    case M
    /// About 25% recoverable.
    case Q
    /// About 30% recoverable.
    case H

    /// Bytes a version-40 symbol holds in 8-bit mode at this level (ISO/IEC 18004 table 7).
    public var maximumBytes: Int {
        switch self {
        case .L: 2953
        case .M: 2331
        case .Q: 1663
        case .H: 1273
        }
    }

    var qrencodeLevel: QRecLevel {
        switch self {
        case .L: QR_ECLEVEL_L
        case .M: QR_ECLEVEL_M
        case .Q: QR_ECLEVEL_Q
        case .H: QR_ECLEVEL_H
        }
    }
}

/// A QR symbol as a square of dark and light modules, without quiet zone.
///
/// Encoded by libqrencode in 8-bit mode (the payload's UTF-8 bytes as they are), with the
/// smallest version that fits at the chosen error-correction level.
public struct QRMatrix: Sendable, Equatable {
    /// Modules per side (21 for version 1, up to 177 for version 40).
    public let size: Int
    /// The QR version, 1…40.
    public let version: Int
    /// The error-correction level the symbol was encoded at.
    public let level: ECLevel
    /// Row-major modules, `true` for dark.
    public let modules: [Bool]

    /// Encodes `payload` (its UTF-8 bytes) at error-correction `level`.
    ///
    /// Throws ``QRRenderError/encodingFailed(_:)`` for an empty payload (or when libqrencode
    /// fails), ``QRRenderError/payloadTooLong(bytes:level:maximum:)`` when no version holds it.
    public init(encoding payload: String, level: ECLevel = .M) throws(QRRenderError) {
        var bytes = Array(payload.utf8)
        try self.init(encodingBytes: &bytes, level: level)
    }

    /// Encodes raw bytes in 8-bit mode at error-correction `level`; throws as the string
    /// initializer does.
    public init(encoding bytes: [UInt8], level: ECLevel = .M) throws(QRRenderError) {
        var bytes = bytes
        try self.init(encodingBytes: &bytes, level: level)
    }

    private init(encodingBytes bytes: inout [UInt8], level: ECLevel) throws(QRRenderError) {
        guard !bytes.isEmpty else { throw .encodingFailed("the payload is empty") }
        guard bytes.count <= level.maximumBytes else {
            throw .payloadTooLong(bytes: bytes.count, level: level, maximum: level.maximumBytes)
        }
        let count = Int32(bytes.count)
        let code = bytes.withUnsafeBufferPointer { QRcode_encodeData(count, $0.baseAddress, 0, level.qrencodeLevel) }
        guard let code else {
            if errno == ERANGE { throw .payloadTooLong(bytes: bytes.count, level: level, maximum: level.maximumBytes) }
            throw .encodingFailed(String(cString: strerror(errno)))
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.size = width
        self.version = Int(code.pointee.version)
        self.level = level
        self.modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }
}
