import Foundation

/// A shop or business premises in a commune's register.
public struct Merchant: Sendable, Equatable, Codable {
    /// From 1 to ``maximumId``.
    public var id: Int64
    /// The 2025 commune code.
    public var communeCode: String
    /// Thôn / tổ dân phố as written (NFC, spaces collapsed).
    public var hamlet: String?
    public var address: String?
    /// The shop's name.
    public var name: String
    public var ownerName: String?
    /// Normalized: national format, digits only (`0912345678`).
    public var phone: String?
    /// 10 or 13 digits, no dash.
    public var taxCode: String?
    public var businessType: String?
    /// Nil when unknown: the merchant then counts as open at every date before it closes.
    public var openedOn: CalendarDay?
    public var closedOn: CalendarDay?
    /// The receiving bank's 6-digit BIN.
    public var bankBIN: String?
    /// Kept as text: leading zeros matter.
    public var accountNumber: String?
    public var accountName: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// The largest merchant id: 2^53 − 1, the largest whole number a JSON reader that keeps
    /// numbers as doubles (JavaScript: `Number.MAX_SAFE_INTEGER`) still reads exactly. Ids go to
    /// JSON and to the web front end, so a larger one would reach them as another number; the
    /// registry refuses it (an explicit id) or stops there (the next id).
    public static let maximumId: Int64 = 9_007_199_254_740_991

    /// Open on `day`: opened on or before it (or no opening day known) and not closed on or before
    /// it. The one definition behind coverage totals, sticker and outreach lists.
    public func isOpen(on day: CalendarDay) -> Bool {
        (openedOn.map { $0 <= day } ?? true) && (closedOn.map { $0 > day } ?? true)
    }

    public init(
        id: Int64, communeCode: String, hamlet: String?, address: String?, name: String, ownerName: String?,
        phone: String?, taxCode: String?, businessType: String?, openedOn: CalendarDay?, closedOn: CalendarDay?,
        bankBIN: String?, accountNumber: String?, accountName: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.communeCode = communeCode
        self.hamlet = hamlet
        self.address = address
        self.name = name
        self.ownerName = ownerName
        self.phone = phone
        self.taxCode = taxCode
        self.businessType = businessType
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.bankBIN = bankBIN
        self.accountNumber = accountNumber
        self.accountName = accountName
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A merchant with its current QR status (the latest event in its history).
public struct MerchantWithStatus: Sendable, Equatable, Codable {
    public var merchant: Merchant
    public var status: QRStatus
    /// When the current status took effect; nil when there is no event yet.
    public var statusAt: Date?

    public init(merchant: Merchant, status: QRStatus, statusAt: Date?) {
        self.merchant = merchant
        self.status = status
        self.statusAt = statusAt
    }
}

/// A merchant as entered (command line, CSV row, generator), before validation.
///
/// `commune` may be a code, a name or a former commune's code or name. Empty strings mean absent.
public struct MerchantDraft: Sendable, Equatable {
    public var commune: String
    public var name: String
    public var hamlet: String?
    public var address: String?
    public var ownerName: String?
    public var phone: String?
    public var taxCode: String?
    public var businessType: String?
    /// `YYYY-MM-DD` or `dd/MM/yyyy`.
    public var openedOn: String?
    public var closedOn: String?
    /// A BIN, or a bank code / short name the bank directory knows (`VCB`).
    public var bank: String?
    public var accountNumber: String?
    public var accountName: String?

    public init(
        commune: String, name: String, hamlet: String? = nil, address: String? = nil, ownerName: String? = nil,
        phone: String? = nil, taxCode: String? = nil, businessType: String? = nil, openedOn: String? = nil,
        closedOn: String? = nil, bank: String? = nil, accountNumber: String? = nil, accountName: String? = nil
    ) {
        self.commune = commune
        self.name = name
        self.hamlet = hamlet
        self.address = address
        self.ownerName = ownerName
        self.phone = phone
        self.taxCode = taxCode
        self.businessType = businessType
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.bank = bank
        self.accountNumber = accountNumber
        self.accountName = accountName
    }

    /// The draft that reproduces a stored merchant (for edits).
    public init(_ merchant: Merchant) {
        self.init(
            commune: merchant.communeCode, name: merchant.name, hamlet: merchant.hamlet, address: merchant.address,
            ownerName: merchant.ownerName, phone: merchant.phone, taxCode: merchant.taxCode,
            businessType: merchant.businessType, openedOn: merchant.openedOn?.description,
            closedOn: merchant.closedOn?.description, bank: merchant.bankBIN,
            accountNumber: merchant.accountNumber, accountName: merchant.accountName)
    }
}

/// The normalized, validated fields of a merchant, ready to store.
public struct ValidMerchant: Sendable, Equatable {
    public var communeCode: String
    public var name: String
    public var hamlet: String?
    /// The grouping key of the hamlet (``MerchantNormalization/hamletKey(_:)``), empty when none.
    public var hamletKey: String
    public var address: String?
    public var ownerName: String?
    public var phone: String?
    public var taxCode: String?
    public var businessType: String?
    public var openedOn: CalendarDay?
    public var closedOn: CalendarDay?
    public var bankBIN: String?
    public var accountNumber: String?
    public var accountName: String?

    public init(
        communeCode: String, name: String, hamlet: String?, hamletKey: String, address: String?, ownerName: String?,
        phone: String?, taxCode: String?, businessType: String?, openedOn: CalendarDay?, closedOn: CalendarDay?,
        bankBIN: String?, accountNumber: String?, accountName: String?
    ) {
        self.communeCode = communeCode
        self.name = name
        self.hamlet = hamlet
        self.hamletKey = hamletKey
        self.address = address
        self.ownerName = ownerName
        self.phone = phone
        self.taxCode = taxCode
        self.businessType = businessType
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.bankBIN = bankBIN
        self.accountNumber = accountNumber
        self.accountName = accountName
    }
}

/// One invalid field of a merchant: the field's name (as in the CSV header) and what was expected.
public struct MerchantFieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every invalid field of a merchant.
public struct MerchantValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var fields: [MerchantFieldError]

    public init(fields: [MerchantFieldError]) {
        self.fields = fields
    }

    public var description: String { fields.map(\.description).joined(separator: "; ") }
}

extension ValidMerchant {
    /// A merchant from trusted, already-normal values (generators, benchmarks): no look-ups, no
    /// normalization beyond the hamlet key. The commune must exist in the registry.
    public init(
        communeCode: String, name: String, hamlet: String? = nil, address: String? = nil, ownerName: String? = nil,
        phone: String? = nil, taxCode: String? = nil, businessType: String? = nil, openedOn: CalendarDay? = nil,
        closedOn: CalendarDay? = nil, bankBIN: String? = nil, accountNumber: String? = nil, accountName: String? = nil
    ) {
        self.init(
            communeCode: communeCode, name: name, hamlet: hamlet, hamletKey: MerchantNormalization.hamletKey(hamlet),
            address: address, ownerName: ownerName, phone: phone, taxCode: taxCode, businessType: businessType,
            openedOn: openedOn, closedOn: closedOn, bankBIN: bankBIN, accountNumber: accountNumber,
            accountName: accountName)
    }
}
