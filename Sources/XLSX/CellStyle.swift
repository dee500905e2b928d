/// How a cell looks: bold or not, and an Excel number format code (`@` text, `#,##0`, `0.0%`,
/// `dd/mm/yyyy`). A ``Workbook`` makes one libxlsxwriter format per distinct style.
public struct CellStyle: Sendable, Hashable {
    /// Whether the cell's text is bold.
    public var bold: Bool
    /// An Excel number format code; nil for General.
    public var numberFormat: String?

    public init(bold: Bool = false, numberFormat: String? = nil) {
        self.bold = bold
        self.numberFormat = numberFormat
    }

    /// General: libxlsxwriter's default format, no format record needed.
    public static let general = CellStyle()
    /// The text number format `@`: what is typed stays text, leading zeros and all.
    public static let text = CellStyle(numberFormat: "@")
    /// Day, month and year as Vietnamese readers write them.
    public static let date = CellStyle(numberFormat: "dd/mm/yyyy")

    /// The same style in bold.
    public var emphasized: CellStyle { CellStyle(bold: true, numberFormat: numberFormat) }
}
