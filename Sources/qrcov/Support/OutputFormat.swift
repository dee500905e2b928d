import ArgumentParser
import Tabular

/// `--format` for listing commands: a table for people, CSV or JSON for machines
/// (JSON goes through ``JSONOutput`` from the command's own Codable rows).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case csv
    case json
}

extension Table {
    /// Prints the table to stdout as a terminal table (colour on a TTY only) or as CSV.
    func print(as format: OutputFormat) {
        let out = Terminal.standardOutput
        switch format {
        case .table: out.write(TerminalRenderer(useColor: out.allowsColor).render(self))
        case .csv: out.write(CSVWriter().render(self))
        case .json: preconditionFailure("JSON output is encoded from the command's own Codable rows")
        }
    }
}
