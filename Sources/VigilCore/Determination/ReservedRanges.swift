/// The special-purpose address ranges of RFC 6890 (and its updates): an indicator inside one is not a threat on the
/// public internet — a private network, loopback, documentation, benchmarking, multicast — so determination rejects
/// it as a false positive.
public enum ReservedRanges {
    /// Each range with its name and the RFC that reserves it.
    public static let ranges: [(block: String, name: String)] = [
        ("0.0.0.0/8", "this network (RFC 791)"), ("10.0.0.0/8", "private use (RFC 1918)"),
        ("100.64.0.0/10", "shared address space (RFC 6598)"), ("127.0.0.0/8", "loopback (RFC 1122)"),
        ("169.254.0.0/16", "link local (RFC 3927)"), ("172.16.0.0/12", "private use (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"), ("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
        ("192.88.99.0/24", "6to4 relay anycast (RFC 7526)"), ("192.168.0.0/16", "private use (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"), ("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
        ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"), ("224.0.0.0/4", "multicast (RFC 5771)"),
        ("240.0.0.0/4", "reserved (RFC 1112)"), ("255.255.255.255/32", "limited broadcast (RFC 919)"),
        ("::/128", "unspecified address (RFC 4291)"), ("::1/128", "loopback (RFC 4291)"),
        ("::ffff:0:0/96", "IPv4-mapped address (RFC 4291)"), ("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"),
        ("100::/64", "discard-only (RFC 6666)"), ("2001::/23", "IETF protocol assignments (RFC 2928)"),
        ("2001:db8::/32", "documentation (RFC 3849)"), ("fc00::/7", "unique local (RFC 4193)"),
        ("fe80::/10", "link-local unicast (RFC 4291)"), ("ff00::/8", "multicast (RFC 4291)"),
    ]

    private static let table: PrefixTable = {
        var table = PrefixTable()
        for (i, range) in ranges.enumerated() {
            if let block = CIDRBlock(range.block) { table.insert(block, payload: i) }
        }
        return table
    }()

    /// The name of the reserved range holding `address`, or nil for a public address.
    public static func reservation(of address: IPAddress) -> String? {
        table.payloads(containing: address).last.map { ranges[$0].name }
    }

    /// The name of the reserved range holding an address or network indicator (or the address of a service), or nil.
    public static func reservation(of indicator: Indicator) -> String? {
        switch indicator.type {
        case .ip: return IPAddress(indicator.value).flatMap { reservation(of: $0) }
        case .cidr: return CIDRBlock(indicator.value).flatMap { table.payloads(covering: $0).last.map { ranges[$0].name } }
        case .service: return IndicatorHost.address(of: indicator).flatMap { reservation(of: $0) }
        default: return nil
        }
    }
}

/// The address or host name an indicator is about.
enum IndicatorHost {
    /// The address of an `ip` or `service` indicator, or of a URL whose host is an address.
    static func address(of indicator: Indicator) -> IPAddress? {
        switch indicator.type {
        case .ip: return IPAddress(indicator.value)
        case .service:
            // `1.2.3.4:80/tcp` or `[2001:db8::1]:80/tcp`
            let value = indicator.value
            guard let slash = value.lastIndex(of: "/"), let colon = value[..<slash].lastIndex(of: ":") else { return nil }
            var host = value[..<colon]
            if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            return IPAddress(host)
        case .url: return CanonicalURL(indicator.value).flatMap { IPAddress($0.host) }
        default: return nil
        }
    }

    /// The host name of a domain indicator, a URL whose host is a name, or an e-mail address's domain.
    static func name(of indicator: Indicator) -> String? {
        switch indicator.type {
        case .domain: return indicator.value
        case .url: return CanonicalURL(indicator.value).flatMap { IPAddress($0.host) == nil ? $0.host : nil }
        case .email: return indicator.value.split(separator: "@").last.map(String.init)
        default: return nil
        }
    }
}
