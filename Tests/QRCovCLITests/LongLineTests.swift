import Foundation
import Testing

/// The commands that read a list a line per item (`decode -`, `qr --from`, `qr -`, `mark --from`)
/// bound a line to 64 KiB: a longer one refuses the input (exit 65, `file:line`) as soon as the
/// limit is passed, so one huge line costs no more memory than the limit (it took five times the
/// line's size before).
@Suite struct LongLineTests {
    typealias Workspace = RegistryCommandTests.Workspace
    static let limit = 65_536

    /// Runs qrcov with stdin read from `input` (a file, not a pipe: qrcov stops reading early),
    /// under GNU time when there is one; returns the result and the peak RSS in KiB (nil without it).
    func run(_ arguments: [String], stdin input: URL, in space: Workspace) throws -> (QRCovProcess.Result, Int?) {
        let time = URL(fileURLWithPath: "/usr/bin/time")
        let hasTime = FileManager.default.isExecutableFile(atPath: time.path)
        let rssFile = space.folder.appendingPathComponent("rss.txt")
        let process = Process()
        process.executableURL = hasTime ? time : QRCovProcess.binary
        process.arguments = (hasTime ? ["-f", "%M", "-o", rssFile.path, QRCovProcess.binary.path] : []) + arguments
        process.currentDirectoryURL = space.folder
        process.environment = ProcessInfo.processInfo.environment.merging(["QRCOV_DB": space.database]) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: input)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let rss = hasTime ? (try? String(contentsOf: rssFile, encoding: .utf8)).flatMap { Int($0.trimmed) } : nil
        try? FileManager.default.removeItem(at: rssFile)
        let result = QRCovProcess.Result(
            status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self),
            stdoutData: Data())
        return (result, rss)
    }

    /// A file of `lines`, each line `"1"` or `"A"` repeated the given number of times, LF-ended.
    func write(_ name: String, _ lines: [(String, Int)], in space: Workspace) throws -> URL {
        let url = space.folder.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for (text, count) in lines {
            let chunk = Data(String(repeating: text, count: min(count, 1 << 20)).utf8)
            var left = count
            while left > 0 {
                let part = chunk.prefix(left)
                try handle.write(contentsOf: part)
                left -= part.count
            }
            try handle.write(contentsOf: Data("\n".utf8))
        }
        return url
    }

    @Test func aHugeLineIsRefusedWithItsLineInBoundedMemory() throws {
        let space = try Workspace()
        defer { space.remove() }
        // 64 MB on one line, after an ordinary line: reading it all took over 300 MB.
        let huge = try write("huge.txt", [("00020101", 1), ("A", 64 << 20)], in: space)
        let registry = try Data(contentsOf: URL(fileURLWithPath: space.database))
        let cases: [([String], String)] = [
            (["decode", "-"], "stdin:2: line longer than \(Self.limit) bytes"),
            (
                ["qr", "--from", huge.path, "--output-dir", "out"],
                "\(huge.path):2: line longer than \(Self.limit) bytes"
            ),
            (["mark", "--from", huge.path, "displayed"], "\(huge.path):2: line longer than \(Self.limit) bytes"),
            (["qr", "-", "-o", "q.png"], "stdin: longer than \(Self.limit) bytes"),
        ]
        for (arguments, message) in cases {
            let (result, rss) = try run(arguments, stdin: huge, in: space)
            #expect(result.status == 65, "\(arguments): \(result.stderr.prefix(300))")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr.prefix(300))")
            if let rss { #expect(rss < 100_000, "\(arguments): peak RSS \(rss) KiB") }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: space.database)) == registry)
        for name in ["out", "q.png"] {
            #expect(!FileManager.default.fileExists(atPath: space.folder.appendingPathComponent(name).path))
        }
    }

    @Test func aLineOfExactlyTheLimitIsRead() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.add(["--commune", "11953", "--name", "Shop"])
        // "1," then padding: the id list takes the first field; CRLF line ends do not count.
        let padding = Self.limit - 2
        let fits = space.folder.appendingPathComponent("fits.txt")
        try Data(("\u{FEFF}1," + String(repeating: "x", count: padding - 3) + "\r\n").utf8).write(to: fits)
        let marked = try space.run(["mark", "--from", fits.path, "displayed"])
        #expect(marked.status == 0, "\(marked.stderr.prefix(300))")
        let over = space.folder.appendingPathComponent("over.txt")
        try Data(("1," + String(repeating: "x", count: padding + 1) + "\r\n").utf8).write(to: over)
        let refused = try space.run(["mark", "--from", over.path, "verified"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("over.txt:1: line longer than \(Self.limit) bytes"))
        let shown = try space.run(["merchant", "show", "1", "--format", "csv"])
        #expect(shown.stdout.contains(",displayed,cli,") && !shown.stdout.contains("verified"))
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
