import VigilCore

/// Team Cymru: the CSIRT Assistance Program (CAP) reports and the full bogon lists.
extension FeedPreset {
    /// CAP categories and the kind each becomes.
    static let cymruCategories: [String: ThreatKind] = [
        "bot": .compromisedHost, "bots": .compromisedHost, "infected": .compromisedHost, "conficker": .compromisedHost,
        "controller": .c2Server, "bruteforce": .maliciousIP, "scanner": .maliciousIP, "scanners": .maliciousIP,
        "darknet": .maliciousIP, "honeypot": .maliciousIP, "ddosreport": .bot, "spam": .maliciousIP,
        "phishing": .phishingURL, "malwareurl": .malwareURL, "openresolver": .openDNSResolver,
        "openresolvers": .openDNSResolver, "proxy": .exposedService, "openproxy": .exposedService,
    ]

    /// CAP reports: `category|address|asn|timestamp|optional_information|asninfo` (and the older
    /// `report|ip|asn|timestamp|comments|asn_name`). A phishing or malware-URL row whose information holds the URL
    /// becomes a URL threat; other rows are the address.
    static let cymruCAP = FeedPreset(
        name: "cymru-cap", title: "Team Cymru CAP", publisher: "Team Cymru", kinds: [.compromisedHost, .c2Server, .maliciousIP, .bot, .phishingURL, .malwareURL, .openDNSResolver, .exposedService],
        separator: "|",
        recognizes: { _, head in head.contains("#category|address|asn|timestamp") || head.contains("# format: report|ip|asn|timestamp") }
    ) { r, _ in
        guard r.fields.count >= 4, let category = r.field(0)?.lowercased(), let ip = r.field(1) else {
            return .reject(.fieldCount, "expected category|address|asn|timestamp|information|asninfo, found \(r.fields.count) fields")
        }
        let info = r.field(4)
        let kind = cymruCategories[category] ?? .other
        if kind == .phishingURL || kind == .malwareURL,
            let url = info?.split(separator: ";").first?.trimmingEdges(), url.hasPrefix("http")
        {
            return .row(PresetRow(kind, url, type: .url, time: r.field(3), asn: asn(r.field(2)), note: category, address: ip))
        }
        // Without its URL, a phishing or malware-URL report is about the address that served it.
        let addressKind = kind == .phishingURL || kind == .malwareURL ? .maliciousIP : kind
        let note = [category, info].compactMap { $0 }.joined(separator: ": ")
        return .row(PresetRow(addressKind, ip, type: .ip, time: r.field(3), asn: asn(r.field(2)), note: note))
    }

    /// The full bogon lists (`fullbogons-ipv4.txt`, `-ipv6.txt`): unallocated and reserved prefixes. They are not
    /// threats to dispose of; they are read as `other`, with the list's update time, for determination to use.
    static let cymruBogons = FeedPreset(
        name: "cymru-bogons", title: "Team Cymru full bogons", publisher: "Team Cymru", kinds: [.other],
        comment: { text, state in
            let words = text.split(separator: " ")
            if let i = words.firstIndex(of: "updated"), i + 1 < words.count, let epoch = Int64(words[i + 1]) { state.headerTime = epoch }
        },
        recognizes: { name, head in name.contains("bogons") || head.contains("fullbogons") }
    ) { r, _ in
        .row(PresetRow(.other, String(r.text), type: .cidr, note: "bogon prefix"))
    }
}
