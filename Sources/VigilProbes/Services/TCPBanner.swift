/// A TCP service's banner: what a service that speaks first (SSH, FTP, SMTP, many device consoles) says on connect,
/// or what it answers to an optional request. Reading stops at the first line break after some text, at
/// ``readCap`` bytes, or at the timeout.
public struct TCPBanner: Sendable {
    /// At most this many bytes are read.
    public static let readCap = 2_048

    /// What was read.
    public private(set) var bytes: [UInt8] = []

    /// An exchange.
    public init() {}

    /// Takes one read.
    public mutating func receive(_ data: [UInt8]) {
        bytes += data.prefix(Self.readCap - bytes.count)
    }

    /// True after a whole line or ``readCap`` bytes.
    public var complete: Bool { bytes.count >= Self.readCap || bytes.contains(10) }

    /// The banner as text: the first line, control characters replaced.
    public var text: String {
        let line = bytes.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        return String(String(decoding: line, as: UTF8.self).map { $0.isASCII && ($0.asciiValue ?? 0) < 32 ? " " : $0 }).trimmingEdgesOfSpace()
    }
}

/// What a TCP connect found.
public enum PortVerdict: String, Sendable, Hashable, Codable {
    /// Open, and the service said something.
    case banner
    /// Open, and nothing came before the timeout.
    case openSilent
    /// Refused: nothing listens.
    case closed
    /// No answer to the connection: filtered or down.
    case filtered
    /// Another network error.
    case failed
}
