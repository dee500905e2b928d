import Foundation
import Testing

/// An output that cannot be written whole (a full disk; here a file-size limit, which fails the
/// same `write(2)`) fails the command before its registry transaction commits: exit 74, the
/// registry byte for byte as it was, no output left behind, and a retry imports everything once.
@Suite struct OutputFailureTests {
    typealias Workspace = RegistryCommandTests.Workspace

    /// Outputs stop growing at this size; the registry (under 100 KB here) never gets near it.
    static let limit = 300_000

    /// The registry's main and WAL files.
    static func registryBytes(_ space: Workspace) throws -> [Data] {
        // Between commands the registry is its main file alone (no -wal or -shm: the file list shows it).
        try [Data(contentsOf: URL(fileURLWithPath: space.database))]
    }

    /// The files of the workspace folder, temporary ones included.
    static func files(_ space: Workspace) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: space.folder.path))
    }

    @Test func merchantImportRollsBackWhenTheRejectsFileCannotBeWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        // Three valid rows, then enough invalid ones (a bad phone) to make a rejects file over the limit.
        var text = "commune_code,name,phone\n"
        for index in 0..<3 { text += "11953,Tạp hóa \(index),091200000\(index)\n" }
        for index in 0..<3000 { text += "11953,Cửa hàng \(index) \(String(repeating: "x", count: 150)),12345\n" }
        try text.write(to: space.folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        let before = try Self.registryBytes(space)
        let filesBefore = try Self.files(space)

        let failed = try QRCovProcess.run(
            ["merchant", "import", "m.csv", "--skip-invalid"], environment: ["QRCOV_DB": space.database],
            in: space.folder, fileSizeLimit: Self.limit)
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(failed.stderr.contains("m.rejects.csv"), "\(failed.stderr)")
        #expect(try Self.registryBytes(space) == before, "the failed import changed the registry")
        #expect(try Self.files(space) == filesBefore, "the failed import left a file behind")

        // The retry imports the valid rows (none is a duplicate of a half-done import) and writes the rejects.
        let retry = try space.run(["merchant", "import", "m.csv", "--skip-invalid"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("Imported 3 merchants"), "\(retry.stdout)")
        let rejects = try String(contentsOf: space.folder.appendingPathComponent("m.rejects.csv"), encoding: .utf8)
        #expect(rejects.split(separator: "\r\n").count == 3001)
    }

    @Test func bankImportRollsBackWhenItsPlanOrRejectsCannotBeWritten() throws {
        let space = try Workspace()
        defer { space.remove() }
        let merchants = "commune_code,name,phone\n11953,Tạp hóa An,0912000001\n"
        try merchants.write(to: space.folder.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        #expect(try space.run(["merchant", "import", "m.csv"]).status == 0)
        // One row that applies, then invalid ones: plan and rejects each over the limit, each under
        // the 1 MiB the import buffers before it writes.
        var bank = "phone,status,date,name\n0912000001,displayed,01/10/2025,An\n"
        for _ in 0..<3000 { bank += "12345,displayed,01/10/2025,\(String(repeating: "y", count: 150))\n" }
        try bank.write(to: space.folder.appendingPathComponent("bank.csv"), atomically: true, encoding: .utf8)
        let before = try Self.registryBytes(space)
        let filesBefore = try Self.files(space)

        let arguments = ["sync", "import", "bank.csv", "--profile", "generic", "--skip-invalid"]
        let failed = try QRCovProcess.run(
            arguments, environment: ["QRCOV_DB": space.database], in: space.folder, fileSizeLimit: Self.limit)
        #expect(failed.status == 74, "\(failed.stderr)")
        #expect(try Self.registryBytes(space) == before, "the failed import changed the registry")
        #expect(try Self.files(space) == filesBefore, "the failed import left a file behind")

        // The file is not in the ledger: the retry applies it.
        let retry = try space.run(arguments)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stderr.contains("Applied in one transaction"), "\(retry.stderr)")
        let list = try space.run(["merchant", "list", "--format", "csv"])
        #expect(list.stdout.contains("displayed,2025-10-01"), "\(list.stdout)")
    }
}
