import Foundation
import PropertyBased
import Testing

@testable import DelimitedText

/// Bytes, a chunk size and a field limit to read them with.
struct ReadInput: Sendable, CustomStringConvertible {
    var bytes: [UInt8]
    var chunk: Int
    var maxFieldBytes: Int

    var description: String { "chunk=\(chunk) limit=\(maxFieldBytes) bytes=\(bytes.map { String($0, radix: 16) })" }

    /// Bytes that matter to the reader, drawn more often than the rest.
    static let interesting: [UInt8] = [
        0x22, 0x2C, 0x3B, 0x09, 0x0D, 0x0A, 0x00, 0x20, 0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0xC3, 0xA0, 0xCC, 0x80, 0xE1,
        0xBB,
        0x85, 0xD8, 0x3D, 0xDC, 0xA8, 0xD4, 0xF9, 0xE3, 0x8A, 0x73, 0x65, 0x70, 0x3D,
    ]

    static func randomByte(_ rng: inout any SeededRandomNumberGenerator) -> UInt8 {
        Bool.random(using: &rng) ? interesting.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
    }

    static let randomBytes = Generator<ReadInput, Shrink.None<ReadInput>> { rng in
        let prefixes: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], Array("sep=;\n".utf8)]
        var bytes = prefixes.randomElement(using: &rng)!
        for _ in 0..<Int.random(in: 0...300, using: &rng) { bytes.append(randomByte(&rng)) }
        return ReadInput(
            bytes: bytes, chunk: Int.random(in: 1...40, using: &rng),
            maxFieldBytes: Int.random(in: 1...400, using: &rng))
    }

    /// A valid CSV (UTF-8 or UTF-16) with a few random mutations: bytes inserted, deleted,
    /// replaced, a span repeated, the end cut off.
    static let mutatedCSV = Generator<ReadInput, Shrink.None<ReadInput>> { rng in
        var bytes = RandomTable.make(&rng).bytes
        for _ in 0..<Int.random(in: 1...5, using: &rng) where !bytes.isEmpty {
            let index = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0...4, using: &rng) {
            case 0: bytes.insert(randomByte(&rng), at: index)
            case 1: bytes.remove(at: index)
            case 2: bytes[index] = randomByte(&rng)
            case 3:
                bytes.insert(
                    contentsOf: bytes[index..<min(bytes.count, index + Int.random(in: 1...20, using: &rng))], at: index)
            default: bytes.removeSubrange(index...)
            }
        }
        return ReadInput(
            bytes: bytes, chunk: Int.random(in: 1...64, using: &rng),
            maxFieldBytes: Int.random(in: 1...2000, using: &rng))
    }
}

/// A table of random text and how it is written as CSV: every field quoted, one delimiter, one
/// line end, one encoding.
struct RandomTable: Sendable, CustomStringConvertible {
    var rows: [[String]]
    var delimiter: String
    var lineEnd: String
    var encoding: TextEncoding

    var description: String {
        "delimiter=\(delimiter.debugDescription) end=\(lineEnd.debugDescription) \(encoding) rows=\(rows)"
    }

    /// Text pools: ASCII including the CSV's own characters, Vietnamese (precomposed and decomposed),
    /// other scripts, emoji, controls other than NUL.
    static let pools: [[Unicode.Scalar]] = [
        Array("abcXYZ019 ,;\t\"\r\n=+-@'".unicodeScalars),
        Array("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ₫".unicodeScalars),
        ["\u{300}", "\u{301}", "\u{302}", "\u{303}", "\u{306}", "\u{309}", "\u{31B}", "\u{323}"],
        Array("中文字한국어Ωπ€™©®°±µ¶·¼ÆÐØÞßæðøþÿŒœŠšŸŽžƒˆ˜–—‘’“”•…‰‹›".unicodeScalars),
        ["😀", "🍜", "🇻", "🇳", "\u{1}", "\u{7F}", "\u{A0}", "\u{200B}", "\u{FEFF}", "\u{FFFD}"],
    ]

    static func text(_ rng: inout any SeededRandomNumberGenerator) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            scalars.append(pools.randomElement(using: &rng)!.randomElement(using: &rng)!)
        }
        return String(scalars)
    }

    static func make(_ rng: inout any SeededRandomNumberGenerator) -> RandomTable {
        let columns = Int.random(in: 1...5, using: &rng)
        // A header in Vietnamese, as bank files have. (Text of ASCII letters next to Latin-1 symbols
        // alone, "b© cµ x®", could be read as TCVN3 garbled through Windows-1252: "bâ cà xđ".)
        let header = (0..<columns).map { "Cột \($0 + 1)" }
        let rows =
            [header] + (0..<Int.random(in: 0...8, using: &rng)).map { _ in (0..<columns).map { _ in text(&rng) } }
        return RandomTable(
            rows: rows,
            delimiter: [",", ";", "\t"].randomElement(using: &rng)!,
            lineEnd: ["\n", "\r\n"].randomElement(using: &rng)!,
            encoding: [.utf8, .utf8WithBOM, .utf16LE, .utf16BE].randomElement(using: &rng)!)
    }

    /// The CSV text: every field quoted with its quotes doubled (scalar by scalar: a quote followed
    /// by a combining mark is one Character, which a Character-based replace would miss).
    var csv: String {
        func quoted(_ field: String) -> String {
            var scalars = String.UnicodeScalarView()
            for scalar in field.unicodeScalars {
                if scalar == "\"" { scalars.append(scalar) }
                scalars.append(scalar)
            }
            return "\"" + String(scalars) + "\""
        }
        return rows.map { $0.map(quoted).joined(separator: delimiter) }.joined(separator: lineEnd) + lineEnd
    }

    /// The CSV in the table's encoding.
    var bytes: [UInt8] {
        switch encoding {
        case .utf8WithBOM: [0xEF, 0xBB, 0xBF] + Array(csv.utf8)
        case .utf16LE: utf16(csv, bigEndian: false)
        case .utf16BE: utf16(csv, bigEndian: true)
        default: Array(csv.utf8)
        }
    }

    static let generator = Generator<RandomTable, Shrink.None<RandomTable>> { rng in make(&rng) }
}

