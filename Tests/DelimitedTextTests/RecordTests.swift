import Foundation
import Testing

@testable import DelimitedText

@Suite("DelimitedText records")
struct RecordTests {
    @Test("RFC 4180 quoting: doubled quotes, embedded delimiters and line ends")
    func quoting() throws {
        let text =
            "id,note\r\n1,\"Ông \"\"Tư\"\", chợ\"\r\n2,\"dòng 1\ndòng 2\r\ndòng 3\rdòng 4\"\r\n3,\"\"\r\n4,\"a\"\"\"\r\n"
        let result = try readEveryWay(utf8(text))
        #expect(
            result.fields == [
                ["id", "note"], ["1", "Ông \"Tư\", chợ"], ["2", "dòng 1\ndòng 2\r\ndòng 3\rdòng 4"], ["3", ""],
                ["4", "a\""],
            ])
        #expect(result.lines == [1, 2, 3, 7, 8])
    }

    @Test("CRLF, LF and lone CR line ends, mixed, and a last line without a line end")
    func lineEnds() throws {
        let result = try readEveryWay(utf8("a,b\r\nc,d\ne,f\rg,h"))
        #expect(result.fields == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(result.lines == [1, 2, 3, 4])
        let crOnly = try readEveryWay(utf8("a;b\r1;2\r3;4\r"))
        #expect(crOnly.fields == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(crOnly.lines == [1, 2, 3])
    }

    @Test("blank lines are records of one empty field; empty fields are kept")
    func blanksAndEmptyFields() throws {
        let result = try readEveryWay(utf8("a,b\n\n,\n\r\n1,\n,2\n\n"))
        #expect(result.fields == [["a", "b"], [""], ["", ""], [""], ["1", ""], ["", "2"], [""]])
        #expect(result.lines == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test("a quote inside an unquoted field, and text after a closing quote, are kept as they are")
    func strayQuotes() throws {
        let result = try readEveryWay(utf8("a,b\n12\" screen,x\n\"ab\"cd,\"e\"\"\"f\n"))
        #expect(result.fields == [["a", "b"], ["12\" screen", "x"], ["abcd", "e\"f"]])
    }

    @Test("an unterminated quote names the line where the field started")
    func unterminatedQuote() {
        let error = readError(utf8("id,name\n1,ok\n2,\"Nguyễn\nVăn\n3,x\n"))
        #expect(error == .unterminatedQuote(path: "bank.csv", line: 3))
        #expect(
            error?.description == "bank.csv:3: a quoted field that starts on this line is never closed (a missing \")")
    }

    @Test("line numbers after records with embedded line ends")
    func lineNumbers() throws {
        let result = try readEveryWay(utf8("h\n\"a\nb\nc\"\nx\n\"\r\n\"\ny\n"))
        #expect(result.lines == [1, 2, 5, 6, 8])
        let error = readError(utf8("h,i\n\"a\nb\",c\nd,\"e\u{0}\"\n"))
        #expect(error == .nulByte(path: "bank.csv", line: 4))
    }

    @Test("a bad field ending in CR is reported before bad bytes after the CR, whatever the chunk size")
    func fieldErrorBeforeLaterInvalidText() {
        // Found by fuzzing (Fuzz/corpus/delimited-text/nul-before-invalid-utf16): with small chunks
        // the peek for a CRLF's LF met the odd trailing byte, not UTF-16, before the NUL was seen.
        let bytes = utf16("a\u{0}b\r", bigEndian: true) + [0x0A]
        #expect(readError(bytes) == .nulByte(path: "bank.csv", line: 1))
    }

    @Test("fields are NFC: decomposed Vietnamese comes out precomposed, in every encoding")
    func nfc() throws {
        let decomposed = "Nguye\u{302}\u{303}n Va\u{306}n, tie\u{302}\u{301}ng Vie\u{323}\u{302}t"
        let precomposed = "Nguyễn Văn, tiếng Việt"
        #expect(Array(decomposed.unicodeScalars) != Array(precomposed.unicodeScalars))
        let text = "a\n\"\(decomposed)\"\n"
        for bytes in [utf8(text), utf16(text, bigEndian: false), utf16(text, bigEndian: true)] {
            let result = try readEveryWay(bytes)
            #expect(Array(result.fields[1][0].unicodeScalars) == Array(precomposed.unicodeScalars))
        }
        // A mark in canonical order after a precomposed letter (ạ + circumflex) composes to ậ.
        let reordered = try readEveryWay(utf8("a\nTra\u{323}\u{302}n\n"))
        #expect(Array(reordered.fields[1][0].unicodeScalars) == Array("Trận".unicodeScalars))
        // Fields that need nothing are left as they are.
        let plain = try readEveryWay(utf8("a\nĐồng ₫ – “x” Ω ñ\n"))
        #expect(plain.fields[1] == ["Đồng ₫ – “x” Ω ñ"])
        #expect(try readEveryWay(utf8("a\n\u{212B}\n")).fields[1][0].unicodeScalars.first == "\u{C5}")
    }

    @Test("a field longer than the limit fails as soon as it passes it, naming line and column")
    func fieldLimit() {
        var options = DelimitedTextOptions(maxFieldBytes: 10)
        #expect(readError(utf8("a,b\n1,0123456789\n"), options: options) == nil)
        let error = readError(utf8("a,b\n1,01234567890\n"), options: options)
        #expect(error == .fieldTooLong(path: "bank.csv", line: 2, column: 2, limit: 10))
        #expect(error?.description == "bank.csv:2: column 2 is longer than 10 bytes")
        #expect(
            readError(utf8("a,b\n1,\"0123\n456789\"\"\"\n"), options: options)
                == .fieldTooLong(path: "bank.csv", line: 2, column: 2, limit: 10))
        // The limit counts decoded UTF-8: 4 × "ễ" is 12 bytes.
        options.encoding = .utf16LE
        #expect(
            readError(utf16("a\nễễễễ\n", bigEndian: false), options: options)
                == .fieldTooLong(path: "bank.csv", line: 2, column: 1, limit: 10))
    }

    @Test("a 10 MB field is refused without reading the file to its end")
    func hugeField() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delimited-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.csv").path
        var bytes = utf8("merchant_id,account_name\n1,\"")
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000)
        bytes += utf8("\"\n")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var reader = try DelimitedTextReader(path: path)
        _ = try reader.next()
        #expect(throws: DelimitedTextError.fieldTooLong(path: path, line: 2, column: 2, limit: 1 << 20)) {
            try reader.next()
        }
        #expect(reader.bytesRead < 3 << 20)
        #expect(reader.totalBytes == bytes.count)
    }

    @Test(
        "empty, BOM-only, whitespace-only and sep-only files are empty",
        arguments: [
            [UInt8](), [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], utf8("  \r\n\t\n\n"), utf8("sep=;\n"),
            utf8("sep=,"),
            utf16(" \r\n", bigEndian: false),
        ])
    func emptyFiles(_ bytes: [UInt8]) {
        let error = readError(bytes)
        #expect(error == .empty(path: "bank.csv"))
        #expect(error?.description == "bank.csv: the file is empty (no header row, no data)")
    }

    @Test("a file of megabytes of blank lines is empty too (found at its end)")
    func manyBlankLines() {
        let bytes = [UInt8](repeating: UInt8(ascii: "\n"), count: 200_000)
        #expect(throws: DelimitedTextError.empty(path: "bank.csv")) { _ = try read(bytes) }
    }

    @Test("files: a missing file, a folder, a progress count")
    func files() throws {
        #expect(
            throws: DelimitedTextError.cannotOpen(path: "/nonexistent/bank.csv", reason: "No such file or directory")
        ) {
            _ = try DelimitedTextReader(path: "/nonexistent/bank.csv")
        }
        #expect(throws: DelimitedTextError.cannotOpen(path: "/tmp", reason: "it is a folder")) {
            _ = try DelimitedTextReader(path: "/tmp")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("delimited-\(UUID().uuidString).csv")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "id,name\n" + (1...5000).map { "\($0),Hộ kinh doanh số \($0)" }.joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var options = DelimitedTextOptions()
        options.chunkBytes = 4096
        var reader = try DelimitedTextReader(path: path, options: options)
        var count = 0
        var lastBytes = 0
        while let record = try reader.next() {
            count += 1
            #expect(record.fields.count == 2)
            #expect(reader.bytesRead >= lastBytes)
            lastBytes = reader.bytesRead
        }
        #expect(count == 5001)
        #expect(reader.bytesRead == reader.totalBytes)
        reader.close()
        #expect(try reader.next() == nil)
    }
}
