import VigilCore

/// Fills in the ``Attribution`` of an indicator from immutable reference tables. Safe to share across threads.
public struct Attributor: Sendable {
    /// The IPv4 table.
    public let ipv4: IPv4RangeTable

    /// An attributor over the given table; by default the one shipped with Vigil.
    public init(ipv4: IPv4RangeTable = .shipped) {
        self.ipv4 = ipv4
    }

    /// The attribution of an IPv4 address.
    @inlinable
    public func attribute(ipv4 address: IPv4Address) -> Attribution {
        ipv4.lookup(address.value) ?? .unknown
    }

    /// The attribution of an indicator: through its address for IPs, services, CIDRs (network address), and URLs
    /// whose host is an IP. Domains, other URLs, e-mail, phones and hashes stay unknown in this version.
    public func attribute(_ indicator: Indicator) -> Attribution {
        switch indicator.type {
        case .ip:
            if let v4 = IPv4Address(indicator.value) { return attribute(ipv4: v4) }
        case .service:
            if let colon = indicator.value.lastIndex(of: ":"), let v4 = IPv4Address(indicator.value[..<colon]) {
                return attribute(ipv4: v4)
            }
        case .cidr:
            if let slash = indicator.value.firstIndex(of: "/"), let v4 = IPv4Address(indicator.value[..<slash]) {
                return attribute(ipv4: v4)
            }
        case .url:
            if let url = CanonicalURL(indicator.value), let v4 = IPv4Address(url.host) { return attribute(ipv4: v4) }
        case .domain, .email, .phone, .hash:
            break
        }
        return .unknown
    }
}
