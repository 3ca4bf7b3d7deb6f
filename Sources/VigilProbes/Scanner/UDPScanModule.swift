import NIOCore

/// What the stateless UDP scanner sends to a target and how it recognises the answer. Where the protocol echoes a
/// field (NTP mode 3's transmit timestamp, mode 6's sequence, memcached's request id, DNS's id), the cookie derived
/// from the target goes there and the answer must carry it back; where nothing is echoed (monlist, CharGen, SSDP),
/// the answer must come from a scanned address and port and be of the protocol's form.
public protocol UDPScanModule: Sendable {
    /// The probe's name in findings (`ntp-time`, `ntp-readvar` …).
    var name: String { get }
    /// The port when a target names none.
    var defaultPort: Int { get }
    /// The request to a target whose cookie is `cookie`.
    func request(cookie: UInt64) -> [UInt8]
    /// True when `reply` answers the request with `cookie`.
    func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool
}

/// NTP mode 3 (a client's time request): every NTP server answers it, echoing the transmit timestamp; the cookie is
/// all 64 bits of it. Finds NTP servers and is the liveness check of a fixed reflector.
public struct NTPTimeModule: UDPScanModule {
    public var name: String { "ntp-time" }
    public var defaultPort: Int { 123 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { NTPClientPacket.request(cookie: cookie) }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        guard reply.readableBytes >= 48, let mode = reply.getInteger(at: reply.readerIndex, as: UInt8.self), mode & 0x07 == 4,
              let origin = reply.getInteger(at: reply.readerIndex + 24, as: UInt64.self) else { return false }
        return origin == cookie
    }
}

/// NTP mode 6 READVAR: the sequence number carries 16 bits of the cookie.
public struct NTPReadVarModule: UDPScanModule {
    public var name: String { "ntp-readvar" }
    public var defaultPort: Int { 123 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { NTPReadVar.request(sequence: UInt16(truncatingIfNeeded: cookie)) }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        let i = reply.readerIndex
        guard reply.readableBytes >= 12, let b0 = reply.getInteger(at: i, as: UInt8.self), let b1 = reply.getInteger(at: i + 1, as: UInt8.self),
              let sequence = reply.getInteger(at: i + 2, as: UInt16.self) else { return false }
        return b0 & 0x07 == 6 && b1 & 0x80 != 0 && sequence == UInt16(truncatingIfNeeded: cookie)
    }
}

/// NTP mode 7 MON_GETLIST_1 (monlist): nothing is echoed, so an answer is any mode 7 response to request 42.
public struct NTPMonlistModule: UDPScanModule {
    public var name: String { "ntp-monlist" }
    public var defaultPort: Int { 123 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { NTPMonlist.request() }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        let i = reply.readerIndex
        guard reply.readableBytes >= 8, let b0 = reply.getInteger(at: i, as: UInt8.self), let code = reply.getInteger(at: i + 3, as: UInt8.self) else { return false }
        return b0 & 0x80 != 0 && b0 & 0x07 == 7 && code == NTPMonlist.requestCode
    }
}

/// memcached UDP `stats`: the request id carries 16 bits of the cookie.
public struct MemcachedModule: UDPScanModule {
    public var name: String { "memcached-stats" }
    public var defaultPort: Int { 11211 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { MemcachedStats.request(id: UInt16(truncatingIfNeeded: cookie)) }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        reply.readableBytes >= 8 && reply.getInteger(at: reply.readerIndex, as: UInt16.self) == UInt16(truncatingIfNeeded: cookie)
    }
}

/// The DNS open-resolver check: the id carries 16 bits of the cookie, and the unique name 32 more.
public struct DNSOpenResolverModule: UDPScanModule {
    /// The zone whose names we answer (`scan.example.test`).
    public let zone: String
    public var name: String { "dns-open-resolver" }
    public var defaultPort: Int { 53 }
    public init(zone: String) { self.zone = zone }
    public func request(cookie: UInt64) -> [UInt8] {
        DNSMessage.query(id: UInt16(truncatingIfNeeded: cookie), name: "\(String(cookie >> 16, radix: 16)).\(zone)", type: DNSRecordType.a)
    }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        let i = reply.readerIndex
        guard reply.readableBytes >= 13, let flags = reply.getInteger(at: i + 2, as: UInt16.self), flags & 0x8000 != 0,
              reply.getInteger(at: i, as: UInt16.self) == UInt16(truncatingIfNeeded: cookie),
              let length = reply.getInteger(at: i + 12, as: UInt8.self), let label = reply.getString(at: i + 13, length: Int(length)) else { return false }
        // The question's first label carries 48 more bits of the cookie.
        return label.lowercased() == String(cookie >> 16, radix: 16)
    }
}

/// CharGen: any answer from a scanned port.
public struct CharGenModule: UDPScanModule {
    public var name: String { "chargen" }
    public var defaultPort: Int { 19 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { CharGen.request }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool { reply.readableBytes > 0 }
}

/// SSDP M-SEARCH: an HTTP status line from a scanned port.
public struct SSDPModule: UDPScanModule {
    public var name: String { "ssdp" }
    public var defaultPort: Int { 1900 }
    public init() {}
    public func request(cookie: UInt64) -> [UInt8] { SSDPSearch.request }
    public func matches(_ reply: ByteBuffer, cookie: UInt64) -> Bool {
        reply.getString(at: reply.readerIndex, length: min(7, reply.readableBytes)) == "HTTP/1."
    }
}
