import Foundation
import VigilCore
import VigilStore

/// The blocklists: which entries each list holds for the threats that may be published, and the files resolvers and
/// IDSs load. The entries are what the publication ledger keeps (so that a change of policy, too, is a recorded change).
public enum Blocklist {
    /// The entries of `format` for `threats`.
    public static func entries(_ format: BlocklistFormat, _ threats: [PublicationLedger.Listable], settings: PublishSettings) -> [PublicationLedger.Entry] {
        if format == .rpz { return rpzEntries(threats, settings: settings) }
        var out: [PublicationLedger.Entry] = []
        for t in threats where settings.kinds.contains(t.kind) {
            func add(_ text: String) { out.append(PublicationLedger.Entry(entry: text, threat: t.threat, kind: t.kind)) }
            switch format {
            case .rpz:
                break  // rpzEntries above: one record per owner
            case .ips:
                if let ip = address(of: t.indicator) { add(ip) }
            case .domains:
                if let d = domain(of: t.indicator) { add(d) }
            case .hosts:
                if let d = domain(of: t.indicator) { add("0.0.0.0 \(d)") }
            case .urls:
                if t.indicator.type == .url { add(t.indicator.value) }
            case .suricata:
                if let ip = address(of: t.indicator) { add("\(ip),\(category(t.kind).id),\(score(t.kind))") }
            }
        }
        return out
    }

    /// The RPZ entries: one record per owner name. When threats of several kinds share an owner (a domain that is both a
    /// malicious domain and a C2 server), the strongest action wins — NXDOMAIN, then NODATA, then a redirect, then
    /// passthru — since a zone with two different records for one owner does not load.
    static func rpzEntries(_ threats: [PublicationLedger.Listable], settings: PublishSettings) -> [PublicationLedger.Entry] {
        func strength(_ line: String) -> Int {
            line.hasSuffix(" CNAME .") ? 0 : line.hasSuffix(" CNAME *.") ? 1 : line.hasSuffix(" CNAME rpz-passthru.") ? 3 : 2
        }
        var best: [String: PublicationLedger.Entry] = [:]
        for t in threats where settings.kinds.contains(t.kind) {
            for line in rpzLines(t, settings: settings) {
                let owner = String(line.prefix { $0 != " " })
                let entry = PublicationLedger.Entry(entry: line, threat: t.threat, kind: t.kind)
                if let current = best[owner], strength(current.entry) <= strength(line) { continue }
                best[owner] = entry
            }
        }
        return best.values.sorted { $0.entry < $1.entry }
    }

