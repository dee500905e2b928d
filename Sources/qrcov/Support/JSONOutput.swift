import Foundation

/// Writes Codable values to stdout as JSON: pretty-printed, keys sorted, UTF-8 unescaped,
/// so the output is stable for scripts and diffs.
enum JSONOutput {
    static func print<Value: Encodable>(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        Terminal.standardOutput.write(String(decoding: data, as: UTF8.self))
    }
}
