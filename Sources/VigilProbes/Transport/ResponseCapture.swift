import Crypto

/// What a target sent back, kept as evidence: every byte is hashed, the first ``headLimit`` bytes are kept, and the
/// packets (datagrams or TCP reads) and total bytes are counted.
public struct ResponseCapture: Sendable {
    /// At most this many bytes are kept verbatim.
    public static let headLimit = 4_096
    /// The first bytes, in order.
    public private(set) var head: [UInt8] = []
    /// Datagrams (UDP) or reads (TCP).
    public private(set) var packets = 0
    /// All bytes, payload only.
    public private(set) var bytes = 0
    private var hasher = SendableSHA256()

    /// An empty capture.
    public init() {}

    /// Adds one datagram or read.
    public mutating func append(_ data: [UInt8]) {
        packets += 1
        bytes += data.count
        hasher.inner.update(data: data)
        if head.count < Self.headLimit { head += data.prefix(Self.headLimit - head.count) }
    }

    /// The SHA-256 of everything received, in hex; nil when nothing came.
    public var sha256: String? {
        guard packets > 0 else { return nil }
        return hasher.inner.finalize().hexString
    }
}

/// SHA-256's running state. It is a value (copying it copies the state) that swift-crypto does not mark `Sendable`.
private struct SendableSHA256: @unchecked Sendable {
    var inner = SHA256()
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

extension Sequence where Element == UInt8 {
    /// The bytes in lowercase hex, two digits each.
    var hexString: String { map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
}
