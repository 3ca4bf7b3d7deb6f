/// Membership of addresses in a set of IPv4 and IPv6 prefixes, each carrying a payload (a list's or a range's
/// index): one hash lookup per prefix length present, so a lookup costs at most 33 (IPv4) or 129 (IPv6) probes
/// however many prefixes there are.
public struct PrefixTable: Sendable {
    private var v4: [Int: [UInt32: [Int]]] = [:]
    private var v6: [Int: [IPv6Address: [Int]]] = [:]
    private var v4Lengths: [Int] = []
    private var v6Lengths: [Int] = []

    /// An empty table.
    public init() {}

    /// True when the table holds no prefix.
    public var isEmpty: Bool { v4.isEmpty && v6.isEmpty }

    /// Adds a prefix with its payload.
    public mutating func insert(_ block: CIDRBlock, payload: Int) {
        switch block.network {
        case .v4(let a):
            let key = Self.mask(a.value, block.prefixLength)
            v4[block.prefixLength, default: [:]][key, default: []].append(payload)
            if !v4Lengths.contains(block.prefixLength) { v4Lengths.append(block.prefixLength); v4Lengths.sort() }
        case .v6(let a):
            let key = Self.mask(a, block.prefixLength)
            v6[block.prefixLength, default: [:]][key, default: []].append(payload)
            if !v6Lengths.contains(block.prefixLength) { v6Lengths.append(block.prefixLength); v6Lengths.sort() }
        }
    }

    /// The payloads of every prefix containing `address`, shortest prefix first.
    public func payloads(containing address: IPAddress) -> [Int] {
        payloads(containing: address, maxLength: address.bitWidth)
    }

    /// The payloads of every prefix that contains the whole of `block` (its length is at most the block's).
    public func payloads(covering block: CIDRBlock) -> [Int] {
        payloads(containing: block.network, maxLength: block.prefixLength)
    }

    private func payloads(containing address: IPAddress, maxLength: Int) -> [Int] {
        var out: [Int] = []
        switch address {
        case .v4(let a):
            for length in v4Lengths where length <= maxLength {
                if let hit = v4[length]?[Self.mask(a.value, length)] { out += hit }
            }
        case .v6(let a):
            for length in v6Lengths where length <= maxLength {
                if let hit = v6[length]?[Self.mask(a, length)] { out += hit }
            }
        }
        return out
    }

    static func mask(_ value: UInt32, _ length: Int) -> UInt32 {
        length == 0 ? 0 : value & ~UInt32(0) << UInt32(32 - length)
    }

    static func mask(_ value: IPv6Address, _ length: Int) -> IPv6Address {
        if length == 0 { return IPv6Address(high: 0, low: 0) }
        if length <= 64 { return IPv6Address(high: value.high & ~UInt64(0) << UInt64(64 - length), low: 0) }
        if length == 128 { return value }
        return IPv6Address(high: value.high, low: value.low & ~UInt64(0) << UInt64(128 - length))
    }
}