    /// The address or block of an IP, CIDR or service indicator.
    static func address(of indicator: Indicator) -> String? {
        switch indicator.type {
        case .ip, .cidr: return indicator.value
        case .service:
            var host = indicator.value.prefix { $0 != "/" }
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<close]) }
            if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
            return String(host)
        default: return nil
        }
    }

    /// The domain of a domain indicator, if it is a name a resolver can carry.
    static func domain(of indicator: Indicator) -> String? {
        guard indicator.type == .domain else { return nil }
        let d = indicator.value.lowercased().trimmingCharacters(in: ["."])
        let labels = d.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, d.count <= 253,
              labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } }) else { return nil }
        return d
    }

    /// The RPZ records for one threat: its domain (and subtree), or its address as an `rpz-ip` trigger.
    static func rpzLines(_ t: PublicationLedger.Listable, settings: PublishSettings) -> [String] {
        let policy = settings.policy(t.kind)
        let action: String
        switch policy {
        case .nxdomain: action = "CNAME ."
        case .nodata: action = "CNAME *."
        case .passthru: action = "CNAME rpz-passthru."
        case .redirect:
            if let a = IPAddress(settings.redirectTo) {
                action = "\(a.bitWidth == 32 ? "A" : "AAAA") \(a)"
            } else {
                action = "CNAME \(settings.redirectTo.hasSuffix(".") ? settings.redirectTo : settings.redirectTo + ".")"
            }
        }
        // An owner name, with `*.` and the zone's name after it, must fit in 255 octets.
        if let d = domain(of: t.indicator), d.utf8.count + 2 + settings.zone.utf8.count + 1 <= 255 {
            var lines = ["\(d) \(action)"]
            if settings.subtreeKinds.contains(t.kind) { lines.append("*.\(d) \(action)") }
            return lines
        }
        if let text = address(of: t.indicator), let trigger = rpzIP(text) {
            // An address trigger rewrites any answer holding that address; a redirect makes no sense there.
            return ["\(trigger) \(policy == .redirect ? "CNAME ." : action)"]
        }
        return []
    }

    /// The `rpz-ip` owner of an address or block: the prefix length, then the address reversed
    /// (`32.68.100.51.198.rpz-ip` for 198.51.100.68).
    static func rpzIP(_ text: String) -> String? {
        let block: CIDRBlock
        if let b = CIDRBlock(text) { block = b } else if let a = IPAddress(text) { block = CIDRBlock(address: a, prefixLength: a.bitWidth) } else { return nil }
        switch block.network {
        case .v4(let a):
            let octets = (0..<4).map { String((a.value >> (24 - 8 * UInt32($0))) & 0xFF) }
            return "\(block.prefixLength).\(octets.reversed().joined(separator: ".")).rpz-ip"
        case .v6(let a):
            let groups = (0..<8).map { i -> String in
                let word = i < 4 ? a.high >> (48 - 16 * UInt64(i)) : a.low >> (48 - 16 * UInt64(i - 4))
                return String(word & 0xFFFF, radix: 16)
            }
            return "\(block.prefixLength).\(groups.reversed().joined(separator: ".")).rpz-ip"
        }
    }

    /// Suricata's reputation categories for the kinds Vigil publishes.
    static func category(_ kind: ThreatKind) -> (id: Int, name: String, description: String) {
        switch kind {
        case .c2Server: (1, "VigilC2", "Command-and-control servers confirmed by Vigil")
        case .phishingURL: (2, "VigilPhishing", "Phishing hosts confirmed by Vigil")
        case .malwareURL: (3, "VigilMalware", "Malware distribution hosts confirmed by Vigil")
        default: (4, "VigilMalicious", "Malicious addresses confirmed by Vigil")
        }
    }

    static func score(_ kind: ThreatKind) -> Int { kind == .c2Server ? 127 : 100 }

    /// The file for `format` from the list's entries and serial.
    public static func render(_ format: BlocklistFormat, entries: [PublicationLedger.Entry], serial: Int64, settings: PublishSettings, at now: Int64) -> String {
        let lines = Array(Set(entries.map(\.entry))).sorted()
        let stamp = UTCTime.format(now)
        switch format {
        case .rpz:
            var zone = """
                ; Vigil response-policy zone \(settings.zone) — \(lines.count) records, serial \(serial), \(stamp)
                $TTL \(settings.ttl)
                $ORIGIN \(settings.zone)
                @ IN SOA localhost. hostmaster.localhost. ( \(serial) 3600 600 86400 \(settings.ttl) )
                @ IN NS localhost.

                """
            for line in lines { zone += line + "\n" }
            return zone
        case .suricata:
            return "# Vigil IP reputation (Suricata iprep: ip,category,score), \(lines.count) entries, serial \(serial), \(stamp)\n" + lines.map { $0 + "\n" }.joined()
        default:
            return "# Vigil \(format.rawValue) blocklist, \(lines.count) entries, serial \(serial), \(stamp)\n" + lines.map { $0 + "\n" }.joined()
        }
    }

    /// Suricata's `categories.txt` for the reputation file.
    public static let suricataCategories = [4, 1, 2, 3].map { id -> String in
        let kind: ThreatKind = id == 1 ? .c2Server : id == 2 ? .phishingURL : id == 3 ? .malwareURL : .maliciousIP
        let c = category(kind)
        return "\(c.id),\(c.name),\(c.description)"
    }.sorted().joined(separator: "\n") + "\n"
}

extension Blocklist {
    /// Suricata rules: one rule per reputation category (matching the reputation file), and a DNS rule per listed
    /// domain. Sids are in the range 9,100,000–9,199,999, numbered in the domains' order.
    public static func suricataRules(_ threats: [PublicationLedger.Listable], settings: PublishSettings, at now: Int64) -> String {
        var out = "# Vigil Suricata rules, \(UTCTime.format(now)); load vigil.list as iprep with the categories file (vigil export suricata --categories)\n"
        for id in 1...4 {
            let kind: ThreatKind = id == 1 ? .c2Server : id == 2 ? .phishingURL : id == 3 ? .malwareURL : .maliciousIP
            let c = category(kind)
            out += "alert ip any any -> any any (msg:\"VIGIL \(c.name) reputation\"; iprep:any,\(c.name),>,0; classtype:bad-unknown; sid:\(9_100_000 + id); rev:1;)\n"
        }
        // One rule per domain (the name itself and its subdomains: `dotprefix`), sids numbered in the domains' order.
        var domains: [String: ThreatKind] = [:]
        for t in threats where settings.kinds.contains(t.kind) {
            if let d = domain(of: t.indicator), domains[d] == nil { domains[d] = t.kind }
        }
        for (i, (d, kind)) in domains.sorted(by: { $0.key < $1.key }).prefix(99_899).enumerated() {
            out += "alert dns any any -> any any (msg:\"VIGIL \(kind.rawValue) \(d)\"; dns.query; dotprefix; content:\".\(d)\"; nocase; endswith; "
                + "classtype:bad-unknown; sid:\(9_100_100 + i); rev:1;)\n"
        }
        return out
    }
}
