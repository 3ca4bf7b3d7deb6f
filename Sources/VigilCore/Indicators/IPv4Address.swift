/// An IPv4 address held as a 32-bit integer in host byte order.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as an integer, most significant octet first.
    public var value: UInt32

    /// Wraps an integer address.
    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text strictly: four decimal octets, no leading zeros, no spaces.
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        guard let parsed = utf8.withUnsafeMutableBufferPointer({ IPv4Address.parse(UnsafeBufferPointer($0)) }) else {
            return nil
        }
        self = parsed
    }

    /// Parses dotted-quad bytes strictly. This is the hot-path entry used by the feed scanners.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IPv4Address? {
        var result: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var leadingZero = false
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                if digits == 1 && leadingZero { return nil }
                if digits == 0 { leadingZero = byte == 0x30 }
                octet = octet * 10 + UInt32(byte - 0x30)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if byte == 0x2E {
                guard digits > 0, dots < 3 else { return nil }
                result = result << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return IPv4Address(result << 8 | octet)
    }

    /// The canonical dotted-quad text.
    public var description: String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
