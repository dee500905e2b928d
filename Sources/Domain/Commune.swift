import VietQR

/// A commune-level unit (xã, phường, đặc khu) of the 2025 administrative map.
public struct Commune: Sendable, Hashable, Codable {
    /// The official 5-digit code, zero-padded text (`11953`).
    public var code: String
    /// The 2-digit province code (`33` for Hưng Yên).
    public var provinceCode: String
    /// The bare name (`Phố Hiến`), without the type prefix.
    public var name: String
    /// `xã`, `phường` or `đặc khu`.
    public var type: String

    public init(code: String, provinceCode: String, name: String, type: String) {
        self.code = code
        self.provinceCode = provinceCode
        self.name = name
        self.type = type
    }

    /// The name with its type, as written on documents: `Phường Phố Hiến`, `Xã Tân Hưng`.
    public var fullName: String {
        let prefix = type.prefix(1).uppercased() + type.dropFirst()
        return "\(prefix) \(name)"
    }
}

/// A province of the 2025 map.
public struct Province: Sendable, Hashable, Codable {
    /// The 2-digit code (`33`).
    public var code: String
    /// The bare name (`Hưng Yên`).
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// A pre-2025 commune and the new unit it became part of (`whole`) or partly (`partial`).
public struct FormerCommune: Sendable, Hashable {
    public var code: String
    /// The former name with its type (`Xã Phương Nam`).
    public var name: String
    public var district: String
    public var province: String
    /// The 2025 commune it merged into.
    public var communeCode: String
    /// True when only part of it went to `communeCode` (it was split).
    public var isPartial: Bool

    public init(code: String, name: String, district: String, province: String, communeCode: String, isPartial: Bool) {
        self.code = code
        self.name = name
        self.district = district
        self.province = province
        self.communeCode = communeCode
        self.isPartial = isPartial
    }
}
