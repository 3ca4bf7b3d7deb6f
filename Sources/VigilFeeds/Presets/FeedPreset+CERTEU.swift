import VigilCore

/// CERT-EU's CSV threat feed: `feed code, source ip, source time, …, type, …, source asn, …, url, domain name, …`.
extension FeedPreset {
    /// CERT-EU `type` values and the kinds they become.
    static let certEUTypes: [String: ThreatKind] = [
        "malware url": .malwareURL, "malware distribution": .malwareURL, "phishing": .phishingURL, "c&c": .c2Server,
        "c2": .c2Server, "botnet c&c": .c2Server, "bot": .compromisedHost, "infected": .compromisedHost,
        "compromised": .compromisedHost, "defacement": .defacement, "scanner": .maliciousIP, "brute force": .maliciousIP,
        "spam": .maliciousIP, "malicious ip": .maliciousIP, "malicious domain": .maliciousDomain, "dga": .maliciousDomain,
        "open resolver": .openDNSResolver, "vulnerable service": .exposedService,
    ]

    /// The URL is the threat when there is one, else the domain name, else the source address.
    static let certEU = FeedPreset(
        name: "cert-eu", title: "CERT-EU threat feed (CSV)", publisher: "CERT-EU",
        kinds: [.malwareURL, .phishingURL, .c2Server, .compromisedHost, .defacement, .maliciousIP, .maliciousDomain],
        recordMode: .csv, separator: ",", hasHeader: true,
        checkHeader: { $0["source ip"] == nil || $0["type"] == nil ? "the header has no 'source ip' and 'type' columns; is this a CERT-EU feed?" : nil },
        recognizes: { _, head in firstLine(head).hasPrefix("feed code,source ip,source time") }
    ) { r, _ in
        guard let type = r.field("type")?.lowercased() else { return .reject(.missingField, "the type field is empty") }
        guard let mapped = certEUTypes[type] else {
            return .reject(.badKind, "CERT-EU type '\(type)' is not one Vigil maps; see docs/feeds.md")
        }
        var kind = mapped
        let ip = r.field("source ip")
        let note = [r.field("type"), r.field("description")].compactMap { $0 }.joined(separator: " — ")
        let asn = asn(r.field("source asn"))
        if let url = r.field("url") {
            if kind != .phishingURL, kind != .malwareURL, kind != .defacement, kind != .c2Server { kind = .malwareURL }
            return .row(PresetRow(kind, url, type: .url, time: r.field("source time"), asn: asn, note: note, address: ip))
        }
        if let domain = r.field("domain name") {
            return .row(PresetRow(kind == .phishingURL || kind == .malwareURL ? .maliciousDomain : kind, domain, type: .domain,
                                  time: r.field("source time"), asn: asn, note: note, address: ip))
        }
        guard let ip else { return .reject(.missingField, "the row has no url, domain name or source ip") }
        return .row(PresetRow(kind == .phishingURL || kind == .malwareURL ? .maliciousIP : kind, ip, type: .ip,
                              time: r.field("source time"), asn: asn, note: note))
    }
}
