#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A standard stream and what it is connected to.
///
/// Colour and progress bars are for people: they appear only when the stream is a TTY,
/// and colour never when `NO_COLOR` is set (https://no-color.org).
struct Terminal: Sendable {
    let fileDescriptor: Int32

    static let standardOutput = Terminal(fileDescriptor: STDOUT_FILENO)
    static let standardError = Terminal(fileDescriptor: STDERR_FILENO)

    /// True when the stream is a terminal.
    var isTTY: Bool { isatty(fileDescriptor) == 1 }

    /// True when ANSI colour may be used on this stream.
    var allowsColor: Bool {
        guard isTTY else { return false }
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return true
    }

    /// Writes the text's UTF-8 bytes, all of them, retrying short writes.
    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Wraps text in an ANSI SGR sequence when colour is allowed.
    func styled(_ text: String, _ sgr: String) -> String {
        allowsColor ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
