import Synchronization
import VietQR

/// Why a commune reference (code or name) could not be placed.
public enum CommuneLookupError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case ambiguous(String, candidates: [Commune])
    /// A former commune that was split between several new ones: the address decides which.
    case splitFormerCommune(String, candidates: [Commune])

    public var description: String {
        switch self {
        case .notFound(let text):
            "no commune \"\(text)\" (give the 5-digit 2025 code, the name, or a former commune's code or name)"
        case .ambiguous(let text, let candidates):
            "\"\(text)\" names several communes: \(Self.list(candidates)); give the code"
        case .splitFormerCommune(let text, let candidates):
            "former commune \"\(text)\" was split between \(Self.list(candidates)); give the code"
        }
    }

    private static func list(_ communes: [Commune]) -> String {
        communes.map { "\($0.code) \($0.fullName)" }.joined(separator: ", ")
    }
}

/// The communes a registry knows, with look-up by code, by name, and through the 2025 lineage
/// by a former commune's code or name. Name look-ups compare ``VietQR/VietnameseText/searchKey(_:)``
/// keys, so case, diacritics and tone-mark placement (Hòa/Hoà) do not matter, and a type prefix
/// (`Xã`, `Phường`, `Đặc khu`) is optional.
public struct CommuneDirectory: Sendable {
    /// The communes, in code order.
    public let communes: [Commune]
    /// The provinces that have at least one commune here, in code order.
    public let provinces: [Province]
    private let byCode: [String: Commune]
    /// Name and lineage look-ups, built on first use: most commands never resolve a name, and
    /// folding 3,700 names to search keys would cost every one of them at start-up.
    private let names: NameIndex

    /// A directory of these communes and provinces, with the lineage links (former communes and
    /// the 2025 units they became part of); links to communes not listed are ignored.
    public init(communes: [Commune], provinces: [Province], lineage: [FormerCommune] = []) {
        self.communes = communes.sorted { $0.code < $1.code }
        let present = Set(communes.map(\.provinceCode))
        self.provinces = provinces.filter { present.contains($0.code) }.sorted { $0.code < $1.code }
        byCode = Dictionary(self.communes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        names = NameIndex(communes: self.communes, lineage: lineage)
    }

    private var byName: [String: [Commune]] { names.built.byName }
    private var formerByCode: [String: [FormerCommune]] { names.built.formerByCode }
    private var formerByName: [String: [FormerCommune]] { names.built.formerByName }

    /// The commune with this code (zero-padding optional: `1953` is `01953`).
    public func commune(code: String) -> Commune? {
        byCode[CommuneDirectory.paddedCode(code)]
    }

    /// The province with this code.
    public func province(code: String) -> Province? {
        let padded = code.count == 1 ? "0" + code : code
        return provinces.first { $0.code == padded }
    }

    /// Places a reference to a commune: a 2025 code, a 2025 name, or a former (pre-2025) code
    /// or name from the lineage table. Current units win over former ones.
    public func resolve(_ text: String) throws(CommuneLookupError) -> Commune {
        let trimmed = VietnameseText.normalized(text)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigitCharacter) {
            if let commune = commune(code: trimmed) { return commune }
            return try resolveFormer(formerByCode[CommuneDirectory.paddedCode(trimmed)], text: trimmed)
        }
        let key = CommuneDirectory.nameKey(trimmed)
        if let matches = byName[key] {
            if matches.count == 1 { return matches[0] }
            throw .ambiguous(trimmed, candidates: matches)
        }
        return try resolveFormer(formerByName[key], text: trimmed)
    }

    private func resolveFormer(_ links: [FormerCommune]?, text: String) throws(CommuneLookupError) -> Commune {
        guard let links, !links.isEmpty else { throw .notFound(text) }
        let targets = Array(Set(links.map(\.communeCode))).sorted().compactMap { byCode[$0] }
        if targets.count == 1 { return targets[0] }
        if links.allSatisfy(\.isPartial) && Set(links.map(\.code)).count == 1 {
            throw .splitFormerCommune(text, candidates: targets)
        }
        throw .ambiguous(text, candidates: targets)
    }

    /// The communes a search text finds, in code order: the commune it resolves to (code, name or
    /// former commune), those whose code starts with it, and those whose current or former name
    /// contains it (case, diacritics and tone placement ignored).
    public func search(_ text: String, in communes: [Commune]? = nil) -> [Commune] {
        let key = VietnameseText.searchKey(text)
        let resolved = try? resolve(text)
        return (communes ?? self.communes).filter { commune in
            commune.code == resolved?.code || commune.code.hasPrefix(text)
                || VietnameseText.searchKey(commune.name).contains(key)
                || formerCommunes(of: commune.code).contains { VietnameseText.searchKey($0.name).contains(key) }
        }
    }

    /// The lineage links of a 2025 commune: the former communes (wholly or partly) merged into it.
    public func formerCommunes(of code: String) -> [FormerCommune] {
        formerByCode.values.joined().filter { $0.communeCode == code }.sorted { $0.code < $1.code }
    }

    static func paddedCode(_ code: String) -> String {
        code.count < 5 ? String(repeating: "0", count: 5 - code.count) + code : code
    }

    /// The search key of a unit name with any type prefix removed.
    static func nameKey(_ name: String) -> String {
        var key = VietnameseText.searchKey(name)
        for prefix in ["xa ", "phuong ", "dac khu ", "thi tran "] where key.hasPrefix(prefix) {
            key.removeFirst(prefix.count)
            break
        }
        return key
    }
}

/// The name and lineage dictionaries of a ``CommuneDirectory``, built once, on first use.
private final class NameIndex: Sendable {
    struct Built: Sendable {
        var byName: [String: [Commune]] = [:]
        var formerByCode: [String: [FormerCommune]] = [:]
        var formerByName: [String: [FormerCommune]] = [:]
    }

    private let communes: [Commune]
    private let lineage: [FormerCommune]
    private let state = Mutex<Built?>(nil)

    init(communes: [Commune], lineage: [FormerCommune]) {
        self.communes = communes
        self.lineage = lineage
    }

    var built: Built {
        state.withLock { state in
            if let state { return state }
            var built = Built()
            var known = Set<String>()
            for commune in communes {
                known.insert(commune.code)
                built.byName[CommuneDirectory.nameKey(commune.name), default: []].append(commune)
            }
            for former in lineage where known.contains(former.communeCode) {
                built.formerByCode[former.code, default: []].append(former)
                built.formerByName[CommuneDirectory.nameKey(former.name), default: []].append(former)
            }
            state = built
            return built
        }
    }
}
