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
        }
    }
}
