/// Where in an input a problem was found.
public enum InputLocation: Sendable, Equatable, CustomStringConvertible {
    /// A byte offset from the start of the file (0-based).
    case byte(Int)
    /// A line number (1-based).
    case line(Int)
    /// A line (1-based) and a byte column in it (1-based).
    case lineColumn(Int, Int)

    public var description: String {
        switch self {
        case .byte(let offset): return "byte \(offset)"
        case .line(let line): return "line \(line)"
        case .lineColumn(let line, let column): return "line \(line), column \(column)"
        }
    }
}

/// The one error type of vocabtool's library: a message, and the file and position it concerns.
///
/// Every failure caused by user input (a malformed file, a bad flag value, invalid UTF-8) is
/// reported with this type; the CLI prints `description` and exits non-zero.
public struct VocabError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in a short sentence without a trailing period.
    public var message: String
    /// The file the problem was found in, when there is one.
    public var file: String?
    /// The position in `file`, when known.
    public var location: InputLocation?

    public init(_ message: String, file: String? = nil, at location: InputLocation? = nil) {
        self.message = message
        self.file = file
        self.location = location
    }

    /// The same error, attributed to `file` unless it already names one.
    public func inFile(_ file: String) -> VocabError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    public var description: String {
        var text = ""
        if let file { text += file + ":" }
        if let location { text += " \(location):" }
        if !text.isEmpty { text += " " }
        return text + message
    }
}
