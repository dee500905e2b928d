import Foundation
import Testing

/// FAULT TEST (slow: a 1,000,000-merchant registry and a 1,000,000-row bank file). `qrcov sync
/// import` is killed with SIGKILL at a random point while it writes its one transaction; the
/// registry must then be consistent (`PRAGMA integrity_check`), show nothing of the killed import
/// (no event from the bank, no ledger row), and a re-run must apply the file exactly once; a third
/// run is a no-op. About 1 minute against a release `qrcov` (`QRCOV_BIN=.build/release/qrcov`),
/// several against a debug build. (It needs the full size: a smaller import's transaction fits in
/// SQLite's page cache and reaches the WAL only at its commit, leaving no moment to kill it in.)
@Suite("Sync fault test: kill -9 during a 1M-row import", .serialized)
struct SyncFaultTests {
    static let rows = 1_000_000
    /// Hưng Yên communes (2025 codes) the merchants are spread over.
    static let communes = ["11953", "11977", "11980", "11983", "11992", "11995"]
    static let owners = [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Hữu Cường", "Phạm Ngọc Dung", "Hoàng Minh Hà", "Đặng Quang Hùng",
    ]

    /// Merchant `i`'s phone: 09 and eight digits, distinct for every i below 10^8 (7919 is prime to 10^8).
    static func phone(_ i: Int) -> String { "09" + eightDigits((i * 7919 + 12345) % 100_000_000) }

    static func eightDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// The project's merchant CSV (`qrcov merchant import`): made-up shops with distinct phones.
    static func merchantCSV() -> Data {
        var text = "commune_code,hamlet,name,owner_name,phone,business_type\n"
        text.reserveCapacity(rows * 64)
        for i in 0..<rows {
            text +=
                "\(communes[i % communes.count]),Thôn Đông,Cửa hàng \(i),\(owners[i % owners.count]),\(phone(i)),tạp hóa\n"
        }
        return Data(text.utf8)
    }

    /// A generic-profile bank file: every merchant, by phone, displayed on a day in October 2025.
    static func bankCSV() -> Data {
        var text = "phone,status,date\n"
        text.reserveCapacity(rows * 32)
        for i in 0..<rows { text += "\(phone(i)),displayed,\((i % 28) + 1)/10/2025\n" }
        return Data(text.utf8)
    }

    /// Runs the sqlite3 shell on the registry and returns its output, trimmed.
    static func sqlite(_ database: URL, _ sql: String) throws -> String {
        try ExternalTools.sqlite(database.path, sql, readOnly: false)
    }

    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test(
        "kill -9 at a random point of the write: consistent, nothing visible, re-run applies once, third run is a no-op",
        .timeLimit(.minutes(30)))
    func killDuringImport() throws {
        let folder = try QRCovProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("qrcov.sqlite")
        let environment = ["QRCOV_DB": database.path]
        try Self.merchantCSV().write(to: folder.appendingPathComponent("merchants.csv"))
        for arguments in [["init", "--province", "33"], ["merchant", "import", "merchants.csv"]] {
            let result = try QRCovProcess.run(arguments, environment: environment, in: folder)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        try Self.bankCSV().write(to: folder.appendingPathComponent("bank.csv"))
        // The WAL the import writes starts empty (each command leaves it so; the checkpoint makes
        // sure), so its growth measures the import's own progress.
        _ = try Self.sqlite(database, "PRAGMA wal_checkpoint(TRUNCATE)")
        try #require(Self.fileSize(database.path + "-wal") == 0)

        // The import, killed once its transaction has written a random amount to the WAL: 1 to 48 MiB
        // past what the WAL holds when the import starts, well before its commit (the full write
        // is over 100 MiB).
        let import_ = Process()
        import_.executableURL = QRCovProcess.binary
        import_.arguments = ["sync", "import", "bank.csv", "--profile", "generic"]
        import_.currentDirectoryURL = folder
        var processEnvironment = ProcessInfo.processInfo.environment
        processEnvironment["QRCOV_DB"] = database.path
        import_.environment = processEnvironment
        import_.standardOutput = FileHandle.nullDevice
        let logFile = folder.appendingPathComponent("killed.log")
        try Data().write(to: logFile)
        import_.standardError = try FileHandle(forWritingTo: logFile)
        let wal = database.path + "-wal"
        let threshold = Int.random(in: (1 << 20)...(48 << 20))
        try import_.run()
        var walAtStart: Int?
        var killedAt: Int?
        while import_.isRunning {
            let size = Self.fileSize(wal)
            if walAtStart == nil, size > 0 { walAtStart = size }
            if let start = walAtStart, size - start >= threshold {
                kill(import_.processIdentifier, SIGKILL)
                killedAt = size
                break
            }
            usleep(20_000)
        }
        import_.waitUntilExit()
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        try #require(
            killedAt != nil,
            "the import ended (exit \(import_.terminationStatus)) before writing \(threshold) bytes to the WAL: \(log)")
        #expect(import_.terminationReason == .uncaughtSignal && import_.terminationStatus == SIGKILL)
        print(
            "sync fault test: killed the import with \(killedAt!) bytes in the WAL (threshold \(threshold) past \(walAtStart!))"
        )

        // Consistent, and nothing of the killed import is visible.
        #expect(try Self.sqlite(database, "PRAGMA integrity_check") == "ok")
        #expect(try Self.sqlite(database, "SELECT COUNT(*) FROM qr_status_event WHERE source = 'bank'") == "0")
        #expect(try Self.sqlite(database, "SELECT COUNT(*) FROM import_record") == "0")
        #expect(try Self.sqlite(database, "SELECT COUNT(*) FROM merchant_state WHERE status <> 'none'") == "0")

        // The re-run applies the file exactly once.
        let rerun = try QRCovProcess.run(
            ["sync", "import", "bank.csv", "--profile", "generic"], environment: environment, in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            try Self.sqlite(
                database, "SELECT COUNT(*), COUNT(DISTINCT merchant_id) FROM qr_status_event WHERE source = 'bank'")
                == "\(Self.rows)|\(Self.rows)")
        #expect(try Self.sqlite(database, "SELECT COUNT(*), SUM(events) FROM import_record") == "1|\(Self.rows)")
        #expect(
            try Self.sqlite(database, "SELECT COUNT(*) FROM merchant_state WHERE status = 'displayed'")
                == "\(Self.rows)")

        // A third run finds the file in the ledger and changes nothing.
        let third = try QRCovProcess.run(
            ["sync", "import", "bank.csv", "--profile", "generic"], environment: environment, in: folder)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("bank.csv was already imported"), "\(third.stderr)")
        #expect(third.stderr.contains("nothing to do"))
        #expect(
            try Self.sqlite(database, "SELECT COUNT(*) FROM qr_status_event WHERE source = 'bank'") == "\(Self.rows)")
        #expect(try Self.sqlite(database, "PRAGMA integrity_check") == "ok")
    }
}
