import ArgumentParser
import Concurrency
import DelimitedText
import Foundation
import QRRender
import VietQR

/// `qrcov qr`: renders bare QR code PNGs, one payload or one per line of a file.
struct QRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Render a payload as a QR code PNG (1-bit or 8-bit grayscale).",
        discussion: """
            The payload is checked as a VietQR payload first (--raw encodes any text). With `-` \
            the payload is read from stdin (at most 64 KiB). With --from FILE, every non-blank line is a payload \
            and becomes DIR/<line number>.png (zero-padded), rendered on all cores; any invalid \
            line is reported with its number and nothing is written. The PNG's pHYs chunk makes \
            it print at module-px / dpi inches per module. Files are written to a temporary name \
            and renamed, so a failure never leaves a partial image.
            """
    )

    @Argument(help: "The payload to encode, or - to read it from stdin.")
    var payload: String?

    @Option(name: .shortAndLong, help: "Output PNG file (- for stdout).")
    var output: String?

    @Option(help: "A file with one payload a line; renders each to --output-dir.")
    var from: String?

    @Option(help: "Folder for the PNGs of --from (created if missing).")
    var outputDir: String?

    @Option(help: "Error-correction level: L, M, Q or H.")
    var ec: ECLevel = .M

    @Option(help: "Pixels per module.")
    var modulePx: Int = 10

    @Option(help: "Quiet zone in modules (at least 4 unless --force-margin).")
    var margin: Int = 4

    @Flag(help: "Allow a quiet zone narrower than 4 modules.")
    var forceMargin = false

    @Option(help: "Print resolution recorded in the PNG (dots per inch).")
    var dpi: Int = 300

    @Option(help: "Bits per pixel: 1 (bilevel, smallest) or 8 (grayscale).")
    var depth: Int = 1

    @Flag(help: "Encode the text as it is, without checking it is a VietQR payload.")
    var raw = false

    @Option(help: "Worker threads for --from (default: all cores).")
    var workers: Int?

    func validate() throws {
        if from != nil {
            guard payload == nil, output == nil else {
                throw ValidationError("--from takes no PAYLOAD or --output; use --output-dir.")
            }
            guard outputDir != nil else { throw ValidationError("--from needs --output-dir DIR.") }
        } else {
            guard payload != nil else { throw ValidationError("Give a PAYLOAD (or - for stdin), or --from FILE.") }
            guard output != nil else { throw ValidationError("Give --output FILE.png (or - for stdout).") }
            guard outputDir == nil else { throw ValidationError("--output-dir goes with --from.") }
        }
        guard depth == 1 || depth == 8 else { throw ValidationError("--depth must be 1 or 8.") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1.") }
    }

    var options: QRImageOptions {
        QRImageOptions(
            modulePixels: modulePx, margin: margin, dpi: dpi, depth: depth == 8 ? .eightBit : .oneBit, level: ec)
    }

    func run() throws {
        try OutputCheck.check([output], registry: DatabaseOptions.defaultPath, inputs: [from])
        do {
            try options.validate(allowingSmallMargin: forceMargin)
        } catch {
            throw CLIError(.usage, error.description)
        }
        if let from, let outputDir {
            try renderFile(from, to: outputDir)
        } else if let payload, let output {
            try renderOne(payload == "-" ? try Self.readStandardInput() : payload, to: output)
        }
    }

    private func renderOne(_ text: String, to output: String) throws {
        if !raw { try Self.checkVietQR(text, location: payload == "-" ? "stdin: " : "") }
        do {
            let renderer = try QRImageRenderer(options: options, allowingSmallMargin: forceMargin)
            if output == "-" {
                try renderer.withPNG(for: text) { bytes in FileHandle.standardOutput.write(Data(bytes)) }
            } else {
                try renderer.writePNG(for: text, to: output)
            }
        } catch {
            throw CLIError(error)
        }
    }

    private func renderFile(_ path: String, to folder: String) throws {
        let lines = try Self.readLines(path)
        var payloads: [String] = []
        var numbers: [Int] = []
        var problems: [String] = []
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            if !raw {
                do { try Self.checkVietQR(line, location: "") } catch let error as CLIError {
                    problems.append("\(path):\(index + 1): \(error.message)")
                    continue
                }
            }
            let bytes = line.utf8.count
            if bytes > ec.maximumBytes {
                problems.append(
                    "\(path):\(index + 1): \(QRRenderError.payloadTooLong(bytes: bytes, level: ec, maximum: ec.maximumBytes))"
                )
                continue
            }
            payloads.append(line)
            numbers.append(index + 1)
        }
        guard problems.isEmpty else {
            let shown = problems.prefix(20).joined(separator: "\n")
            let more = problems.count > 20 ? "\n… and \(problems.count - 20) more" : ""
            throw CLIError(.dataError, "\(problems.count) invalid payload(s), nothing written:\n\(shown)\(more)")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError(.cantCreate, "cannot create folder \(folder): \(error.localizedDescription)")
        }
        let width = String(lines.count).count
        let paths = numbers.map { number in
            (folder as NSString).appendingPathComponent(
                String(repeating: "0", count: width - String(number).count) + "\(number).png")
        }
        let bar = ProgressBar(total: payloads.count, label: "QR codes")
        let started = Date()
        let failures: [QRImageBatch.Failure]
        do {
            failures = try QRImageBatch.render(
                payloads: payloads, to: paths, options: options, allowingSmallMargin: forceMargin,
                workers: workers ?? ParallelWork.defaultWorkers, progress: bar.update)
        } catch {
            throw CLIError(error)
        }
        bar.finish()
        if let first = failures.first {
            throw CLIError(
                CLIError(first.error).code,
                "\(failures.count) image(s) failed; first: \(path):\(numbers[first.index]): \(first.error)")
        }
        let seconds = Date().timeIntervalSince(started)
        Terminal.standardError.write(
            "qrcov: wrote \(payloads.count) QR PNGs to \(folder) in \(String(format: "%.2f", seconds)) s\n")
    }

    /// Refuses text that is not a valid VietQR payload, naming the rule it breaks.
    static func checkVietQR(_ text: String, location: String) throws {
        do {
            _ = try VietQRDecoder.decode(text)
        } catch {
            throw CLIError(.dataError, "\(location)invalid VietQR payload: \(error) (use --raw to encode any text)")
        }
    }

    /// All of stdin, without the trailing line break; more than
    /// ``DelimitedText/LineReader/defaultMaxLineBytes`` is no payload (exit 65), and is not read.
    static func readStandardInput() throws -> String {
        let limit = LineReader.defaultMaxLineBytes
        var data = Data()
        while data.count <= limit, let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 16), !chunk.isEmpty {
            data.append(chunk)
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        guard text.utf8.count <= limit else { throw CLIError(.dataError, "stdin: longer than \(limit) bytes") }
        return text
    }

    /// The lines of a UTF-8 text file (CRLF accepted), each at most
    /// ``DelimitedText/LineReader/defaultMaxLineBytes`` long (exit 65 naming the line otherwise).
    static func readLines(_ path: String) throws -> [String] {
        var lines: [String] = []
        do {
            var reader = try LineReader(path: path)
            while let line = try reader.next() { lines.append(line) }
        } catch {
            throw CLIError(error)
        }
        return lines
    }
}

extension ECLevel: ExpressibleByArgument {
    /// Accepts the level in either case (`m` or `M`).
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}

extension CLIError {
    /// Maps a rendering failure to the exit code the user's situation calls for.
    init(_ error: QRRenderError) {
        switch error {
        case .payloadTooLong, .encodingFailed, .invalidPayload: self.init(.dataError, error.description)
        case .marginTooSmall, .invalidOption: self.init(.usage, error.description)
        // A font that cannot serve is an input the command cannot use, missing or not.
        case .fontMissing, .fontUnusable, .fontLacksVietnamese: self.init(.noInput, error.description)
        case .cannotWrite: self.init(.cantCreate, error.description)
        case .pngFailed, .cairoFailed, .writeFailed: self.init(.ioError, error.description)
        }
    }
}
