/// How contact details are shown in material that circulates widely (listings, reports): the
/// middle of a phone number and all but the last four characters of an account are hidden.
public enum ContactMasking {
    /// `0912345678` → `0912***678`; numbers of six characters or fewer are shown as they are.
    public static func phone(_ phone: String?) -> String {
        guard let phone, phone.count > 6 else { return phone ?? "" }
        return String(phone.prefix(4)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(3))
    }

    /// `0123456789` → `******6789`; accounts of four characters or fewer are shown as they are.
    public static func account(_ account: String?) -> String {
        guard let account, account.count > 4 else { return account ?? "" }
        return String(repeating: "*", count: account.count - 4) + String(account.suffix(4))
    }
}
