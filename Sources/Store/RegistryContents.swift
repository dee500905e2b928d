/// How much a registry holds: what `qrcov backup` and `qrcov restore` report of the copy they made.
public struct RegistryContents: Sendable, Equatable {
    /// Merchants, closed ones included.
    public var merchants: Int
    /// Events in the QR status history.
    public var statusEvents: Int

    public init(merchants: Int, statusEvents: Int) {
        self.merchants = merchants
        self.statusEvents = statusEvents
    }
}
