import Foundation

/// A folder for the hostile-registry tests: `work/` (the commands' inputs and outputs, their
/// working folder) and `registry/z.sqlite`, a real registry made bad in one way
/// (``BadRegistry/make(_:)``).
struct HostileFolder {
    let root: URL
    var work: URL { root.appendingPathComponent("work") }
    var registryFolder: URL { root.appendingPathComponent("registry") }
    var registry: String { registryFolder.appendingPathComponent("z.sqlite").path }
    /// `--db` as the commands get it, from `work/`.
    static let dbArgument = "../registry/z.sqlite"
    /// How long a write waits for another's (`QRCOV_BUSY_TIMEOUT`): short, so the busy cases take a second.
    static let busyTimeout = "0.4"

    /// The commands' inputs in `work/`, byte for byte as they must stay.
    static let inputs: [String: String] = [
        "more.csv": "commune_code,name,phone\n11953,Quán mới,0912000077\n",
        "bank.csv": "merchant_id,tax_code,phone,bin,account,account_name,status,date\n1,,,,,,verified,2025-10-06\n",
        "ids.txt": "1\n2\n",
    ]

    /// A registry of Hưng Yên with three merchants with bank accounts (one with a QR on display,
    /// one registered) in `registry/`, and the inputs in `work/`.
    init() throws {
        root = try QRCovProcess.temporaryDirectory()
        let files = FileManager.default
        try files.createDirectory(at: work, withIntermediateDirectories: false)
        try files.createDirectory(at: registryFolder, withIntermediateDirectories: false)
        let merchants = root.appendingPathComponent("merchants.csv")
        try Data(
            """
            commune_code,hamlet,name,phone,bank_bin,account_number,account_name,status,status_at
            11953,TDP 1,Tạp hóa An,0912000001,970436,0011000001,NGUYEN VAN AN,displayed,2025-10-05
            11953,TDP 2,Quán Bình,0912000002,970436,0011000002,TRAN THI BINH,registered,2025-10-01
            11953,TDP 2,Sửa xe Cường,0912000003,970436,0011000003,LE VAN CUONG,,

            """.utf8
        ).write(to: merchants)
        // The import, a bulk write, leaves one frame in the WAL file (the first page): the other
        // pages are in the main file alone (``BadRegistry/damagedPages``).
        for arguments in [["init", "--province", "33"], ["merchant", "import", merchants.path]] {
            let result = try QRCovProcess.run(arguments + ["--db", Self.dbArgument], in: work)
            guard result.status == 0 else { throw FixtureError(description: "\(arguments): \(result.stderr)") }
        }
        for (name, text) in Self.inputs { try Data(text.utf8).write(to: work.appendingPathComponent(name)) }
    }

    /// The registry folder as the tests compare it: each file's bytes, a directory's entries,
    /// and only the presence of the `-shm` file (shared memory, rewritten by every reader).
    func registrySnapshot() throws -> [String: Data?] {
        try snapshot(of: registryFolder, skippingContentsOf: "-shm")
    }

    /// The inputs' bytes in `work/`.
    func inputBytes() -> [String: Data?] {
        Dictionary(
            uniqueKeysWithValues: Self.inputs.keys.map {
                ($0, FileManager.default.contents(atPath: work.appendingPathComponent($0).path))
            })
    }

    /// What `work/` holds, names sorted.
    func workEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
    }

    private func snapshot(of folder: URL, skippingContentsOf suffix: String) throws -> [String: Data?] {
        let files = FileManager.default
        var result: [String: Data?] = [:]
        for name in try files.contentsOfDirectory(atPath: folder.path) {
            let path = folder.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            _ = files.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                result[name + "/"] = Data(
                    try files.contentsOfDirectory(atPath: path).sorted().joined(separator: "\n").utf8)
            } else if name.hasSuffix(suffix) {
                result[name] = .some(nil)
            } else {
                // A file this process may not read (not as root): its size stands in for its bytes.
                let size = (try files.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
                result[name] = files.contents(atPath: path) ?? Data("size \(size)".utf8)
            }
        }
        return result
    }

    /// Removes the folder, giving back the permissions a bad registry took away.
    func remove() {
        for url in [root, work, registryFolder] { chmod(url.path, 0o755) }
        chmod(registry, 0o644)
        try? FileManager.default.removeItem(at: root)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
}

/// A command that takes `--db`, with what it does to the registry.
struct RegistryCommandCase: Sendable, CustomStringConvertible {
    let arguments: [String]
    /// It records something (all it records is refused on every bad registry).
    let writes: Bool
    /// It reads the merchants or their history, not only the communes.
    let readsMerchants: Bool

