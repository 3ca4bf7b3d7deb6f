import VigilCore

/// How Shadowserver's classification maps to Vigil's kinds: the documented table of docs/feeds.md.
///
/// A report's kind is decided, in order, by its `classification.identifier` (``byIdentifier``), then by its report
/// name (``byNamePrefix``), then by its `classification.type` (``byClassification``); anything left is
/// ``ThreatKind/other``. Rows of `scan_exchange` reports carry their classification in the tag, so
/// ``kind(for:tag:)`` refines the kind per row.
public enum ShadowserverKindTable {
    /// Identifiers with a kind of their own.
    public static let byIdentifier: [String: ThreatKind] = [
        // Reflectors and exposed services with a dedicated kind.
        "open-telnet": .openTelnet,
        "ntp-version": .openNTPMode6,
        "ntp-monitor": .openNTPMonlist,
        "dns-open-resolver": .openDNSResolver,
        "open-snmp": .openSNMP,
        "open-portmapper": .openPortmapper,
        "open-chargen": .openChargen,
        "open-redis": .openRedis,
        "open-memcached": .openMemcached,
        "open-ssdp": .openSSDP,
        // A router implant (SYNful Knock) is a backdoor, whatever the scan found it with.
        "open-synfulknock": .backdoor,
        // Servers answering as a post-exploitation framework (Cobalt Strike and the like) are C2 servers; IntelMQ
        // files them under infected-system.
        "c2-beacon": .c2Server,
        "blacklisted-ip": .maliciousIP,
        "malware-url": .malwareURL,
        "sandbox-url": .malwareURL,
        // Addresses and names a malware sample contacted in a sandbox: malicious resources to be confirmed (they
        // include benign services, which determination's warninglists reject).
        "sandbox-conn": .maliciousIP,
        "sandbox-dns": .maliciousDomain,
        "spam-url": .phishingURL,
        "compromised-account": .dataLeak,
        "ransomware-victim": .compromisedHost,
        "compromised-website": .compromisedHost,
        "compromised-iot": .compromisedHost,
        // Hosts that took part in DDoS attacks are bots; the victims of attacks are not threats to dispose of.
        "ddos-participant": .bot,
        "honeypot-ddos": .bot,
        "honeypot-ddos-target": .other,
        "amplification-ddos-victim": .other,
        // Networks that let spoofed packets out (no BCP 38 filtering) are a hazard of the network.
        "ip-spoofer": .vulnerability,
        "sinkholedns": .compromisedHost,
        "device-id": .other,
        "special": .vulnerability,
    ]

    /// Report-name prefixes for reports whose classification is too broad (`other`).
    public static let byNamePrefix: [(prefix: String, kind: ThreatKind)] = [
        ("event4_honeypot_darknet", .maliciousIP), ("event6_honeypot_darknet", .maliciousIP),
        ("event_honeypot_darknet", .maliciousIP),
        ("scan_", .exposedService), ("scan6_", .exposedService),
        ("population_", .exposedService), ("population6_", .exposedService),
    ]

    /// IntelMQ classification types.
    public static let byClassification: [String: ThreatKind] = [
        "vulnerable-system": .exposedService,
        "potentially-unwanted-accessible": .exposedService,
        "weak-crypto": .vulnerability,
        "infected-system": .compromisedHost,
        "system-compromise": .compromisedHost,
        "malware-distribution": .malwareURL,
        "scanner": .maliciousIP,
        "brute-force": .maliciousIP,
        "ddos": .bot,
        "data-leak": .dataLeak,
        "masquerade": .vulnerability,
        "blacklist": .maliciousIP,
        "spam": .phishingURL,
        "phishing": .phishingURL,
        "c2-server": .c2Server,
        "undetermined": .other,
    ]

    /// Identifier prefixes of vulnerable (not merely exposed) services.
    static let vulnerablePrefixes = ["vulnerable-", "ssl-", "badsecret"]

    /// The kind of a report's rows.
    public static func kind(for report: ShadowserverReport) -> ThreatKind {
        if let identifier = report.identifier {
            if let kind = byIdentifier[identifier] { return kind }
            if vulnerablePrefixes.contains(where: { identifier.hasPrefix($0) }) { return .vulnerability }
        }
        if report.name.hasSuffix("_exchange") { return .vulnerability }
        if report.classification == "other" || report.classification == nil {
            for (prefix, kind) in byNamePrefix where report.name.hasPrefix(prefix) { return kind }
        }
        if let classification = report.classification, let kind = byClassification[classification] { return kind }
        if report.name.contains("sinkhole") { return .compromisedHost }
        if report.name.contains("honeypot") { return .maliciousIP }
        return .other
    }

    /// The kind of one row: as ``kind(for:)``, except that an Exchange server whose tag names a web shell is a
    /// backdoor rather than a vulnerability.
    public static func kind(for report: ShadowserverReport, tag: Substring?) -> ThreatKind {
        let base = kind(for: report)
        if base == .vulnerability, report.name.hasSuffix("_exchange"), let tag, tag.lowercased().contains("webshell") {
            return .backdoor
        }
        return base
    }

    /// Ports and transports of services whose reports may leave them empty.
    static let defaultPorts: [String: (Int, Transport)] = [
        "ntp": (123, .udp), "dns": (53, .udp), "snmp": (161, .udp), "portmapper": (111, .udp),
        "chargen": (19, .udp), "redis": (6379, .tcp), "memcached": (11211, .udp), "ssdp": (1900, .udp),
        "telnet": (23, .tcp), "qotd": (17, .udp), "mdns": (5353, .udp), "coap": (5683, .udp),
        "ws-discovery": (3702, .udp), "netbios-nameservice": (137, .udp), "tftp": (69, .udp),
        "ipmi": (623, .udp), "natpmp": (5351, .udp), "xdmcp": (177, .udp), "slp": (427, .udp),
    ]

    /// The port and transport to assume when a row of `report` leaves them empty. The transport is the schema's
    /// fixed one, else the service's usual one, else `udp` for `*_udp` types and `tcp` otherwise. The port is known
    /// only for the services in ``defaultPorts``; rows without one become address indicators.
    public static func defaultService(for report: ShadowserverReport) -> (port: Int?, transport: Transport) {
        let known = report.application.flatMap { defaultPorts[$0.lowercased()] }
        let transport =
            report.transport.flatMap { Transport(text: $0) } ?? known?.1
            ?? (report.name.hasSuffix("_udp") ? .udp : .tcp)
        return (known?.0, transport)
    }
}
