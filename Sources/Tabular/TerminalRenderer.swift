/// Renders a ``Table`` as aligned plain-text columns for a terminal.
///
/// Widths count grapheme clusters, so Vietnamese text in NFC (one precomposed letter per
/// cluster) lines up. Optional ANSI styling is applied to the header only, and only when the
/// caller says colour is allowed (a TTY without `NO_COLOR`).
public struct TerminalRenderer: Sendable {
    /// Whether the header may be set in bold with ANSI escapes.
    public var useColor: Bool
    /// Spaces between columns.
    public var columnGap: Int

    public init(useColor: Bool = false, columnGap: Int = 2) {
        self.useColor = useColor
        self.columnGap = columnGap
    }

    /// The table as lines of text, each ending in a newline: the header, a rule, the rows, and
    /// the footer after another rule. Trailing spaces are trimmed.
    public func render(_ table: Table) -> String {
        let all = ([table.columns.map(\.header)] + table.rows + table.footer).map { $0.map(Self.printable) }
        var widths = Array(repeating: 0, count: table.columns.count)
        for row in all {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        func line(_ cells: [String], bold: Bool = false) {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == cells.count - 1
                switch table.columns[index].alignment {
                case .left: text += cell + (isLast ? "" : pad)
                case .right: text += pad + cell
                }
                if !isLast { text += String(repeating: " ", count: columnGap) }
            }
            while text.last == " " { text.removeLast() }
            out += (bold && useColor) ? "\u{1B}[1m" + text + "\u{1B}[0m\n" : text + "\n"
        }
        let rule =
            widths.map { String(repeating: "─", count: $0) }
            .joined(separator: String(repeating: " ", count: columnGap)) + "\n"
        line(all[0], bold: true)
        out += rule
        for row in all[1..<1 + table.rows.count] { line(row) }
        if !table.footer.isEmpty {
            out += rule
            for row in all[(1 + table.rows.count)...] { line(row) }
        }
        return out
    }

    /// The cell as it may reach a terminal: control characters (ESC, BEL, line ends…) shown as
    /// their visible Unicode pictures (␛, ␇) or `�`, so no stored text can drive the terminal.
    static func printable(_ cell: String) -> String {
        guard cell.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return cell }
        var out = String.UnicodeScalarView()
        for scalar in cell.unicodeScalars {
            guard scalar.properties.generalCategory == .control else {
                out.append(scalar)
                continue
            }
            let picture = scalar.value < 0x20 ? scalar.value + 0x2400 : scalar.value == 0x7F ? 0x2421 : 0xFFFD
            out.append(Unicode.Scalar(picture)!)
        }
        return String(out)
    }
}
