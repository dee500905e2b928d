import Foundation

/// One bank file applied to the registry, in the import ledger: the SHA-256 of its bytes (the
/// key: the same file is never applied twice), the profile and bank, when, and what it did.
public struct ImportRecord: Sendable, Equatable, Codable {
    /// 64 lower-case hexadecimal digits.
    public var sha256: String
    public var profile: String
    /// The BIN of the profile's bank, nil when the profile is not one bank's.
    public var bank: String?
    /// The source of the status events the import recorded.
    public var source: String
    /// The file's name as given on the command line (without its folder).
    public var fileName: String
    public var importedAt: Date
    public var counts: ImportCounts

    public init(
        sha256: String, profile: String, bank: String?, source: String, fileName: String, importedAt: Date,
        counts: ImportCounts
    ) {
        self.sha256 = sha256
        self.profile = profile
        self.bank = bank
        self.source = source
        self.fileName = fileName
        self.importedAt = importedAt
        self.counts = counts
    }
}

/// What an import did (or, in a dry run, would do), row by row.
public struct ImportCounts: Sendable, Equatable, Codable {
    /// Data rows read (blank rows not counted).
    public var rows = 0
    /// Status events added.
    public var events = 0
    /// Merchants given account details they lacked.
    public var accounts = 0
    /// Merchants created for unmatched rows (`--create-missing`).
    public var created = 0
    /// Matched rows with nothing to change.
    public var unchanged = 0
    /// Rows left for a person to check (ambiguous match, conflicting keys or account details).
    public var review = 0
    /// Rows that match no merchant and were not created.
    public var unmatched = 0
    /// Invalid rows (rejected).
    public var rejected = 0

    public init() {}
}
