import Foundation

/// Runs the built `qrcov` binary, as a user or a script would, and captures what it prints.
///
/// The binary is `$QRCOV_BIN` when set, else `qrcov` beside the test bundle (SwiftPM builds
/// the executable into the same folder as the test runner).
struct QRCovProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["QRCOV_BIN"] { return URL(fileURLWithPath: path) }
        var folder = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("qrcov")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "qrcov")
    }()

    /// Runs `qrcov args…` with optional standard input, extra environment and working folder.
    /// With a `launcher` (a program and its arguments, e.g. `setpriv …`), runs
    /// `launcher… binary args…` instead. With `fileSizeLimit` (bytes), every file the process
    /// writes stops growing there (`RLIMIT_FSIZE`, through `prlimit`, `SIGXFSZ` ignored): a write
    /// past it fails with `EFBIG`, as one fails on a full disk — for outputs that cannot be
    /// written whole.
    @discardableResult
    static func run(
        _ arguments: [String],
        stdin: String? = nil,
        environment: [String: String] = [:],
        in directory: URL? = nil,
        launcher: [String] = [],
        binary: URL = QRCovProcess.binary,
        fileSizeLimit: Int? = nil
    ) throws -> Result {
        let process = Process()
        if let fileSizeLimit {
            // An ignored signal stays ignored across exec, so the write fails instead of killing qrcov.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "trap '' XFSZ; exec \"$@\"", "sh"] + launcher
                + ["prlimit", "--fsize=\(fileSizeLimit)", binary.path] + arguments
        } else if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "QRCOV_DB")
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        reader.start()
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            stdoutData: outData
        )
    }

    /// A fresh temporary folder, removed by the caller with `FileManager.removeItem`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qrcov-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
