/// Deterministic pseudo-random bytes (xorshift64), like the contents of a binary file, for tests of input that is
/// not text.
public enum NoiseBytes {
    /// `count` bytes from `seed` (any value but 0).
    public static func make(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 32)
        }
    }
}
