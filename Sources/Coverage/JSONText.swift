import Domain

/// Minimal JSON text writing for reports whose key order and number forms are part of the
/// contract (`"percent": 90.0`, never `90`), which a generic encoder does not promise.
enum JSONText {
    /// A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped,
    /// everything else (Vietnamese letters included) written as UTF-8.
    static func string(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `"text"` or `null`.
    static func optionalString(_ value: String?) -> String {
        value.map(string) ?? "null"
    }

    /// An object with its members in the given order, on one line.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ": " + $0.1 }.joined(separator: ", ") + "}"
    }

    /// An array with one element per line, indented.
    static func lines(_ elements: [String], indent: String) -> String {
        guard !elements.isEmpty else { return "[]" }
        return "[\n" + elements.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "]"
    }
}
