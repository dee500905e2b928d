import Foundation
import Testing

/// Every command that writes a file, against every kind of bad output target: the registry, its
/// `-wal` and `-shm` files, a hard and a symbolic link to it, an input of the command, the same
/// file given twice, a folder, a path in a missing folder, a path in a read-only folder, and a
/// full disk. Each run must end with its exit code (73 cannot create, 74 a full disk) and a clear
/// message, and leave the registry and the inputs byte for byte as they were, the target as it
/// was, and no temporary file behind. Then the same command with a good target succeeds, so the
/// failures are the targets' doing.
///
/// Not here: `merchant import --rejects` against targets that fail only when written (a folder,
/// a missing or read-only folder, a full disk), whose import commits first (merchant import
/// creating its outputs before its transaction is a change of its own); `init`, whose output is
/// the registry itself (RegistryFileTests).
@Suite struct HostileOutputTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// The kinds of bad target.
    enum Kind: String, CaseIterable, Sendable {
        case registry, wal, shm, hardLink, symbolicLink, input, twice, folder, missingFolder, readOnlyFolder, diskFull

        /// Refused by name before anything is written.
        static let identities: Set<Kind> = [.registry, .wal, .shm, .hardLink, .symbolicLink, .input, .twice]
    }

    /// A command that writes a file: its arguments around the output under test.
    struct Writer: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: @Sendable (String) -> [String]
        /// The input file a target may be (in the workspace).
        var input: String?
        /// Its arguments with two outputs, for the same file given twice.
        var twice: (@Sendable (String, String) -> [String])?
        /// The output's extension; `strict` when the command refuses another one (usage, 64).
        var ext = ".csv"
        var strict = false
        /// The output is a folder (`--output-dir`, `demo --dir`): any file in its way is refused.
        var isFolder = false
        /// The kinds this writer is run against (nil: all that apply).
        var kinds: Set<Kind>?

        var testDescription: String { name }
    }

    static let sticker = [
        "sticker", "--bank", "VCB", "--account", "0011004299999", "--name", "Phở", "--font", "font.ttf",
    ]
    static let stickers = ["stickers", "--from", "stickers.csv", "--font", "font.ttf"]
    static let sync = ["sync", "import", "bank.csv", "--profile", "generic"]
    static let syncBad = [
        "sync", "import", "bank-bad.csv", "--profile", "generic", "--skip-invalid", "--plan", "p.csv",
    ]

    static let writers: [Writer] = [
        Writer(name: "merchant export -o", arguments: { ["merchant", "export", "-o", $0] }),
        Writer(
            name: "merchant import --rejects",
            arguments: { ["merchant", "import", "shops.csv", "--skip-invalid", "--rejects", $0] }, input: "shops.csv",
            kinds: Kind.identities),
        Writer(
            name: "coverage -o", arguments: { ["coverage", "--province", "33", "--format", "csv", "-o", $0] },
            twice: { ["coverage", "--province", "33", "--format", "csv", "-o", $0, "--chart", $1] }),
        Writer(name: "coverage --chart", arguments: { ["coverage", "--province", "33", "--chart", $0] }, ext: ".svg"),
        Writer(
            name: "coverage --format xlsx",
            arguments: { ["coverage", "--province", "33", "--format", "xlsx", "-o", $0] },
            ext: ".xlsx"),
        Writer(
            name: "sync import --plan", arguments: { sync + ["--plan", $0] }, input: "bank.csv",
            twice: { sync + ["--plan", $0, "--rejects", $1] }),
        Writer(name: "sync import --rejects", arguments: { syncBad + ["--rejects", $0] }, input: "bank-bad.csv"),
        Writer(
            name: "sync export csv",
            arguments: { ["sync", "export", "--commune", "11953", "--format", "csv", "-o", $0] }),
        Writer(
            name: "sync export xlsx",
            arguments: { ["sync", "export", "--commune", "11953", "--format", "xlsx", "-o", $0] }, ext: ".xlsx"),
        Writer(name: "sticker png", arguments: { sticker + ["-o", $0] }, input: "font.ttf", ext: ".png"),
        Writer(name: "sticker pdf", arguments: { sticker + ["-o", $0] }, input: "font.ttf", ext: ".pdf"),
        Writer(
            name: "stickers --sheet", arguments: { stickers + ["--output-dir", "out", "--sheet", $0] }, ext: ".pdf",
            strict: true),
        Writer(name: "qr -o", arguments: { ["qr", payload, "-o", $0] }, ext: ".png"),
        Writer(
            name: "stickers --output-dir", arguments: { stickers + ["--output-dir", $0] }, input: "stickers.csv",
            isFolder: true),
        Writer(
            name: "qr --output-dir", arguments: { ["qr", "--from", "list.txt", "--output-dir", $0] }, input: "list.txt",
            isFolder: true),
        Writer(name: "demo --dir", arguments: { ["demo", "--dir", $0, "--merchants", "10"] }, isFolder: true),
    ]

    static let payload = "00020101021138540010A00000072701240006970436011001234567890208QRIBFTTA53037045802VN63046A15"

    /// A registry with one merchant with an account, and the inputs the writers read.
    static func workspace() throws -> Workspace {
        let space = try Workspace()
        _ = try space.add([
            "--commune", "11953", "--name", "Tạp hóa An", "--phone", "0912000001", "--bin", "970436",
            "--account", "0011004299999", "--holder", "NGUYEN VAN AN",
        ])
        let files = [
            "shops.csv": "commune_code,name\n11953,Phở\n11953,\n",
            "bank.csv": "merchant_id,status,date\n1,displayed,2025-10-05\n",
            "bank-bad.csv": "merchant_id,status,date\n1,displayed,2025-10-05\nx,bogus,2025-10-05\n",
            "stickers.csv": "merchant_id,shop_name,holder,bin,account,commune\n1,Phở,AN,970436,0011004299999,X\n",
            "list.txt": payload + "\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: space.folder.appendingPathComponent(name)) }
        try FileManager.default.copyItem(
            atPath: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            toPath: space.folder.appendingPathComponent("font.ttf").path)
        return space
    }

    /// The target of `kind` for `writer` in `space`, made as it must be; nil when the kind does
    /// not apply to the writer or cannot be made here (said on stderr).
    static func target(_ kind: Kind, for writer: Writer, in space: Workspace, readOnly: URL?) throws -> String? {
        let ext = writer.isFolder ? "" : writer.ext
        let file = { (name: String) in space.folder.appendingPathComponent(name).path }
        let fixedName = writer.strict ? nil : space.database
        switch kind {
        case .registry: return fixedName
        case .wal, .shm:
            let path = space.database + "-" + kind.rawValue
            return fixedName != nil && FileManager.default.fileExists(atPath: path) ? path : nil
        case .hardLink:
            if !FileManager.default.fileExists(atPath: file("hard" + ext)) {
                try FileManager.default.linkItem(atPath: space.database, toPath: file("hard" + ext))
            }
            return file("hard" + ext)
        case .symbolicLink:
            if !FileManager.default.fileExists(atPath: file("soft" + ext)) {
                try FileManager.default.createSymbolicLink(
                    atPath: file("soft" + ext), withDestinationPath: space.database)
            }
            return file("soft" + ext)
        case .input: return writer.input.map(file)
        case .twice: return writer.twice == nil ? nil : "both" + ext
        case .folder:
            guard !writer.isFolder else { return nil }
            try FileManager.default.createDirectory(atPath: file("folder" + ext), withIntermediateDirectories: true)
            return "folder" + ext
        case .missingFolder: return writer.isFolder ? nil : "missing/out" + ext
        case .readOnlyFolder: return readOnly.map { $0.lastPathComponent + "/out" + ext }
        case .diskFull:
            if !BadTargets.isCharacterDevice(file("full" + ext)) {
                guard BadTargets.makeDiskFull(at: file("full" + ext)) else { return nil }
            }
            return "full" + ext
        }
    }

    /// The exit code and one of the messages a run against `kind` must give.
    static func expected(_ kind: Kind, for writer: Writer) -> (Int32, [String]) {
        if writer.isFolder { return (73, ["cannot create"]) }
        switch kind {
        case .registry, .wal, .shm, .hardLink, .symbolicLink: return (73, ["refusing to write", "it is the registry"])
        case .input: return (73, ["refusing to write", "it is the input"])
        case .twice: return (73, ["they are the same file"])
        case .folder: return (73, ["it is a folder"])
        case .missingFolder: return (73, ["No such file or directory"])
        case .readOnlyFolder: return (73, ["Permission denied", "Operation not permitted"])
        case .diskFull: return (74, ["No space left on device", "error while writing", "ZIP_ERRNO"])
        }
    }

    @Test(arguments: writers) func everyBadTargetFailsCleanlyAndTouchesNothing(_ writer: Writer) throws {
        let space = try Self.workspace()
        let readOnly = space.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
        let undoReadOnly = BadTargets.makeReadOnly(readOnly)
        defer {
            undoReadOnly?()
            space.remove()
        }
        if undoReadOnly == nil { print("HostileOutputTests: no read-only folder can be made here (root on tmpfs?)") }
        // The registry and its WAL (SQLite's -shm index is shared memory that readers write to).
        let kept =
            [space.database, space.database + "-wal"]
            + ["shops.csv", "bank.csv", "bank-bad.csv", "stickers.csv", "list.txt", "font.ttf"].map {
                space.folder.appendingPathComponent($0).path
            }
        let before = kept.map { FileManager.default.contents(atPath: $0) }
        var ran = 0
        for kind in Kind.allCases where writer.kinds?.contains(kind) ?? true {
            guard
                let target = try Self.target(
                    kind, for: writer, in: space, readOnly: undoReadOnly == nil ? nil : readOnly)
            else { continue }
            let arguments = kind == .twice ? writer.twice!(target, target) : writer.arguments(target)
            let result = try space.run(arguments)
            let (status, messages) = Self.expected(kind, for: writer)
            let context = "\(writer.name) → \(kind) (\(target)): exit \(result.status), \(result.stderr)"
            #expect(result.status == status, "\(context)")
            #expect(messages.contains { result.stderr.contains($0) }, "\(context)")
            for (path, bytes) in zip(kept, before) {
                #expect(FileManager.default.contents(atPath: path) == bytes, "\(context): \(path) changed")
            }
            #expect(BadTargets.temporaryFiles(under: space.folder).isEmpty, "\(context): temporary files left")
            if kind == .diskFull {
                #expect(BadTargets.isCharacterDevice(space.folder.path + "/" + target), "\(context)")
            }
            if kind == .folder {
                let inside = try FileManager.default.contentsOfDirectory(atPath: space.folder.path + "/" + target)
                #expect(inside.isEmpty, "\(context)")
            }
            ran += 1
        }
        #expect(ran >= 3, "\(writer.name): only \(ran) kinds of target ran")
        let good = writer.isFolder ? "good" : "good" + writer.ext
        let fine = try space.run(writer.arguments(good))
        #expect(fine.status == 0, "\(writer.name) → \(good): \(fine.stderr)")
        #expect(FileManager.default.fileExists(atPath: space.folder.appendingPathComponent(good).path))
    }
}
