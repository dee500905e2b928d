/// A one-line progress bar on stderr for long work, drawn only when stderr is a TTY.
///
/// Off a TTY it prints nothing; the command prints its one-line summary instead.
/// Redraws are throttled to at most one per percent so the bar costs nothing on hot loops.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let terminal: Terminal
    private let enabled: Bool
    private var lastPermille = -1

    init(total: Int, label: String, terminal: Terminal = .standardError) {
        self.total = max(total, 1)
        self.label = label
        self.terminal = terminal
        self.enabled = terminal.isTTY
    }

    /// Shows `done` of `total`.
    func update(_ done: Int) {
        guard enabled else { return }
        let permille = min(1000, done * 1000 / total)
        guard permille / 10 != lastPermille / 10 || done == total else { return }
        lastPermille = permille
        let width = 30
        let filled = permille * width / 1000
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        terminal.write("\r\(label) \(bar) \(permille / 10)% (\(done)/\(total))")
    }

    /// Clears the bar's line.
    func finish() {
        guard enabled else { return }
        terminal.write("\r\u{1B}[2K")
    }
}
