import VigilCore

/// One resource record, with its data in canonical wire form: names inside the data (NS, CNAME, SOA, MX, PTR) are
/// expanded from compression and lowercased, as DNSSEC signs them (RFC 4034 §6.2).
public struct DNSRecord: Sendable, Hashable {
    /// The owner, lowercased, without the final dot (the root is "").
    public var name: String
    public var type: UInt16
    public var recordClass: UInt16
    public var ttl: UInt32
    /// The data, canonical.
    public var data: [UInt8]
    /// For NS, CNAME and PTR: the name the data holds.
    public var target: String?

    /// The address of an A or AAAA record.
    public var address: IPAddress? {
        if type == DNSRecordType.a && data.count == 4 { return IPAddress(data.map(String.init).joined(separator: ".")) }
        if type == DNSRecordType.aaaa && data.count == 16 {
            var groups: [String] = []
            for i in stride(from: 0, to: 16, by: 2) { groups.append(String(UInt16(data[i]) << 8 | UInt16(data[i + 1]), radix: 16)) }
            return IPAddress(groups.joined(separator: ":"))
        }
        return nil
    }

    /// The data as people read it: an address, a name, a SOA's serial, or the type and size.
    public var presentation: String {
        if let address { return address.description }
        if let target { return target + "." }
        if type == DNSRecordType.soa, let serial = soaSerial { return "SOA serial \(serial)" }
        return "\(DNSRecordType.name(type)) \(data.count) B"
    }

    /// A SOA record's serial.
    public var soaSerial: UInt32? {
        guard type == DNSRecordType.soa else { return nil }
        var at = 0
        for _ in 0..<2 { // mname, rname (uncompressed, canonical)
            while at < data.count && data[at] != 0 { at += Int(data[at]) + 1 }
            at += 1
        }
        guard at + 4 <= data.count else { return nil }
        return UInt32(data[at]) << 24 | UInt32(data[at + 1]) << 16 | UInt32(data[at + 2]) << 8 | UInt32(data[at + 3])
    }
}
