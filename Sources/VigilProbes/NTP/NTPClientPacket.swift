/// NTP mode 3 (client) liveness: a 48-byte request whose transmit timestamp is the probe's cookie, and the check
/// that an answer is the server's reply to it (mode 4, originate timestamp echoing the cookie). A fixed reflector
/// still answers this harmless query: `fixedServiceAlive` rather than `unreachable`.
public enum NTPClientPacket {
    /// LI 0, VN 4, mode 3; the transmit timestamp (bytes 40–47) is `cookie`.
    public static func request(cookie: UInt64) -> [UInt8] {
        var p = [UInt8](repeating: 0, count: 48)
        p[0] = 0x23
        for i in 0..<8 { p[40 + i] = UInt8(truncatingIfNeeded: cookie >> (56 - 8 * UInt64(i))) }
        return p
    }

    /// True when `reply` is a server packet answering the request with `cookie`.
    public static func isReply(_ reply: [UInt8], cookie: UInt64) -> Bool {
        guard reply.count >= 48, reply[0] & 0x07 == 4 else { return false }
        var origin: UInt64 = 0
        for i in 0..<8 { origin = origin << 8 | UInt64(reply[24 + i]) }
        return origin == cookie
    }

    /// The stratum of a reply (0: kiss-o'-death or unsynchronised).
    public static func stratum(_ reply: [UInt8]) -> Int { reply.count > 1 ? Int(reply[1]) : 0 }
}
