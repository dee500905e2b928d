import VietQR

/// What one shop's sticker shows, as entered in the registry or on the command line.
public struct StickerSpec: Sendable, Equatable, Hashable, Codable {
    /// The registry's merchant id, printed small for tracking and used for file names.
    public var merchantID: String
    /// The shop's name with its Vietnamese diacritics.
    public var shopName: String
    /// The account holder's name as the bank has it.
    public var holder: String
    /// The bank's 6-digit acquirer BIN.
    public var bin: String
    /// The account number.
    public var account: String
    /// The commune (xã / phường) name.
    public var commune: String

    /// A spec with these fields as given; ``payload()`` checks the BIN and account.
    public init(merchantID: String, shopName: String, holder: String, bin: String, account: String, commune: String) {
        self.merchantID = merchantID
        self.shopName = shopName
        self.holder = holder
        self.bin = bin
        self.account = account
        self.commune = commune
    }

    /// The static VietQR payload for transfers to the account: BIN and account only, so the
    /// code stays at a low version with large modules; the payer's bank app looks up and shows
    /// the holder's name. Throws ``VietQRError`` when the BIN or the account is invalid.
    public func payload() throws(VietQRError) -> String {
        try VietQRPayload(bin: bin, account: account, service: .toAccount, initiation: .staticQR).encoded()
    }

    /// The bank's short name from the bank directory, or the BIN when the bank is unknown.
    public var bankName: String { BankDirectory.shared.bank(bin: bin)?.shortName ?? "BIN \(bin)" }
}
