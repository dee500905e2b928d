import Domain
import Foundation
import QRRender
import Store

/// The stickers a commune still needs: one per open merchant whose current status is in
/// `statuses` (by default those with no QR on display: none, registered) and that has a bank
/// account to put on it; the merchants without an account are returned apart.
public struct StickerList: Sendable {
    /// The commune the list is for.
    public let commune: Commune
    /// The stickers, in the registry's listing order (hamlet, name, id).
    public let specs: [StickerSpec]
    /// The merchants selected that have no bank account to put on a sticker.
    public let skipped: [Merchant]

    /// The statuses of merchants that still need a sticker.
    public static let defaultStatuses: Set<QRStatus> = [.none, .registered]

    /// The list for `commune` (a code, name, or former commune's code or name) on `day`.
    /// Throws ``CommuneLookupError`` for a commune the registry does not know.
    public init(
        store: any RegistryStore, commune: String, statuses: Set<QRStatus> = StickerList.defaultStatuses,
        on day: CalendarDay = .today()
    ) throws {
        let place = try store.communes.resolve(commune)
        self.commune = place
        var specs: [StickerSpec] = []
        var skipped: [Merchant] = []
        let filter = MerchantFilter(scope: .commune(place.code), statuses: statuses, openOn: day)
        for item in try store.merchants(matching: filter) {
            let merchant = item.merchant
            guard let spec = Self.spec(merchant, communeName: place.fullName) else {
                skipped.append(merchant)
                continue
            }
            specs.append(spec)
        }
        self.specs = specs
        self.skipped = skipped
    }

    /// A merchant's sticker: its account, the holder as the bank has it (else the owner), and the
    /// commune's full name; nil when it has no bank account.
    public static func spec(_ merchant: Merchant, communeName: String) -> StickerSpec? {
        guard let bin = merchant.bankBIN, let account = merchant.accountNumber, !bin.isEmpty, !account.isEmpty else {
            return nil
        }
        return StickerSpec(
            merchantID: String(merchant.id), shopName: merchant.name,
            holder: merchant.accountName ?? merchant.ownerName ?? "", bin: bin, account: account, commune: communeName)
    }
}
