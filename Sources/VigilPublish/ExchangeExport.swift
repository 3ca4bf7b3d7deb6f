import Crypto
import Foundation
import VigilCore
import VigilStore

/// The other exchange formats partners read: a MISP event, CSV, and IntelMQ events (one JSON object a line, with
/// IntelMQ's harmonized field names, so an IntelMQ pipeline — or Vigil's own IntelMQ reader — takes them as they are).
public enum ExchangeExport {
    /// A MISP event (the JSON `pymisp` and MISP's import read) with one attribute per threat; ids are name-based, so
    /// the same threats give the same event.
    public static func misp(_ threats: [PublicationLedger.Listable], at now: Int64) throws -> String {
        var attributes: [[String: Any]] = []
        var seen = Set<String>()
        for t in threats {
            // MISP refuses two attributes with the same type, category and value (an address both malicious and C2).
            guard let (type, category, value) = mispAttribute(t), seen.insert("\(type)|\(category)|\(value)").inserted else { continue }
            attributes.append([
                "uuid": STIXExport.uuid5(STIXExport.namespace, "misp-attribute|\(t.threat)"), "type": type, "category": category, "value": value,
                "to_ids": t.kind.category != .hazard, "timestamp": String(t.lastSeen), "first_seen": STIXExport.time(t.firstSeen),
                "last_seen": STIXExport.time(max(t.firstSeen, t.lastSeen)), "comment": "\(t.kind.rawValue) \(t.kind.chineseName); Vigil threat \(t.threat); source \(t.source)",
                "distribution": "5", "disable_correlation": false,
            ])
        }
        attributes.sort { ($0["uuid"] as? String ?? "") < ($1["uuid"] as? String ?? "") }
        let event: [String: Any] = ["Event": [
            // One event for Vigil's feed: importing again updates it in place (its attributes keep their uuids).
            "uuid": STIXExport.uuid5(STIXExport.namespace, "misp-event|Vigil"),
            "info": "Vigil: \(threats.count) confirmed threats", "date": String(UTCTime.format(now).prefix(10)), "timestamp": String(now),
            "threat_level_id": "2", "analysis": "2", "distribution": "0", "published": false,
            "Orgc": ["name": "Vigil", "uuid": STIXExport.uuid5(STIXExport.namespace, "misp-org|Vigil")],
            "Tag": [["name": "tlp:amber"], ["name": "source:vigil"]], "Attribute": attributes,
        ] as [String: Any]]
        return String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
    }

    static func mispAttribute(_ t: PublicationLedger.Listable) -> (type: String, category: String, value: String)? {
        let v = t.indicator.value
        switch t.indicator.type {
        case .ip, .cidr: return (t.kind == .c2Server || t.kind == .maliciousIP ? "ip-dst" : "ip-src", "Network activity", v)
        case .domain: return ("domain", "Network activity", v)
        case .url: return ("url", t.kind == .phishingURL ? "Network activity" : "Payload delivery", v)
        case .email: return ("email-src", "Payload delivery", v)
        case .phone: return ("phone-number", "Other", v)
        case .hash:
            let types = [32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"]
            guard let type = types[v.count] else { return nil }
            return (type, "Payload delivery", v)
        case .service:
            guard let slash = v.lastIndex(of: "/"), let colon = v[..<slash].lastIndex(of: ":") else { return nil }
            var host = String(v[..<colon])
            if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
            return ("ip-dst|port", "Network activity", "\(host)|\(v[v.index(after: colon)..<slash])")
        }
    }

    /// CSV with a header: one row per threat.
    public static func csv(_ threats: [PublicationLedger.Listable]) -> String {
        func field(_ s: String) -> String { s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var out = "threat,kind,category,indicator_type,indicator,first_seen,last_seen,sightings,source,confirmed_at\n"
        for t in threats {
            out += [t.threat.description, t.kind.rawValue, t.kind.category.rawValue, t.indicator.type.rawValue, t.indicator.value, UTCTime.format(t.firstSeen),
                    UTCTime.format(t.lastSeen), String(t.sightings), t.source, UTCTime.format(t.decidedAt)].map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// IntelMQ events, one a line.
    public static func intelmq(_ threats: [PublicationLedger.Listable], identifiers: [ThreatKind: String]) throws -> String {
        var out = ""
        for t in threats {
            var e: [String: Any] = ["feed.name": "Vigil", "feed.provider": "Vigil", "time.source": UTCTime.format(t.lastSeen), "extra.vigil_kind": t.kind.rawValue,
                                    "extra.vigil_threat": t.threat.description, "extra.reported_by": t.source]
            let (taxonomy, type) = classification(t.kind)
            e["classification.taxonomy"] = taxonomy
            e["classification.type"] = type
            if let identifier = identifiers[t.kind] { e["classification.identifier"] = identifier }
            let v = t.indicator.value
            switch t.indicator.type {
            case .ip: e["source.ip"] = v
            case .cidr: e["source.network"] = v
            case .domain: e["source.fqdn"] = v
            case .url: e["source.url"] = v
            case .email: e["source.account"] = v
            case .phone: continue
            case .hash:
                guard let key = [32: "malware.hash.md5", 40: "malware.hash.sha1", 64: "malware.hash.sha256"][v.count] else { continue }
                e[key] = v
            case .service:
                guard let slash = v.lastIndex(of: "/"), let colon = v[..<slash].lastIndex(of: ":"), let port = Int(v[v.index(after: colon)..<slash]) else { continue }
                var host = String(v[..<colon])
                if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
                e["source.ip"] = host
                e["source.port"] = port
                e["protocol.transport"] = String(v[v.index(after: slash)...])
            }
            out += String(decoding: try JSONSerialization.data(withJSONObject: e, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
        }
        return out
    }

    /// IntelMQ's taxonomy and type for a kind.
    static func classification(_ kind: ThreatKind) -> (String, String) {
        switch kind {
        case .c2Server: ("malicious-code", "c2-server")
        case .malwareURL: ("malicious-code", "malware-distribution")
        case .trojan, .virus, .ransomware, .mobileMalware, .malwareSample: ("malicious-code", "malware")
        case .bot: ("availability", "ddos")
        case .phishingURL, .phishingEmail, .phishingSMS, .phishingIM: ("fraud", "phishing")
        case .maliciousDomain: ("other", "dga-domain")
        case .maliciousIP: ("other", "blacklist")
        case .compromisedHost, .backdoor: ("intrusions", "system-compromise")
        case .defacement: ("information-content-security", "unauthorised-information-modification")
        case .hiddenLink: ("information-content-security", "unauthorised-information-modification")
        case .dataLeak: ("information-content-security", "data-leak")
        case .vulnerability, .weakPassword: ("vulnerable", "information-disclosure")
        case .openNTPMonlist, .openNTPMode6, .openDNSResolver, .openSSDP, .openMemcached, .openSNMP, .openPortmapper, .openChargen:
            ("vulnerable", "ddos-amplifier")
        case .openRedis, .openTelnet, .exposedService: ("vulnerable", "vulnerable-system")
        case .other: ("other", "other")
        }
    }
}
