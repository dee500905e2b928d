import Foundation
import Testing

@testable import DelimitedText

@Suite("DelimitedText encodings")
struct EncodingTests {
    static let header = "merchant_id,account_name\n"
    static let text = header + "1,Nguyễn Văn Đặng\n2,Hộ kinh doanh Phường Hưng Yên\n"
    static let expected = [
        ["merchant_id", "account_name"], ["1", "Nguyễn Văn Đặng"], ["2", "Hộ kinh doanh Phường Hưng Yên"],
    ]

    @Test("UTF-8 without and with a byte-order mark")
    func utf8Files() throws {
        let plain = try readEveryWay(utf8(Self.text))
        #expect(plain.encoding == .utf8)
        #expect(plain.fields == Self.expected)
        let marked = try readEveryWay([0xEF, 0xBB, 0xBF] + utf8(Self.text))
        #expect(marked.encoding == .utf8WithBOM)
        #expect(marked.fields == Self.expected)
    }

    @Test("UTF-16 LE and BE with a byte-order mark, including a character outside the BMP")
    func utf16Files() throws {
        let text = Self.text + "3,Quán 🍜 Bà Tư\n"
        for bigEndian in [false, true] {
            let result = try readEveryWay(utf16(text, bigEndian: bigEndian))
            #expect(result.encoding == (bigEndian ? .utf16BE : .utf16LE))
            #expect(result.fields == Self.expected + [["3", "Quán 🍜 Bà Tư"]])
        }
    }

    @Test("UTF-16: an odd trailing byte and an unpaired surrogate are invalid text, with their line")
    func brokenUTF16() {
        let truncated = Array(utf16("a,b\nc,d\n", bigEndian: false).dropLast())
        #expect(readError(truncated) == .invalidText(path: "bank.csv", line: 2, encoding: .utf16LE))
        var lone = utf16("a,b\nc,", bigEndian: true)
        lone += [0xD8, 0x3D, 0x00, 0x41]
        #expect(readError(lone) == .invalidText(path: "bank.csv", line: 2, encoding: .utf16BE))
    }

    @Test("UTF-16 without a byte-order mark is refused as NUL bytes, naming the line")
    func utf16WithoutBOM() {
        let error = readError(utf16("merchant_id,phone\n1,0912345678\n", bigEndian: false, byteOrderMark: false))
        #expect(error == .nulByte(path: "bank.csv", line: 1))
        #expect(error?.description.contains("UTF-16 saved without a byte-order mark") == true)
    }

