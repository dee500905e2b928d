import ArgumentParser
import Domain
import Store

/// The merchant fields `merchant add` and `merchant edit` take (an empty value clears a field on edit).
struct MerchantFieldOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Commune: 2025 code, name, or a former commune's code or name.", valueName: "code"))
    var commune: String?
    @Option(help: "Shop name.")
    var name: String?
    @Option(help: "Thôn / tổ dân phố.")
    var hamlet: String?
    @Option(help: "Street address.")
    var address: String?
    @Option(help: "Owner's name.")
    var owner: String?
    @Option(help: "Phone (0912345678, +84 912 345 678, …).")
    var phone: String?
    @Option(help: "Tax code (10 or 13 digits).")
    var taxCode: String?
    @Option(name: .customLong("type"), help: "Business type (tạp hóa, quán ăn, …).")
    var businessType: String?
    @Option(help: ArgumentHelp("Opening date (YYYY-MM-DD or dd/MM/yyyy); unknown if not given.", valueName: "date"))
    var opened: String?
    @Option(help: ArgumentHelp("Receiving bank: BIN (970436) or code (VCB).", valueName: "bin"))
    var bin: String?
    @Option(help: "Bank account number.")
    var account: String?
    @Option(help: "Account holder's name.")
    var holder: String?

    /// Applies the options given to a draft (only those given).
    func apply(to draft: inout MerchantDraft) {
        if let commune { draft.commune = commune }
        if let name { draft.name = name }
        if let hamlet { draft.hamlet = hamlet }
        if let address { draft.address = address }
        if let owner { draft.ownerName = owner }
        if let phone { draft.phone = phone }
        if let taxCode { draft.taxCode = taxCode }
        if let businessType { draft.businessType = businessType }
        if let opened { draft.openedOn = opened }
        if let bin { draft.bank = bin }
        if let account { draft.accountNumber = account }
        if let holder { draft.accountName = holder }
    }
}
