/// memcached's UDP `stats` (the "memcrashed" reflector, about 50x to 150x by itself) as a pure state machine: an
/// 8-byte frame header whose request id is the probe's cookie, then `stats\r\n`. Answers are reassembled by sequence
/// number until the frame count the server announces. Only `stats` is ever sent: never `set` or `get`.
public struct MemcachedStats: Sendable {
    /// The 15-byte request: request id, sequence 0, 1 datagram, reserved, `stats\r\n`.
    public static func request(id: UInt16) -> [UInt8] {
        [UInt8(id >> 8), UInt8(id & 0xFF), 0, 0, 0, 1, 0, 0] + Array("stats\r\n".utf8)
    }

    /// The request id the answers must carry.
    public let id: UInt16
    /// The request's size, for the amplification.
    public let requestBytes = 15
    /// Valid datagrams and their payload bytes.
    public private(set) var packets = 0
    public private(set) var responseBytes = 0
    /// Datagrams dropped as not ours or malformed.
    public private(set) var ignored = 0
    private var frames: [Int: [UInt8]] = [:]
    private var total: Int?

    /// An exchange for the request with `id`.
    public init(id: UInt16) {
        self.id = id
    }

    /// Takes one UDP payload; false when it is not part of the answer.
    @discardableResult
    public mutating func receive(_ p: [UInt8]) -> Bool {
        guard p.count >= 8, UInt16(p[0]) << 8 | UInt16(p[1]) == id, packets < 256 else {
            ignored += 1
            return false
        }
        let sequence = Int(p[2]) << 8 | Int(p[3]), count = Int(p[4]) << 8 | Int(p[5])
        guard count > 0, sequence < count else {
            ignored += 1
            return false
        }
        packets += 1
        responseBytes += p.count
        total = count
        frames[sequence] = Array(p[8...])
        return true
    }

    /// True when every datagram the server announced came.
    public var complete: Bool { total.map { frames.count >= $0 } ?? false }

    /// The `STAT name value` lines, as far as they came.
    public var stats: [String: String] {
        let text = String(decoding: frames.keys.sorted().flatMap { frames[$0] ?? [] }, as: UTF8.self)
        var out: [String: String] = [:]
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            let parts = line.split(separator: " ", maxSplits: 2)
            if parts.count == 3 && parts[0] == "STAT" { out[String(parts[1])] = String(parts[2]) }
        }
        return out
    }

    /// Response payload bytes over request payload bytes.
    public var amplification: Double { Double(responseBytes) / Double(requestBytes) }

    /// `amplifier` once a valid answer came, else `silent`.
    public var verdict: AmplifierVerdict { packets > 0 ? .amplifier : .silent }
}