    var description: String { arguments.joined(separator: " ") }

    /// Every command that takes `--db`; `init` last, as on an empty file it creates the registry.
    static let all: [RegistryCommandCase] = [
        .init(arguments: ["communes", "--province", "33"], writes: false, readsMerchants: false),
        .init(arguments: ["merchant", "list"], writes: false, readsMerchants: true),
        .init(arguments: ["merchant", "show", "1"], writes: false, readsMerchants: true),
        .init(arguments: ["merchant", "export"], writes: false, readsMerchants: true),
        .init(arguments: ["coverage", "--province", "33"], writes: false, readsMerchants: true),
        .init(arguments: ["trend", "--province", "33"], writes: false, readsMerchants: true),
        .init(
            arguments: ["stickers", "--commune", "11953", "--output-dir", "stickers"], writes: false,
            readsMerchants: true),
        .init(
            arguments: ["sync", "export", "--commune", "11953", "-o", "outreach.csv"], writes: false,
            readsMerchants: true),
        .init(
            arguments: ["sync", "import", "bank.csv", "--profile", "generic", "--dry-run"], writes: false,
            readsMerchants: true),
        .init(arguments: ["backup", "copy.sqlite"], writes: false, readsMerchants: true),
        .init(
            arguments: ["merchant", "add", "--commune", "11953", "--name", "Quán Dũng"], writes: true,
            readsMerchants: true),
        .init(arguments: ["merchant", "edit", "1", "--name", "Tạp hóa An Khang"], writes: true, readsMerchants: true),
        .init(arguments: ["merchant", "close", "2"], writes: true, readsMerchants: true),
        .init(arguments: ["mark", "3", "registered"], writes: true, readsMerchants: true),
        .init(arguments: ["mark", "--from", "ids.txt", "verified"], writes: true, readsMerchants: true),
        .init(arguments: ["merchant", "import", "more.csv"], writes: true, readsMerchants: true),
        .init(arguments: ["sync", "import", "bank.csv", "--profile", "generic"], writes: true, readsMerchants: true),
        .init(arguments: ["init", "--province", "33"], writes: false, readsMerchants: false),
    ]
}

/// Another process holding the registry's lock: the sqlite3 shell in a transaction (keeping the
/// WAL file when it closes, as qrcov does, so the files stay as they were).
final class RegistryLock: @unchecked Sendable {  // released once, from any one thread
    private let process = Process()
    private let input = Pipe()

    /// `exclusive`: no one may even read (`locking_mode = EXCLUSIVE`); else a writer's lock,
    /// which lets others read.
    init(_ database: String, exclusive: Bool) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let transaction =
            exclusive
            ? "PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT count(*) FROM commune;\n"
            : "BEGIN IMMEDIATE;\n"
        input.fileHandleForWriting.write(Data((".filectrl persist_wal 1\n" + transaction + ".print locked\n").utf8))
        var said = Data()
        while !String(decoding: said, as: UTF8.self).contains("locked\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw FixtureError(description: "sqlite3 ended before taking the lock") }
            said += chunk
        }
    }

    /// Ends the transaction and the shell.
    func release() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Runs qrcov as a user without root's rights when the tests run as root (CI does): root reads
/// and writes any file whatever its permissions, so a read-only registry would not be one. The
/// binary is copied into the test's folder, which that user may enter (the build folder may be
/// under /root).
enum Unprivileged {
    static let isRoot = getuid() == 0
    /// `nobody`.
    static let user: uid_t = 65534

    /// The launcher and binary for `QRCovProcess.run`: `setpriv` as `nobody` when root, else qrcov itself.
    static func launcher(in folder: URL) throws -> (launcher: [String], binary: URL) {
        guard isRoot else { return ([], QRCovProcess.binary) }
        let copy = folder.appendingPathComponent("qrcov")
        if !FileManager.default.fileExists(atPath: copy.path) {
            try FileManager.default.copyItem(at: QRCovProcess.binary, to: copy)
            chmod(copy.path, 0o755)
        }
        return (["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"], copy)
    }

    /// Gives the folder and everything in it to that user (root only), readable by all.
    static func give(_ folder: URL) throws {
        guard isRoot else { return }
        chmod(folder.path, 0o755)
        chown(folder.path, user, gid_t(user))
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            chown(folder.appendingPathComponent(name).path, user, gid_t(user))
        }
    }
}