@Suite("DelimitedText properties")
struct ReaderPropertyTests {
    /// Reads to the end: records or a typed error, never a crash; records hold NFC fields within
    /// the limit on non-decreasing lines.
    static func check(_ input: ReadInput) {
        var options = DelimitedTextOptions(maxFieldBytes: input.maxFieldBytes)
        options.chunkBytes = input.chunk
        do {
            var reader = try DelimitedTextReader(bytes: input.bytes, options: options)
            var lastLine = 0
            while let record = try reader.next() {
                #expect(record.line > lastLine)
                lastLine = record.line
                for field in record.fields {
                    #expect(
                        field.unicodeScalars.elementsEqual(field.precomposedStringWithCanonicalMapping.unicodeScalars))
                    if field.utf8.allSatisfy({ $0 < 0x80 }) { #expect(field.utf8.count <= input.maxFieldBytes) }
                }
            }
        } catch {
            #expect(!error.description.isEmpty)
        }
    }

    @Test("random bytes never crash the reader")
    func randomBytes() async {
        await propertyCheck(count: 3000, input: ReadInput.randomBytes) { input in Self.check(input) }
    }

    @Test("random mutations of valid CSV never crash the reader")
    func mutations() async {
        await propertyCheck(count: 3000, input: ReadInput.mutatedCSV) { input in Self.check(input) }
    }

    @Test("UTF-8 validation agrees with Swift's own on random bytes (Vietnamese-heavy)")
    func utf8Validation() async {
        await propertyCheck(count: 5000, input: ReadInput.randomBytes) { input in
            let expected = String(validating: input.bytes, as: UTF8.self) != nil
            #expect(
                input.bytes.withUnsafeBufferPointer { UTF8Bytes.isValid($0, allowIncompleteEnd: false) } == expected,
                "\(input)")
        }
    }

    /// Every record by `next()`, and every record by `next()` for the first (the header, as the
    /// merchant import reads it) then `nextFields()`, as Strings made from the bytes.
    static func bothWays(_ input: ReadInput) -> (
        Result<[DelimitedRecord], DelimitedTextError>, Result<[DelimitedRecord], DelimitedTextError>
    ) {
        var options = DelimitedTextOptions(maxFieldBytes: input.maxFieldBytes)
        options.chunkBytes = input.chunk
        let strings = Result { () throws(DelimitedTextError) in
            var reader = try DelimitedTextReader(bytes: input.bytes, options: options)
            var records: [DelimitedRecord] = []
            while let record = try reader.next() { records.append(record) }
            return records
        }
        let bytes = Result { () throws(DelimitedTextError) in
            var reader = try DelimitedTextReader(bytes: input.bytes, options: options)
            var records: [DelimitedRecord] = []
            if let header = try reader.next() { records.append(header) }
            while let line = try reader.nextFields() {
                let fields = reader.fields
                records.append(
                    DelimitedRecord(
                        fields: (0..<fields.count).map {
                            String(decoding: fields.bytes[fields.range($0)], as: UTF8.self)
                        }, line: line))
            }
            return records
        }
        return (strings, bytes)
    }

    @Test(
        "nextFields gives the bytes of the fields next gives, and the same errors",
        arguments: ["random bytes", "mutated CSV"])
    func fieldBytesMatchStrings(_ kind: String) async {
        await propertyCheck(count: 2000, input: kind == "random bytes" ? ReadInput.randomBytes : ReadInput.mutatedCSV) {
            input in
            switch Self.bothWays(input) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure(let a), .failure(let b)): #expect(a.description == b.description)
            default: Issue.record("next and nextFields disagree on \(input)")
            }
        }
    }

    @Test("random tables written as CSV read back equal (NFC), under each delimiter, line end and UTF-8/UTF-16")
    func roundTrip() async {
        await propertyCheck(count: 1500, input: RandomTable.generator, Gen.int(in: 1...50)) { table, chunk in
            do {
                let result = try read(table.bytes, chunk: chunk)
                let expected = table.rows.map { $0.map(\.precomposedStringWithCanonicalMapping) }
                #expect(result.fields == expected)
                #expect(result.encoding == table.encoding)
                if table.rows[0].count > 1 { #expect(result.delimiter == Character(table.delimiter)) }
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
