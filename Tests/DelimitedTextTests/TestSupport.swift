import Foundation
import Testing

@testable import DelimitedText

/// Chunk sizes every parsing test runs with: tiny ones put a chunk boundary inside every
/// multi-byte sequence, CRLF pair, doubled quote and byte-order mark.
let chunkSizes = [1, 2, 3, 7, 64, 1 << 20]

/// Everything a reader returns for some bytes.
struct ReadResult: Equatable {
    var encoding: TextEncoding
    var delimiter: Character
    var records: [DelimitedRecord]

    var fields: [[String]] { records.map(\.fields) }
    var lines: [Int] { records.map(\.line) }
}

/// Reads `bytes` to the end with the given chunk size.
func read(_ bytes: [UInt8], options: DelimitedTextOptions = .init(), chunk: Int = 1 << 20, name: String = "bank.csv")
    throws(DelimitedTextError) -> ReadResult
{
    var options = options
    options.chunkBytes = chunk
    var reader = try DelimitedTextReader(bytes: bytes, name: name, options: options)
    var records: [DelimitedRecord] = []
    while let record = try reader.next() { records.append(record) }
    return ReadResult(
        encoding: reader.encoding, delimiter: Character(Unicode.Scalar(reader.delimiter)), records: records)
}

/// Reads `bytes` with every chunk size in ``chunkSizes``, expects the same result from each, and returns it.
func readEveryWay(
    _ bytes: [UInt8], options: DelimitedTextOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
) throws -> ReadResult {
    let first = try read(bytes, options: options, chunk: chunkSizes[0])
    for chunk in chunkSizes.dropFirst() {
        #expect(
            try read(bytes, options: options, chunk: chunk) == first, "chunk size \(chunk)",
            sourceLocation: sourceLocation)
    }
    return first
}

/// The error reading `bytes` gives, the same with every chunk size; nil when it reads fine.
func readError(
    _ bytes: [UInt8], options: DelimitedTextOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
) -> DelimitedTextError? {
    var errors: [DelimitedTextError?] = []
    for chunk in chunkSizes {
        do {
            _ = try read(bytes, options: options, chunk: chunk)
            errors.append(nil)
        } catch {
            errors.append(error)
        }
    }
    #expect(
        Set(errors.map { $0?.description ?? "no error" }).count == 1, "same error with every chunk size: \(errors)",
        sourceLocation: sourceLocation)
    return errors[0]
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// UTF-16 bytes of `text`, with a byte-order mark unless told otherwise.
func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool = true) -> [UInt8] {
    var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for unit in text.utf16 {
        let high = UInt8(unit >> 8)
        let low = UInt8(unit & 0xFF)
        bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
}

/// Bytes from hex text ("4E 67 75"), to write the public tables' byte sequences as they are printed.
func hex(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// Runs a command and returns its standard output (iconv, to check tables against glibc's).
func run(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> (status: Int32, output: [UInt8]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let inPipe = Pipe()
    let outPipe = Pipe()
    process.standardInput = inPipe
    process.standardOutput = outPipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    inPipe.fileHandleForWriting.write(Data(input))
    try inPipe.fileHandleForWriting.close()
    let output = outPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, Array(output))
}

/// The 134 precomposed Vietnamese letters (67 small, 67 capital), from their parts.
let vietnameseLetters: [String] = {
    let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"]
    var small = ["đ"]
    for vowel in vowels {
        for tone in tones where !(tone.isEmpty && vowel.unicodeScalars.first!.isASCII) {
            small.append((vowel + tone).precomposedStringWithCanonicalMapping)
        }
    }
    return small + small.map { $0.uppercased() }
}()
