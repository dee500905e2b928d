import Foundation
import Testing

@testable import DelimitedText

@Suite("LineReader: a line at a time, bounded")
struct LineReaderTests {
    /// Every line of `bytes` as the reader gives them, with their numbers.
    func lines(_ bytes: [UInt8], limit: Int = LineReader.defaultMaxLineBytes) throws -> [(Int, String)] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).txt")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try LineReader(path: url.path, maxLineBytes: limit)
        var result: [(Int, String)] = []
        while let line = try reader.next() { result.append((reader.lineNumber, line)) }
        return result
    }

    @Test("LF and CRLF ends, blank lines, a last line without an end, a byte-order mark only at the start")
    func lineEnds() throws {
        let read = try lines([0xEF, 0xBB, 0xBF] + Array("a\r\n\nb\r\n\u{FEFF}c\rd\ne".utf8))
        #expect(read.map(\.0) == [1, 2, 3, 4, 5])
        #expect(read.map(\.1) == ["a", "", "b", "\u{FEFF}c\rd", "e"])
        #expect(try lines([]).isEmpty)
        #expect(try lines(Array("\n".utf8)).map(\.1) == [""])
        #expect(try lines(Array("x\n".utf8)).map(\.1) == ["x"])
    }

    @Test("a line across many read chunks is whole; bytes that are not UTF-8 become U+FFFD")
    func longLinesAndInvalidBytes() throws {
        let long = String(repeating: "0123456789", count: 20_000)
        let read = try lines(Array((long + "\n" + long).utf8) + [0xFF, 0x0A], limit: 300_000)
        #expect(read.map(\.1) == [long, long + "\u{FFFD}"])
    }

    @Test("the limit counts a line's bytes without its end; one byte more is refused with the line")
    func limit() throws {
        #expect(try lines(Array("abcd\r\nabc\n".utf8), limit: 4).map(\.1) == ["abcd", "abc"])
        #expect(throws: DelimitedTextError.self) { try lines(Array("ok\nabcde\n".utf8), limit: 4) }
        do {
            _ = try lines(Array("ok\nabcde".utf8), limit: 4)
            Issue.record("a 5-byte line passed a 4-byte limit")
        } catch let error as DelimitedTextError {
            guard case .lineTooLong(_, let line, let limit) = error else { throw error }
            #expect(line == 2 && limit == 4)
            #expect(error.description.hasSuffix(":2: line longer than 4 bytes"))
        }
    }

    @Test("a missing file or a folder cannot be opened")
    func cannotOpen() {
        #expect(throws: DelimitedTextError.self) { try LineReader(path: "/nonexistent/list.txt") }
        #expect(throws: DelimitedTextError.self) { try LineReader(path: NSTemporaryDirectory()) }
    }
}
