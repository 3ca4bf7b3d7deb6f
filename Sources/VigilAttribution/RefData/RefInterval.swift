/// One range from one source, in a family's address space (IPv4 uses the low 32 bits).
public struct RefInterval: Sendable, Hashable {
    /// First address.
    public var start: UInt128
    /// Last address, inclusive.
    public var end: UInt128
    /// What the source says about it.
    public var values: RefValues
    /// Tie-breaker for equal ranges within one layer: the higher wins (a city list over its province list).
    public var rank: Int
    /// Independent layers of one source (division lists and operator lists in metowolf-iplist): ranges of different
    /// layers never hide each other; each field is taken from the first layer that has it.
    public var layer: Int

    /// A range.
    public init(start: UInt128, end: UInt128, values: RefValues, rank: Int = 0, layer: Int = 0) {
        self.start = start
        self.end = end
        self.values = values
        self.rank = rank
        self.layer = layer
    }

    /// The range of a CIDR block.
    public init(block: CIDRRange, values: RefValues, rank: Int = 0, layer: Int = 0) {
        self.init(start: block.start, end: block.end, values: values, rank: rank, layer: layer)
    }
}

/// A CIDR block as a numeric range, with its family.
public struct CIDRRange: Sendable, Hashable {
    /// True for an IPv6 block.
    public var isIPv6: Bool
    /// First address (IPv4 in the low 32 bits).
    public var start: UInt128
    /// Last address, inclusive.
    public var end: UInt128

    /// Parses `a.b.c.d/n` or `x::/n`; a bare address is a full-length prefix.
    public init?(_ text: some StringProtocol) {
        let s = String(text).trimmingEdges()
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        if let v4 = IPv4Address(parts[0]) {
            let length = parts.count == 2 ? Int(parts[1]) : 32
            guard let length, (0...32).contains(length) else { return nil }
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
            isIPv6 = false
            start = UInt128(v4.value & mask)
            end = UInt128(v4.value | ~mask)
        } else if let v6 = IPv6Address(parts[0]) {
            let length = parts.count == 2 ? Int(parts[1]) : 128
            guard let length, (0...128).contains(length) else { return nil }
            let value = UInt128(v6.high) << 64 | UInt128(v6.low)
            let mask: UInt128 = length == 0 ? 0 : ~UInt128(0) << UInt128(128 - length)
            isIPv6 = true
            start = value & mask
            end = value | ~mask
        } else {
            return nil
        }
    }
}

import VigilCore
