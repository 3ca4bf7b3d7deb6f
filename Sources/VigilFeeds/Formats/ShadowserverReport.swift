import VigilCore

/// How one Shadowserver report type maps to Vigil: the kind, and the transport and port to assume when a row
/// leaves them empty. Scan reports become service indicators (`ip:port/proto`), so a threat is one exposed service;
/// `blocklist` rows become IP indicators.
public struct ShadowserverReport: Sendable, Hashable {
    /// The canonical report type, e.g. `scan_ntp`.
    public let name: String
    /// The kind each row becomes.
    public let kind: ThreatKind
    /// True when rows name a service (IP, port, transport) rather than a bare IP.
    public let isService: Bool
    /// Transport assumed when the row's `protocol` column is empty.
    public let defaultTransport: Transport
    /// Port assumed when the row's `port` column is empty.
    public let defaultPort: Int?
    /// IntelMQ's `classification.identifier` for this type, for cross-checking against IntelMQ output.
    public let intelmqIdentifier: String

    /// The report types with a dedicated mapping.
    public static let known: [ShadowserverReport] = [
        ShadowserverReport(name: "scan_telnet", kind: .openTelnet, isService: true, defaultTransport: .tcp, defaultPort: 23, intelmqIdentifier: "open-telnet"),
        ShadowserverReport(name: "scan_ntp", kind: .openNTPMode6, isService: true, defaultTransport: .udp, defaultPort: 123, intelmqIdentifier: "ntp-version"),
        ShadowserverReport(name: "scan_ntpmonitor", kind: .openNTPMonlist, isService: true, defaultTransport: .udp, defaultPort: 123, intelmqIdentifier: "ntp-monitor"),
        ShadowserverReport(name: "scan_dns", kind: .openDNSResolver, isService: true, defaultTransport: .udp, defaultPort: 53, intelmqIdentifier: "dns-open-resolver"),
        ShadowserverReport(name: "scan_snmp", kind: .openSNMP, isService: true, defaultTransport: .udp, defaultPort: 161, intelmqIdentifier: "open-snmp"),
        ShadowserverReport(name: "scan_portmapper", kind: .openPortmapper, isService: true, defaultTransport: .udp, defaultPort: 111, intelmqIdentifier: "open-portmapper"),
        ShadowserverReport(name: "scan_chargen", kind: .openChargen, isService: true, defaultTransport: .udp, defaultPort: 19, intelmqIdentifier: "open-chargen"),
        ShadowserverReport(name: "scan_redis", kind: .openRedis, isService: true, defaultTransport: .tcp, defaultPort: 6379, intelmqIdentifier: "open-redis"),
        ShadowserverReport(name: "scan_memcached", kind: .openMemcached, isService: true, defaultTransport: .udp, defaultPort: 11211, intelmqIdentifier: "open-memcached"),
        ShadowserverReport(name: "scan_ssdp", kind: .openSSDP, isService: true, defaultTransport: .udp, defaultPort: 1900, intelmqIdentifier: "open-ssdp"),
        ShadowserverReport(name: "blocklist", kind: .maliciousIP, isService: false, defaultTransport: .tcp, defaultPort: nil, intelmqIdentifier: "blacklisted-ip"),
    ]

    /// Other names for a known type: IPv6 variants, and `test_telnet`, the name of the mapping IntelMQ ships for
    /// its test mode (used by the peer benchmark's generator).
    static let aliases: [String: String] = [
        "test_telnet": "scan_telnet",
        "scan6_telnet": "scan_telnet",
        "scan6_ntp": "scan_ntp",
        "scan6_ntpmonitor": "scan_ntpmonitor",
        "scan6_dns": "scan_dns",
        "scan6_snmp": "scan_snmp",
        "scan6_portmapper": "scan_portmapper",
        "scan6_redis": "scan_redis",
        "scan6_memcached": "scan_memcached",
        "scan6_ssdp": "scan_ssdp",
    ]

    /// Every name accepted for a dedicated mapping.
    public static var supportedNames: [String] { known.map(\.name) + aliases.keys.sorted() }

    /// Looks up a type by name. Any other `scan_*` or `scan6_*` type maps to ``ThreatKind/exposedService``.
    public static func named(_ name: String) -> ShadowserverReport? {
        let canonical = aliases[name] ?? name
        if let report = known.first(where: { $0.name == canonical }) { return report }
        if canonical.hasPrefix("scan_") || canonical.hasPrefix("scan6_") {
            return ShadowserverReport(
                name: canonical, kind: .exposedService, isService: true, defaultTransport: .tcp, defaultPort: nil,
                intelmqIdentifier: "")
        }
        return nil
    }

    /// Extracts the type from a Shadowserver file name, `YYYY-MM-DD-<type>-<rest>.csv` or `YYYY-MM-DD-<type>.csv`.
    public static func typeName(fromFileName fileName: String) -> String? {
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts[0].allSatisfy(\.isNumber), parts[1].allSatisfy(\.isNumber), parts[2].allSatisfy(\.isNumber)
        else { return nil }
        var type = String(parts[3])
        if type.lowercased().hasSuffix(".csv") { type.removeLast(4) }
        return type.isEmpty ? nil : type.lowercased()
    }
}
