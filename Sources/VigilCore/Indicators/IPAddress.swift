/// An IPv4 or IPv6 address.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    /// Parses either family. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes the IPv4 address it maps.
    public init?(_ text: some StringProtocol) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            if v6.high == 0, v6.low >> 32 == 0xFFFF {
                self = .v4(IPv4Address(UInt32(truncatingIfNeeded: v6.low)))
            } else {
                self = .v6(v6)
            }
        } else {
            return nil
        }
    }

    /// The canonical text (dotted quad, or RFC 5952).
    public var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        }
    }

    /// The number of bits in an address of this family.
    public var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }
}
