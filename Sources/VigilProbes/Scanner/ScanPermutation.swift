/// A keyed pseudo-random permutation of `0..<count`, so that a scan visits its targets in an order that spreads the
/// load over networks, while keeping no list: a 4-round Feistel network over the smallest even power of two that holds
/// `count`, with cycle-walking for the values beyond it. State is the key and the count.
public struct ScanPermutation: Sendable {
    /// The size of the domain.
    public let count: UInt64
    private let halfBits: UInt64
    private let mask: UInt64
    private let keys: [UInt64]

    /// A permutation of `0..<count` chosen by `seed`.
    public init(count: UInt64, seed: UInt64) {
        self.count = count
        var bits: UInt64 = 1
        while bits < 32 && (UInt64(1) << (2 * bits)) < count { bits += 1 }
        halfBits = bits
        mask = (UInt64(1) << bits) - 1
        let hash = SipHash(k0: seed, k1: ~seed)
        keys = (0..<4).map { hash.hash($0, seed) }
    }

    /// The `index`-th value of the permutation (`index < count`).
    public func value(at index: UInt64) -> UInt64 {
        guard count > 1 else { return 0 }
        var x = index
        repeat { x = round(x) } while x >= count
        return x
    }

    private func round(_ x: UInt64) -> UInt64 {
        var left = x >> halfBits, right = x & mask
        for key in keys {
            let f = (right &* 0x9E37_79B9_7F4A_7C15 ^ key) >> 17 ^ (right &+ key) &* 0xBF58_476D_1CE4_E5B9
            (left, right) = (right, (left ^ f) & mask)
        }
        return left << halfBits | right
    }
}
