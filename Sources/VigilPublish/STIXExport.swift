import Crypto
import Foundation
import VigilCore
import VigilStore

/// STIX 2.1 bundles of Vigil's confirmed threats, for partners' tools: per threat an `indicator` with its pattern, the
/// `observed-data` and cyber-observable it rests on, a `sighting` by the source that reported it, and for C2 servers an
/// `infrastructure`, for malware kinds a `malware` family, linked by `relationship`s; `identity` objects for Vigil and
/// each source. Every id is a UUIDv5 of what the object stands for (cyber-observables: of their id-contributing
/// properties, as STIX 2.1 §2.9 says), and timestamps come from the threat, so exporting twice gives the same objects.
public enum STIXExport {
    /// Vigil's namespace for its objects' ids.
    static let namespace = UUID(uuidString: "8f1c6d0e-5b7a-5d3e-9a21-4c6f2b8e0d17")!
    /// STIX 2.1's namespace for cyber-observable ids.
    static let observableNamespace = UUID(uuidString: "00abedb4-aa42-466c-9c01-fed23315a9b7")!
    /// Objects that stand for Vigil and its sources date from here.
    static let epoch: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    /// A name-based UUID (version 5, SHA-1).
    static func uuid5(_ namespace: UUID, _ name: String) -> String {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var hash = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        let hex = hash.map { String($0, radix: 16).leftPadded(2) }.joined()
        let i = hex.startIndex
        func part(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// A STIX timestamp (milliseconds, UTC).
    static func time(_ seconds: Int64) -> String {
        UTCTime.format(seconds).replacingOccurrences(of: "Z", with: ".000Z")
    }

    /// A string in a STIX pattern: quotes and backslashes escaped.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// The cyber-observable of an indicator and the pattern that matches it; nil for indicators STIX has no object for.
    static func observable(_ indicator: Indicator) -> (object: [String: Any], pattern: String)? {
        func sco(_ type: String, _ contributing: [String: Any], _ extra: [String: Any] = [:]) -> [String: Any] {
            let canonical = (try? JSONSerialization.data(withJSONObject: contributing, options: [.sortedKeys, .withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            var o: [String: Any] = ["type": type, "spec_version": "2.1", "id": "\(type)--\(uuid5(observableNamespace, canonical))"]
            for (k, v) in contributing.merging(extra, uniquingKeysWith: { a, _ in a }) { o[k] = v }
            return o
        }
        let value = indicator.value
        switch indicator.type {
        case .ip, .cidr:
            let type = value.contains(":") ? "ipv6-addr" : "ipv4-addr"
            // A block matches the addresses inside it.
            return (sco(type, ["value": value]), "[\(type):value \(indicator.type == .cidr ? "ISSUBSET" : "=") \(quoted(value))]")
        case .domain:
            return (sco("domain-name", ["value": value]), "[domain-name:value = \(quoted(value))]")
        case .url:
            return (sco("url", ["value": value]), "[url:value = \(quoted(value))]")
        case .email:
            return (sco("email-addr", ["value": value]), "[email-addr:value = \(quoted(value))]")
        case .hash:
            let algorithm: String
            switch value.count {
            case 32: algorithm = "MD5"
            case 40: algorithm = "SHA-1"
            case 64: algorithm = "SHA-256"
            case 128: algorithm = "SHA-512"
            default: return nil
            }
            return (sco("file", ["hashes": [algorithm: value]]), "[file:hashes.\(quoted(algorithm)) = \(quoted(value))]")
        case .service:
            // ip:port/proto: the address is the observable; the pattern names the traffic to that port.
            guard let slash = value.lastIndex(of: "/"), let colon = value[..<slash].lastIndex(of: ":"), let port = Int(value[value.index(after: colon)..<slash]) else { return nil }
            var host = String(value[..<colon])
            if host.hasPrefix("[") { host = String(host.dropFirst().dropLast()) }
            let type = host.contains(":") ? "ipv6-addr" : "ipv4-addr"
            let proto = String(value[value.index(after: slash)...])
            return (sco(type, ["value": host]),
                    "[network-traffic:dst_ref.type = \(quoted(type)) AND network-traffic:dst_ref.value = \(quoted(host)) AND network-traffic:dst_port = \(port) "
                        + "AND network-traffic:protocols[*] = \(quoted(proto))]")
        case .phone:
            return nil
        }
    }

    static func indicatorTypes(_ kind: ThreatKind) -> [String] {
        switch kind.category {
        case .hazard: ["anomalous-activity"]
        case .incident: kind == .compromisedHost ? ["compromised"] : ["malicious-activity"]
        default: ["malicious-activity"]
        }
    }

    static func malwareTypes(_ kind: ThreatKind) -> [String]? {
        switch kind {
        case .trojan: ["trojan"]
        case .virus: ["virus"]
        case .bot: ["bot"]
        case .ransomware: ["ransomware"]
        case .mobileMalware, .malwareSample: ["unknown"]
        default: nil
        }
    }

    /// The id of the `identity` that stands for Vigil (every object's `created_by_ref`).
    static let vigilID = "identity--\(uuid5(namespace, "identity|Vigil"))"

    /// An object's common properties: its type, an id from `key`, and its times.
    static func common(_ type: String, _ key: String, created: Int64, modified: Int64) -> [String: Any] {
        ["type": type, "spec_version": "2.1", "id": "\(type)--\(uuid5(namespace, "\(type)|\(key)"))", "created": time(created), "modified": time(max(created, modified))]
    }

    /// The `identity` of Vigil.
    static func vigilIdentity() -> [String: Any] {
        var identity = common("identity", "Vigil", created: epoch, modified: epoch)
        identity["id"] = vigilID
        identity["name"] = "Vigil"
        identity["identity_class"] = "system"
        identity["description"] = "Public-internet threat monitoring and disposal (公共互联网网络安全威胁监测与处置)"
        return identity
    }

    /// The `identity` of a source (the organization that reported threats).
    static func sourceIdentity(_ source: String) -> [String: Any] {
        var identity = common("identity", "source|\(source)", created: epoch, modified: epoch)
        identity["name"] = source
        identity["identity_class"] = "organization"
        return identity
    }

    /// The malware kinds Vigil names a family for, in a fixed order.
    static let malwareKinds: [ThreatKind] = ThreatKind.allCases.filter { malwareTypes($0) != nil }

    /// The `malware` family of a kind, if it is a malware kind.
    static func malwareFamily(_ kind: ThreatKind) -> [String: Any]? {
        guard let types = malwareTypes(kind) else { return nil }
        var malware = common("malware", "family|\(kind.rawValue)", created: epoch, modified: epoch)
        malware["name"] = kind.englishName
        malware["is_family"] = true
        malware["malware_types"] = types
        malware["created_by_ref"] = vigilID
        return malware
    }

    /// The objects that stand for Vigil and the malware families: the same for every export.
    public static func sharedObjects() -> [[String: Any]] {
        [vigilIdentity()] + malwareKinds.compactMap(malwareFamily)
    }

    /// The objects of one threat, in a fixed order: its cyber-observable, indicator, observed-data and sighting, and
    /// for a C2 server its infrastructure, then its relationships. They refer to Vigil's identity, the identity of the
    /// source (``sourceIdentity(_:)``) and the malware family, which are not among them. Empty for an indicator STIX has
    /// no object for.
    public static func objects(_ t: PublicationLedger.Listable) -> [[String: Any]] {
        guard let (sco, pattern) = observable(t.indicator) else { return [] }
        var out: [[String: Any]] = [sco]
        let scoID = sco["id"] as? String ?? ""
        let sourceID = sourceIdentity(t.source)["id"] as? String ?? ""
        let key = t.threat.description
        var indicator = common("indicator", key, created: t.firstSeen, modified: t.lastSeen)
        indicator["name"] = "\(t.kind.englishName): \(t.indicator.value)"
        indicator["description"] = "\(t.kind.chineseName) — Vigil threat \(key), confirmed \(UTCTime.format(t.decidedAt))"
        indicator["indicator_types"] = indicatorTypes(t.kind)
        indicator["pattern"] = pattern
        indicator["pattern_type"] = "stix"
        indicator["valid_from"] = time(t.firstSeen)
        indicator["labels"] = [t.kind.rawValue]
        indicator["created_by_ref"] = vigilID
        let indicatorID = indicator["id"] as? String ?? ""
        out.append(indicator)
        var observed = common("observed-data", key, created: t.firstSeen, modified: t.lastSeen)
        observed["first_observed"] = time(t.firstSeen)
        observed["last_observed"] = time(max(t.firstSeen, t.lastSeen))
        observed["number_observed"] = min(max(1, t.sightings), 999_999_999)
        observed["object_refs"] = [scoID]
        observed["created_by_ref"] = vigilID
        let observedID = observed["id"] as? String ?? ""
        out.append(observed)
        var sighting = common("sighting", key, created: t.firstSeen, modified: t.lastSeen)
        sighting["sighting_of_ref"] = indicatorID
        sighting["first_seen"] = time(t.firstSeen)
        sighting["last_seen"] = time(max(t.firstSeen, t.lastSeen))
        sighting["count"] = min(max(1, t.sightings), 999_999_999)
        sighting["where_sighted_refs"] = [sourceID]
        sighting["observed_data_refs"] = [observedID]
        sighting["created_by_ref"] = vigilID
        out.append(sighting)
        var targets: [String] = []
        if t.kind == .c2Server {
            var infrastructure = common("infrastructure", key, created: t.firstSeen, modified: t.lastSeen)
            infrastructure["name"] = "C2 \(t.indicator.value)"
            infrastructure["infrastructure_types"] = ["command-and-control"]
            infrastructure["created_by_ref"] = vigilID
            targets.append(infrastructure["id"] as? String ?? "")
            out.append(infrastructure)
        }
        if let family = malwareFamily(t.kind) { targets.append(family["id"] as? String ?? "") }
        for target in targets {
            var r = common("relationship", "\(indicatorID)|indicates|\(target)", created: t.firstSeen, modified: t.lastSeen)
            r["relationship_type"] = "indicates"
            r["source_ref"] = indicatorID
            r["target_ref"] = target
            r["created_by_ref"] = vigilID
            out.append(r)
        }
        return out
    }

    /// The bundle of `threats`, as a JSON object: each threat's objects, the identities of Vigil and of the sources,
    /// and the malware families they refer to, each object once, in id order.
    public static func bundle(_ threats: [PublicationLedger.Listable]) -> [String: Any] {
        var objects: [String: [String: Any]] = [vigilID: vigilIdentity()]
        for t in threats {
            let own = Self.objects(t)
            guard !own.isEmpty else { continue }
            for o in own { objects[o["id"] as? String ?? ""] = o }
            let source = sourceIdentity(t.source)
            objects[source["id"] as? String ?? ""] = source
            if let family = malwareFamily(t.kind) { objects[family["id"] as? String ?? ""] = family }
        }
        let ids = objects.keys.sorted()
        return ["type": "bundle", "id": "bundle--\(uuid5(namespace, "bundle|" + ids.joined(separator: ",")))", "objects": ids.compactMap { objects[$0] }]
    }

    /// The bundle as JSON text (keys sorted: the same threats give the same bytes).
    public static func json(_ threats: [PublicationLedger.Listable]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: bundle(threats), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
    }
}
