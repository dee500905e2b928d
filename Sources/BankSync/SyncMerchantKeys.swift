import Domain

/// The keys and state of one merchant, as a bank sync loads them to match file rows.
public struct SyncMerchantKeys: Sendable, Equatable {
    public var id: Int64
    public var phone: String?
    public var taxCode: String?
    public var bankBIN: String?
    public var accountNumber: String?
    public var hasAccountName: Bool
    public var status: QRStatus
    /// When the current status took effect, in seconds since 1970; nil when there is no event.
    public var statusAt: Int64?
    /// The merchant's open days (``Domain/EventDayConflict``): nil when unknown / still open.
    public var openedOn: CalendarDay?
    public var closedOn: CalendarDay?

    public init(
        id: Int64, phone: String?, taxCode: String?, bankBIN: String?, accountNumber: String?,
        hasAccountName: Bool, status: QRStatus, statusAt: Int64?, openedOn: CalendarDay? = nil,
        closedOn: CalendarDay? = nil
    ) {
        self.openedOn = openedOn
        self.closedOn = closedOn
        self.id = id
        self.phone = phone
        self.taxCode = taxCode
        self.bankBIN = bankBIN
        self.accountNumber = accountNumber
        self.hasAccountName = hasAccountName
        self.status = status
        self.statusAt = statusAt
    }
}
