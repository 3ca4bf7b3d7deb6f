/// SipHash-2-4 (Aumasson and Bernstein), the keyed hash behind the scanner's cookies: a reply carries a value only
/// the scan's key could have derived from the target, so replies are matched without keeping any per-target state.
public struct SipHash: Sendable, Hashable {
    /// The 128-bit key.
    public let k0: UInt64
    public let k1: UInt64

    /// A hash with this key.
    public init(k0: UInt64, k1: UInt64) {
        self.k0 = k0
        self.k1 = k1
    }

    /// A hash with a random key.
    public static func random() -> SipHash { SipHash(k0: .random(in: 0...UInt64.max), k1: .random(in: 0...UInt64.max)) }

    /// The hash of two 64-bit words (a target's address and port, packed).
    public func hash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
        var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
        var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
        var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1
        @inline(__always) func round() {
            v0 &+= v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32)
            v2 &+= v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2
            v0 &+= v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0
            v2 &+= v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32)
        }
        for m in [a, b] {
            v3 ^= m
            round()
            round()
            v0 ^= m
        }
        let last: UInt64 = 16 << 56 // the message length (16 bytes) in the top byte, no tail
        v3 ^= last
        round()
        round()
        v0 ^= last
        v2 ^= 0xFF
        round()
        round()
        round()
        round()
        return v0 ^ v1 ^ v2 ^ v3
    }
}
