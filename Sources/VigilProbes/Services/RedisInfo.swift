/// Redis exposed to the internet, read-only and unauthenticated: the probe sends `INFO server` and classifies the
/// answer. An open Redis returns its server section (`redis_version:7.0.15` …); one in protected mode refuses with
/// `-DENIED`; one with a password with `-NOAUTH` (the disposed state). No command that writes is ever sent.
public struct RedisInfo: Sendable {
    /// The inline request.
    public static let request: [UInt8] = Array("INFO server\r\n".utf8)

    /// At most this many bytes are read.
    public static let readCap = 64 * 1024

    /// What was read so far.
    public private(set) var bytes: [UInt8] = []

    /// An exchange.
    public init() {}

    /// Takes one read.
    public mutating func receive(_ data: [UInt8]) {
        bytes += data.prefix(Self.readCap - bytes.count)
    }

    /// True when the whole reply came: an error line, or a bulk string of its announced length.
    public var complete: Bool {
        guard let end = lineEnd else { return bytes.count >= Self.readCap }
        if bytes.first == UInt8(ascii: "$"), let length = Int(String(decoding: bytes[1..<end], as: UTF8.self)) {
            // A length beyond the cap (or absurd, from a hostile server) ends at the cap.
            guard length >= 0, length <= Self.readCap else { return length < 0 || bytes.count >= Self.readCap }
            return bytes.count >= end + 2 + length + 2 || bytes.count >= Self.readCap
        }
        return true
    }

    private var lineEnd: Int? {
        guard bytes.count >= 2 else { return nil }
        for i in 0..<(bytes.count - 1) where bytes[i] == 13 && bytes[i + 1] == 10 { return i }
        return nil
    }

    /// The first line of the reply (an error's text, or a bulk string's length).
    public var firstLine: String {
        String(decoding: bytes.prefix(lineEnd ?? min(bytes.count, 200)), as: UTF8.self)
    }

    /// The `name:value` fields of an `INFO` answer.
    public var fields: [String: String] {
        guard verdict == .open else { return [:] }
        var out: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            out[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return out
    }

    /// The verdict from the reply.
    public var verdict: RedisVerdict {
        let line = firstLine
        if bytes.isEmpty { return .silent }
        if line.hasPrefix("$") { return .open }
        if line.hasPrefix("-DENIED") { return .protectedMode }
        if line.hasPrefix("-NOAUTH") || line.hasPrefix("-NOPERM") || line.hasPrefix("-WRONGPASS") { return .authenticationRequired }
        return .notRedis
    }
}

/// What a Redis probe found.
public enum RedisVerdict: String, Sendable, Hashable, Codable {
    /// Anyone can read and write it: a high-risk exposure.
    case open
    /// Redis refuses outside clients because it has no password and is in protected mode.
    case protectedMode
    /// A password is required (the disposed state).
    case authenticationRequired
    /// Something answered that is not Redis.
    case notRedis
    /// The port was open and nothing came back.
    case silent
}
