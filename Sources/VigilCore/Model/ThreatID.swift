/// The stable identifier of a threat, derived from `(kind, canonical indicator)` alone, so the same thing gets
/// the same id in every feed, every run and every store.
///
/// Algorithm `vigil-id-1`: 64-bit FNV-1a over the UTF-8 of `kind`, a 0x1F separator and the indicator, then the
/// MurmurHash3 64-bit finalizer, read as a signed integer. Displayed as 16 lower-case hex digits.
public struct ThreatID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The raw signed value, as stored.
    public let rawValue: Int64

    /// Wraps a stored value.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Derives the id of a threat.
    public init(kind: ThreatKind, indicator: Indicator) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in kind.rawValue.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        for byte in indicator.value.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        rawValue = Int64(bitPattern: hash)
    }

    /// Parses the 16-digit hex display form.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 16, let bits = UInt64(hex, radix: 16) else { return nil }
        rawValue = Int64(bitPattern: bits)
    }

    /// 16 lower-case hex digits.
    public var description: String {
        let hex = String(UInt64(bitPattern: rawValue), radix: 16)
        return String(repeating: "0", count: 16 - hex.utf8.count) + hex
    }

    public static func < (lhs: ThreatID, rhs: ThreatID) -> Bool { lhs.rawValue < rhs.rawValue }
}