    @Test("invalid UTF-8 after a valid start (past the part detection looks at) names the field's line")
    func invalidUTF8() {
        let start = utf8("a,b\n" + String(repeating: "Hà,Nội\n", count: 20_000))
        let error = readError(start + [0x65, 0xC3, 0x28] + utf8(",x\n"))
        #expect(error == .invalidText(path: "bank.csv", line: 20_002, encoding: .utf8))
        #expect(
            error?.description
                == "bank.csv:20002: bytes that are not valid UTF-8 text; open the file in Excel and save it as \"CSV UTF-8\""
        )
    }

    @Test("UTF-8 with a few bad bytes is UTF-8 with an error on their line, not an 8-bit file read wrong")
    func mostlyUTF8() {
        let stray = utf8("id,name\n1,Nguyễn Văn An\n2,Trần Thị Bình\n3,Lê") + [0xFF] + utf8(" Hữu\n4,Đỗ Thị Phương\n")
        #expect(readError(stray) == .invalidText(path: "bank.csv", line: 4, encoding: .utf8))
        // Rows pasted from a Windows-1258 export ("Hưng Yên": ư FD, ê EA) into a UTF-8 file.
        let mixed =
            utf8("id,name\n1,Nguyễn Văn An\n2,Trần Thị Bình\n3,Phạm Ngọc Dung\n4,") + hex("48 FD 6E 67 20 59 EA 6E")
            + utf8("\n")
        #expect(readError(mixed) == .invalidText(path: "bank.csv", line: 5, encoding: .utf8))
        // A zip (an .xlsx renamed .csv) has NUL bytes: refused as not text, not decoded as VNI.
        let zip: [UInt8] = [
            0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0x62, 0xEE, 0x9D, 0x68,
        ]
        #expect(readError(zip) == .nulByte(path: "bank.csv", line: 1))
    }

    // MARK: - Legacy encodings, byte sequences as printed in the public code charts

    @Test("Windows-1258 through iconv: base letters with combining tone bytes come out precomposed")
    func windows1258() throws {
        // "Nguyễn Văn Đặng" and "Tạp hóa Hưng Yên" as Windows-1258 writes them: ê EA + tilde DE, ă E3,
        // Đ D0, ă E3 + dot F2, a + dot F2, o + acute EC, ư FD, ê EA.
        let bytes =
            utf8("id,name\n1,") + hex("4E 67 75 79 EA DE 6E 20 56 E3 6E 20 D0 E3 F2 6E 67")
            + utf8("\n2,") + hex("54 61 F2 70 20 68 6F EC 61 20 48 FD 6E 67 20 59 EA 6E") + utf8("\n")
        let result = try readEveryWay(bytes)
        #expect(result.encoding == .windows1258)
        #expect(result.fields == [["id", "name"], ["1", "Nguyễn Văn Đặng"], ["2", "Tạp hóa Hưng Yên"]])
        #expect(
            result.fields[1][1].unicodeScalars.count
                == "Nguyễn Văn Đặng".precomposedStringWithCanonicalMapping.unicodeScalars.count)
    }

    @Test("Windows-1258: a byte the code page leaves undefined is invalid text on its line")
    func windows1258Undefined() {
        let bytes = utf8("id,name\n1,") + hex("56 E3 6E") + utf8("\n2,") + hex("48 FD 6E 67 8A") + utf8("\n")
        #expect(readError(bytes) == .invalidText(path: "bank.csv", line: 3, encoding: .windows1258))
    }

    @Test("TCVN3 (ABC): hand-checked bytes from the TCVN 5712 chart")
    func tcvn3() throws {
        // Nguyễn = 4E 67 75 79 D4 6E, Văn = 56 A8 6E, Đặng = A7 C6 6E 67, Thị = 54 68 DE,
        // Hưng = 48 AD 6E 67, Yên = 59 AA 6E, cà phê = 63 B5 20 70 68 AA, Phường = 50 68 AD EA 6E 67.
        let bytes =
            utf8("id;name\n1;") + hex("4E 67 75 79 D4 6E 20 56 A8 6E 20 A7 C6 6E 67")
            + utf8("\n2;") + hex("54 68 DE 20 48 AD 6E 67 20 59 AA 6E") + utf8("\n3;")
            + hex("63 B5 20 70 68 AA 20 50 68 AD EA 6E 67") + utf8("\n")
        let result = try readEveryWay(bytes)
        #expect(result.encoding == .tcvn3)
        #expect(result.delimiter == ";")
        #expect(
            result.fields == [
                ["id", "name"], ["1", "Nguyễn Văn Đặng"], ["2", "Thị Hưng Yên"], ["3", "cà phê Phường"],
            ])
    }

    @Test("VNI-Windows: hand-checked bytes (base letter + mark byte)")
    func vni() throws {
        // Nguyễn = 4E 67 75 79 65 E3 6E (e + ã), Văn = 56 61 EA 6E (a + ê), Đặng = D1 61 EB 6E 67,
        // Thị = 54 68 F2, Hưng = 48 F6 6E 67, Yên = 59 65 E2 6E, Phường = 50 68 F6 F4 F8 6E 67, Trần = 54 72 61 E0 6E,
        // HOÀ = 48 4F 41 D8 (capital mark byte).
        let bytes =
            utf8("id\tname\n1\t") + hex("4E 67 75 79 65 E3 6E 20 56 61 EA 6E 20 D1 61 EB 6E 67")
            + utf8("\n2\t") + hex("54 68 F2 20 48 F6 6E 67 20 59 65 E2 6E") + utf8("\n3\t")
            + hex("50 68 F6 F4 F8 6E 67 20 54 72 61 E0 6E 20 48 4F 41 D8") + utf8("\n")
        let result = try readEveryWay(bytes)
        #expect(result.encoding == .vniWindows)
        #expect(result.delimiter == "\t")
        #expect(
            result.fields == [
                ["id", "name"], ["1", "Nguyễn Văn Đặng"], ["2", "Thị Hưng Yên"], ["3", "Phường Trần HOÀ"],
            ])
    }

    @Test("the TCVN3 and Windows-1252 tables agree with glibc's TCVN5712-1 and WINDOWS-1252 for every byte")
    func tablesAgreeWithGlibc() throws {
        for (table, name) in [(ByteTable.tcvn3, "TCVN5712-1"), (ByteTable.windows1252, "WINDOWS-1252")] {
            for byte in 0x80...0xFF {
                let glibc = try run("/usr/bin/iconv", ["-f", name, "-t", "UTF-8"], input: [UInt8(byte)])
                let ours = table.utf8[byte - 0x80]
                #expect(ours == (glibc.status == 0 ? glibc.output : nil), "\(name) byte \(String(byte, radix: 16))")
            }
        }
    }

    @Test(
        "every Vietnamese letter: TCVN3 (all but the 12 capitals VN1 keeps in the control range) and VNI decode to it")
    func everyLetter() throws {
        #expect(vietnameseLetters.count == 134)
        // TCVN3: the byte glibc's TCVN5712-1 writes for each letter.
        var tcvnLetters = 0
        for letter in vietnameseLetters {
            let encoded = try run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "TCVN5712-1"], input: utf8(letter))
            guard encoded.status == 0, encoded.output.count == 1, encoded.output[0] >= 0x80 else { continue }
            var decoder = ByteTableDecoder(table: .tcvn3)
            #expect(decoder.decodeSample(encoded.output) == (utf8(letter), true), "TCVN3 \(letter)")
            tcvnLetters += 1
        }
        #expect(tcvnLetters == 122)
        // VNI: base letter + the chart's mark byte, spelled out here from the VNI-Windows chart.
        let markByte: [String: UInt8] = [
            "\u{301}": 0xF9, "\u{300}": 0xF8, "\u{309}": 0xFB, "\u{303}": 0xF5, "\u{323}": 0xEF,
            "\u{302}": 0xE2, "\u{302}\u{301}": 0xE1, "\u{302}\u{300}": 0xE0, "\u{302}\u{309}": 0xE5,
            "\u{302}\u{303}": 0xE3, "\u{302}\u{323}": 0xE4, "\u{306}": 0xEA, "\u{306}\u{301}": 0xE9,
            "\u{306}\u{300}": 0xE8, "\u{306}\u{309}": 0xFA, "\u{306}\u{303}": 0xFC, "\u{306}\u{323}": 0xEB,
        ]
        let singleByte: [String: UInt8] = [
            "đ": 0xF1, "ơ": 0xF4, "ư": 0xF6, "í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2, "ỵ": 0xEE,
        ]
        for letter in vietnameseLetters {
            let small = letter.lowercased()
            let capital = small != letter
            var bytes: [UInt8]
            if let byte = singleByte[small] {
                bytes = [capital ? byte - 0x20 : byte]
            } else {
                var scalars = Array(small.decomposedStringWithCanonicalMapping.unicodeScalars)
                var base = scalars.removeFirst()
                if let horn = scalars.firstIndex(of: "\u{31B}") {
                    scalars.remove(at: horn)
                    base = base == "o" ? "ơ" : "ư"
                }
                bytes = base.isASCII ? [UInt8(base.value)] : [singleByte[String(base)]!]
                // Canonical order puts the dot below first; the chart names the vowel mark, then the tone.
                let isVowelMark = { (scalar: Unicode.Scalar) in scalar == "\u{302}" || scalar == "\u{306}" }
                let marks = scalars.filter(isVowelMark) + scalars.filter { !isVowelMark($0) }
                if !marks.isEmpty { bytes.append(markByte[String(String.UnicodeScalarView(marks))]!) }
                if capital { bytes = bytes.map { $0 - 0x20 } }
            }
            var decoder = ByteTableDecoder(table: .vniWindows)
            let decoded = String(decoding: decoder.decodeSample(bytes).text, as: UTF8.self)
                .precomposedStringWithCanonicalMapping
            #expect(decoded == letter, "VNI \(letter) from \(bytes.map { String($0, radix: 16) })")
        }
    }

    // MARK: - Telling the legacy encodings apart

    static let names = [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Hữu Cường", "Phạm Ngọc Dung", "Hoàng Minh Hà", "Vũ Thu Hạnh",
        "Đặng Quang Hùng", "Bùi Đức Lan", "Đỗ Thị Phương", "Tạp hóa Bà Hằng", "Cà phê Mộc", "Nhà thuốc Hưng Yên",
    ]

    /// `names` as a CSV in a legacy encoding: glibc writes Windows-1258 and TCVN3; VNI is spelled from its chart.
    static func legacyFile(_ encoding: TextEncoding) throws -> [UInt8] {
        let text =
            "id,account_name\n" + names.enumerated().map { "\($0.offset + 1),\($0.element)" }.joined(separator: "\n")
            + "\n"
        switch encoding {
        case .windows1258:
            return try run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "WINDOWS-1258"], input: utf8(text)).output
        case .tcvn3:
            return try run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "TCVN5712-1"], input: utf8(text)).output
        default:
            return vniBytes(text)
        }
    }

    /// VNI-Windows bytes of text, from the letters' decompositions and the chart's mark bytes.
    static func vniBytes(_ text: String) -> [UInt8] {
        let table = ByteTable.vniWindows
        var reverse: [String: UInt8] = [:]
        for (index, entry) in table.utf8.enumerated() {
            if let entry { reverse[String(decoding: entry, as: UTF8.self)] = UInt8(0x80 + index) }
        }
        var bytes: [UInt8] = []
        for character in text {
            let letter = String(character)
            if letter.utf8.count == 1 {
                bytes.append(letter.utf8.first!)
                continue
            }
            if let byte = reverse[letter] {
                bytes.append(byte)
                continue
            }
            var scalars = Array(letter.decomposedStringWithCanonicalMapping.unicodeScalars)
            var base = String(scalars.removeFirst())
            if let horn = scalars.firstIndex(of: "\u{31B}") {
                scalars.remove(at: horn)
                base = base == "o" ? "ơ" : base == "O" ? "Ơ" : base == "u" ? "ư" : "Ư"
            }
            bytes += base.utf8.count == 1 ? Array(base.utf8) : [reverse[base]!]
            let vowelMarks = scalars.filter { $0 == "\u{302}" || $0 == "\u{306}" }
            let marks = String(
                String.UnicodeScalarView(vowelMarks + scalars.filter { $0 != "\u{302}" && $0 != "\u{306}" }))
            guard var byte = reverse[marks] else { continue }
            if base.uppercased() != base.lowercased(), base == base.uppercased(), byte >= 0xE0 { byte -= 0x20 }
            bytes.append(byte)
        }
        return bytes
    }

    @Test(
        "detection tells Windows-1258, TCVN3 and VNI apart on the same names",
        arguments: [TextEncoding.windows1258, .tcvn3, .vniWindows])
    func detectsLegacy(_ encoding: TextEncoding) throws {
        let bytes = try Self.legacyFile(encoding)
        #expect(!UTF8Bytes.isValid(bytes.withUnsafeBufferPointer { $0 }, allowIncompleteEnd: false))
        let result = try readEveryWay(bytes)
        #expect(result.encoding == encoding)
        #expect(result.fields.dropFirst().map { $0[1] } == Self.names)
    }

    @Test(
        "under the refuse policy TCVN3 and VNI are refused with advice; Windows-1258 is read",
        arguments: [TextEncoding.windows1258, .tcvn3, .vniWindows])
    func refusePolicy(_ encoding: TextEncoding) throws {
        let bytes = try Self.legacyFile(encoding)
        let options = DelimitedTextOptions(legacyEncodings: .refuse)
        if encoding == .windows1258 {
            #expect(try readEveryWay(bytes, options: options).encoding == .windows1258)
            return
        }
        let error = readError(bytes, options: options)
        guard case .legacyEncodingRefused(let path, let refused, _) = error else {
            Issue.record("expected a refusal, got \(String(describing: error))")
            return
        }
        #expect(path == "bank.csv" && refused == encoding)
        #expect(error!.description.contains("UniKey Toolkit"))
        #expect(error!.description.contains("CSV UTF-8"))
        #expect(error!.description.contains(encoding.displayName))
    }

    @Test("a forced encoding is used as it is, even under the refuse policy")
    func forcedEncoding() throws {
        let bytes = try Self.legacyFile(.tcvn3)
        let result = try readEveryWay(bytes, options: DelimitedTextOptions(encoding: .tcvn3, legacyEncodings: .refuse))
        #expect(result.encoding == .tcvn3)
        #expect(result.fields[1] == ["1", "Nguyễn Văn An"])
    }

    // MARK: - TCVN3 / VNI text garbled through Windows-1252 into valid UTF-8

    /// What Excel writes when it opens legacy bytes as Windows-1252 and saves as UTF-8.
    static func throughWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output += ByteTable.windows1252.utf8[Int(byte) - 0x80] ?? utf8("\u{FFFD}")
            }
        }
        return output
    }

    @Test("TCVN3 and VNI text garbled through Windows-1252 is repaired", arguments: [TextEncoding.tcvn3, .vniWindows])
    func misconverted(_ encoding: TextEncoding) throws {
        let garbled = Self.throughWindows1252(try Self.legacyFile(encoding))
        let text = String(decoding: garbled, as: UTF8.self)
        #expect(text.contains(encoding == .tcvn3 ? "NguyÔn V¨n" : "Nguyeãn Vaên"))
        var options = DelimitedTextOptions()
        options.chunkBytes = 5
        let reader = try DelimitedTextReader(bytes: garbled, name: "bank.csv", options: options)
        #expect(reader.encoding == encoding && reader.isMisconvertedLegacyText)
        let result = try readEveryWay(garbled)
        #expect(result.fields.dropFirst().map { $0[1] } == Self.names)
        let refusal = readError(garbled, options: DelimitedTextOptions(legacyEncodings: .refuse))
        #expect(refusal?.description.contains("garbled") == true)
    }

    @Test("real Vietnamese UTF-8 is never taken for garbled text, even when every letter is in Latin-1")
    func noFalseRepair() throws {
        let samples = [
            "id,name\n1,Cà phê Hà\n2,Tô Bá Mão\n3,Bà Tám\n4,Quán Cô Lê\n",
            "id,name\n1,Café Paris\n2,Hôtel de la Poste\n3,Crème brûlée\n",
            "id,name\n1,Ông Tư\n2,Tạp hóa Ánh\n",
            "id,name\n1,São Paulo ©\n2,¼ ½ ¾ ± µ\n",
        ]
        for sample in samples {
            let reader = try DelimitedTextReader(bytes: utf8(sample))
            #expect(reader.encoding == .utf8 && !reader.isMisconvertedLegacyText, "\(sample)")
        }
    }
}
