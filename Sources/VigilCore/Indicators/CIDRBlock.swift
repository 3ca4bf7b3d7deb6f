/// A network prefix. The canonical form has all host bits cleared: `10.1.2.3/8` becomes `10.0.0.0/8`.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    /// The network address, with host bits cleared.
    public let network: IPAddress
    /// The prefix length.
    public let prefixLength: Int

    /// Parses `address/length`. Returns nil for a malformed address or an out-of-range length.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(parts[0]),
            parts[1].utf8.count <= 3, let length = Int(parts[1]), length >= 0, length <= address.bitWidth
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// Builds a block from an address and a length, clearing host bits.
    public init(address: IPAddress, prefixLength: Int) {
        self.prefixLength = prefixLength
        switch address {
        case .v4(let a):
            let mask: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefixLength)
            network = .v4(IPv4Address(a.value & mask))
        case .v6(let a):
            let highMask: UInt64 =
                prefixLength >= 64 ? ~0 : (prefixLength == 0 ? 0 : ~UInt64(0) << UInt64(64 - prefixLength))
            let lowMask: UInt64 =
                prefixLength <= 64 ? 0 : (prefixLength == 128 ? ~0 : ~UInt64(0) << UInt64(128 - prefixLength))
            network = .v6(IPv6Address(high: a.high & highMask, low: a.low & lowMask))
        }
    }

    /// True when the block holds exactly one address.
    public var isSingleAddress: Bool { prefixLength == network.bitWidth }

    /// `network/length`.
    public var description: String { "\(network)/\(prefixLength)" }
}

extension CIDRBlock {
    /// True when `address` is in the block (an IPv4 address is never in an IPv6 block, nor the other way round).
    public func contains(_ address: IPAddress) -> Bool {
        guard address.bitWidth == network.bitWidth else { return false }
        return CIDRBlock(address: address, prefixLength: prefixLength).network == network
    }
}

extension CIDRBlock: Codable {
    /// Decodes `address/length` (or a single address, as its /32 or /128).
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let block = CIDRBlock(text) {
            self = block
        } else if let address = IPAddress(text) {
            self.init(address: address, prefixLength: address.bitWidth)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(text) is not an address or a CIDR block"))
        }
    }

    /// Encodes `network/length`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
