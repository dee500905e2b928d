/// Why a registry operation was refused.
public enum RegistryError: Error, Equatable, CustomStringConvertible {
    case invalidMerchant(MerchantValidationError)
    /// Another merchant has the same commune + phone, tax code, or bank account.
    case duplicate(existingId: Int64, reason: String)
    case unknownMerchants([Int64])
    case alreadyClosed(id: Int64, on: CalendarDay)
    case closesBeforeOpening(id: Int64, opened: CalendarDay)
    case unknownCommune(String)
    case unknownProvince(String)
    /// The registry's largest merchant id is ``Merchant/maximumId`` or above: no id is left for a
    /// new merchant.
    case noMerchantIdLeft(largest: Int64)
    /// Status events outside their merchants' open days (``EventDayConflict``), not forced.
    case eventsOutsideOpenDays([MerchantEventConflict])

    public var description: String {
        switch self {
        case .invalidMerchant(let error): error.description
        case .duplicate(let id, let reason): "duplicate of merchant \(id) (\(reason)); use --force to add it anyway"
        case .unknownMerchants(let ids):
            ids.count == 1
                ? "no merchant with id \(ids[0])"
                : "no merchants with ids \(ids.prefix(20).map(String.init).joined(separator: ", "))\(ids.count > 20 ? "… (\(ids.count) in all)" : "")"
        case .alreadyClosed(let id, let day): "merchant \(id) is already closed (on \(day))"
        case .closesBeforeOpening(let id, let opened): "merchant \(id) opened on \(opened); it cannot close before that"
        case .unknownCommune(let code): "no commune with code \(code) in this registry"
        case .unknownProvince(let code): "no province with code \(code) in this registry"
        case .noMerchantIdLeft(let largest):
            "no merchant id is left for a new merchant: the largest in the registry is \(largest), "
                + "and ids go up to \(Merchant.maximumId) (2^53 − 1)"
        case .eventsOutsideOpenDays(let conflicts):
            conflicts.count == 1
                ? "\(conflicts[0]); nothing recorded (check the date, or use --force to record it anyway)"
                : "\(conflicts.count) events outside their merchants' open days, nothing recorded (check the date, "
                    + "or use --force to record them anyway): "
                    + conflicts.prefix(10).map(\.description).joined(separator: "; ")
                    + (conflicts.count > 10 ? "; …" : "")
        }
    }
}
