import Foundation

/// The one progress reporter: a one-line bar on stderr for long work, drawn only when stderr is
/// a TTY (off a TTY the command prints its one-line summary instead). Any thread may update it;
/// redraws happen at most once per percent, so a hot loop may call it on every item.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let terminal: Terminal
    private let enabled: Bool
    private let lock = NSLock()
    private var total: Int
    private var lastPermille = -1

    init(total: Int, label: String, terminal: Terminal = .standardError) {
        self.total = max(total, 1)
        self.label = label
        self.terminal = terminal
        enabled = terminal.isTTY
    }

    /// Shows `done` of the total.
    @Sendable func update(_ done: Int) {
        guard enabled else { return }
        lock.withLock { draw(done) }
    }

    /// Shows `done` of `total` (work whose size is known only once it runs).
    @Sendable func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        lock.withLock {
            if total != self.total {
                self.total = max(total, 1)
                lastPermille = -1
            }
            draw(done)
        }
    }

    private func draw(_ done: Int) {
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
        lock.withLock { terminal.write("\r\u{1B}[2K") }
    }
}
