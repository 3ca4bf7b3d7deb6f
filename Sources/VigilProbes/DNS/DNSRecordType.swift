/// The record types the DNS probes read.
public enum DNSRecordType {
    public static let a: UInt16 = 1
    public static let ns: UInt16 = 2
    public static let cname: UInt16 = 5
    public static let soa: UInt16 = 6
    public static let ptr: UInt16 = 12
    public static let mx: UInt16 = 15
    public static let txt: UInt16 = 16
    public static let aaaa: UInt16 = 28
    public static let opt: UInt16 = 41
    public static let ds: UInt16 = 43
    public static let rrsig: UInt16 = 46
    public static let nsec: UInt16 = 47
    public static let dnskey: UInt16 = 48

    /// The type for a mnemonic (`A`, `AAAA`, `CNAME` …), or nil.
    public static func named(_ text: String) -> UInt16? {
        ["A": a, "NS": ns, "CNAME": cname, "SOA": soa, "PTR": ptr, "MX": mx, "TXT": txt, "AAAA": aaaa, "DS": ds, "RRSIG": rrsig, "DNSKEY": dnskey][text.uppercased()]
    }

    /// The mnemonic of a type (`TYPE65` for unknown ones).
    public static func name(_ type: UInt16) -> String {
        [a: "A", ns: "NS", cname: "CNAME", soa: "SOA", ptr: "PTR", mx: "MX", txt: "TXT", aaaa: "AAAA", opt: "OPT", ds: "DS", rrsig: "RRSIG", nsec: "NSEC", dnskey: "DNSKEY"][type] ?? "TYPE\(type)"
    }
}

/// A response code.
public enum DNSResponseCode: UInt8, Sendable, Hashable, Codable {
    /// RFC 1035's NOERROR, FORMERR, SERVFAIL, NXDOMAIN (name error), NOTIMP (the server does not support the kind of
    /// query) and REFUSED.
    case noError = 0, formatError = 1, serverFailure = 2, nameError = 3, notImp = 4, refused = 5

    /// The mnemonic: `NOERROR`, `NXDOMAIN`, `SERVFAIL` …
    public var mnemonic: String {
        switch self {
        case .noError: "NOERROR"
        case .formatError: "FORMERR"
        case .serverFailure: "SERVFAIL"
        case .nameError: "NXDOMAIN"
        case .notImp: "NOTIMP"
        case .refused: "REFUSED"
        }
    }
}
