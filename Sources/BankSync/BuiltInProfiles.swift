import Foundation

extension BankProfile {
    /// The profiles shipped in `data/bank-profiles/` (embedded at build time), in listing order:
    /// `generic` (the contract), `qrcov-outreach` (our own export), then the bank examples.
    public static let builtIn: [BankProfile] = {
        let files: [(String, [UInt8])] = [
            ("generic", PackageResources.generic_json),
            ("qrcov-outreach", PackageResources.qrcov_outreach_json),
            ("agribank-example", PackageResources.agribank_example_json),
            ("vietinbank-example", PackageResources.vietinbank_example_json),
        ]
        return files.map { name, bytes in
            do {
                return try BankProfile(json: Data(bytes), origin: "data/bank-profiles/\(name).json")
            } catch {
                preconditionFailure("the embedded profile is invalid: \(error)")
            }
        }
    }()

    /// The built-in profile with this name.
    public static func builtIn(named name: String) -> BankProfile? {
        builtIn.first { $0.name == name }
    }

    /// A profile from a JSON file.
    public static func load(path: String) throws(BankProfileError) -> BankProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BankProfileError(origin: path, message: "no such file or not readable", isUnreadable: true)
        }
        return try BankProfile(json: data, origin: path)
    }
}
