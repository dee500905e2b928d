import Foundation

/// A status name that is not one of the four.
public struct QRStatusParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given.
    public let text: String

    public init(text: String) {
        self.text = text
    }

    public var description: String { "\"\(text)\" is not a status (none, registered, displayed, verified)" }
}

extension QRStatus {
    /// The status named `text` (`none`, `registered`, `displayed`, `verified`; case and
    /// surrounding spaces ignored).
    public init(parsing text: String) throws(QRStatusParseError) {
        guard let status = QRStatus(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw QRStatusParseError(text: text.trimmingCharacters(in: .whitespaces))
        }
        self = status
    }

    /// The statuses of a comma-separated list (`none,registered`); empty items are skipped.
    public static func parseList(_ text: String) throws(QRStatusParseError) -> Set<QRStatus> {
        var statuses = Set<QRStatus>()
        for name in text.split(separator: ",") where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            statuses.insert(try QRStatus(parsing: String(name)))
        }
        return statuses
    }
}
