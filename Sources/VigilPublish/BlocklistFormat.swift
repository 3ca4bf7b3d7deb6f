/// The lists `vigil export` writes.
public enum BlocklistFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// A DNS response-policy zone for BIND and Unbound.
    case rpz
    /// IP addresses and CIDR blocks, one a line.
    case ips
    /// Domains, one a line.
    case domains
    /// URLs, one a line.
    case urls
    /// A hosts file: `0.0.0.0 domain`.
    case hosts
    /// Suricata's IP reputation file (`ip,category,score`); `vigil export suricata --rules` writes rules instead.
    case suricata
}
