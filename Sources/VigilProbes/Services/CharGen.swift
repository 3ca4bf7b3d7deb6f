/// CharGen over UDP (RFC 864): any datagram is answered with a line of characters (often 1,024 bytes for 1), which
/// makes every open CharGen a reflector. The probe sends one byte and counts what comes back.
public struct CharGen: Sendable {
    /// The 1-byte request.
    public static let request: [UInt8] = [0x0A]

    /// The request's size, for the amplification.
    public let requestBytes = 1
    /// Datagrams and payload bytes received.
    public private(set) var packets = 0
    public private(set) var responseBytes = 0

    /// An exchange.
    public init() {}

    /// Takes one UDP payload from the target's port.
    public mutating func receive(_ p: [UInt8]) {
        packets += 1
        responseBytes += p.count
    }

    /// CharGen answers a datagram with one datagram.
    public var complete: Bool { packets > 0 }

    /// Response payload bytes over request payload bytes.
    public var amplification: Double { Double(responseBytes) / Double(requestBytes) }

    /// `amplifier` once something came, else `silent`.
    public var verdict: AmplifierVerdict { packets > 0 ? .amplifier : .silent }
}
