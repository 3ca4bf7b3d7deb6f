import VigilCore

/// abuse.ch: Feodo Tracker (botnet C2 servers), URLhaus (malware URLs) and ThreatFox (IOCs).
extension FeedPreset {
    /// Feodo Tracker's JSON block list (`ipblocklist.json`): botnet C2 servers.
    static let feodoTrackerJSON = FeedPreset(
        name: "abusech-feodo", title: "abuse.ch Feodo Tracker (JSON)", publisher: "abuse.ch", kinds: [.c2Server],
        recordMode: .json(member: nil),
        recognizes: { _, head in head.hasPrefix("[") || head.hasPrefix("\n[") ? head.contains("\"ip_address\"") && head.contains("\"malware\"") : false }
    ) { r, _ in
        guard let ip = r.value("ip_address") else { return .reject(.missingField, "the record has no ip_address") }
        return .row(PresetRow(
            .c2Server, ip, type: .ip, time: r.value("first_seen") ?? r.value("last_online"), asn: asn(r.value("as_number")),
            note: feodoNote(malware: r.value("malware"), port: r.value("port"), status: r.value("status"))))
    }

    /// Feodo Tracker's CSV block list (`ipblocklist.csv`): `first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware`.
    static let feodoTrackerCSV = FeedPreset(
        name: "abusech-feodo-csv", title: "abuse.ch Feodo Tracker (CSV)", publisher: "abuse.ch", kinds: [.c2Server],
        recordMode: .csv, separator: ",",
        recognizes: { _, head in head.contains("feodo tracker") && head.contains("dst_ip") }
    ) { r, _ in
        guard r.fields.count >= 6 else { return .reject(.fieldCount, "expected 6 fields (first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware), found \(r.fields.count)") }
        guard let ip = r.field(1) else { return .reject(.missingField, "the dst_ip field is empty") }
        return .row(PresetRow(.c2Server, ip, type: .ip, time: r.field(0), note: feodoNote(malware: r.field(5), port: r.field(2), status: r.field(3))))
    }

    static func feodoNote(malware: String?, port: String?, status: String?) -> String? {
        let parts = [malware, port.map { "port \($0)" }, status].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// URLhaus's CSV dumps (`csv_recent`, `csv_online`): `id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter`.
    static let urlhaus = FeedPreset(
        name: "abusech-urlhaus", title: "abuse.ch URLhaus (CSV)", publisher: "abuse.ch", kinds: [.malwareURL],
        recordMode: .csv, separator: ",",
        recognizes: { _, head in head.contains("urlhaus") && head.contains("dateadded") }
    ) { r, _ in
        guard r.fields.count >= 7 else { return .reject(.fieldCount, "expected at least 7 fields (id,dateadded,url,url_status,last_online,threat,tags,…), found \(r.fields.count)") }
        guard let url = r.field(2) else { return .reject(.missingField, "the url field is empty") }
        let note = [r.field(5), r.field(6).map { "tags: \($0)" }, r.field(3)].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(.malwareURL, url, type: .url, time: r.field(1), note: note.isEmpty ? nil : note))
    }

    /// ThreatFox's CSV export: `first_seen_utc,ioc_id,ioc_value,ioc_type,threat_type,fk_malware,malware_alias,
    /// malware_printable,last_seen_utc,confidence_level,reference,tags,anonymous,reporter`.
    static let threatFox = FeedPreset(
        name: "abusech-threatfox", title: "abuse.ch ThreatFox (CSV)", publisher: "abuse.ch",
        kinds: [.c2Server, .malwareURL, .maliciousDomain, .malwareSample, .maliciousIP],
        recordMode: .csv, separator: ",",
        recognizes: { _, head in head.contains("threatfox") && head.contains("ioc_value") }
    ) { r, _ in
        guard r.fields.count >= 8 else { return .reject(.fieldCount, "expected at least 8 fields (first_seen_utc,ioc_id,ioc_value,ioc_type,threat_type,…), found \(r.fields.count)") }
        guard var value = r.field(2), let iocType = r.field(3) else { return .reject(.missingField, "ioc_value or ioc_type is empty") }
        let threat = r.field(4) ?? ""
        let type: IndicatorType
        switch iocType {
        case "ip:port":
            // The C2's port is kept in the note; the threat is the address.
            if let colon = value.lastIndex(of: ":"), !value.hasSuffix("]") { value = String(value[..<colon]) }
            type = .ip
        case "domain": type = .domain
        case "url": type = .url
        case "md5_hash", "sha1_hash", "sha256_hash", "sha3_384_hash": type = .hash
        default: return .reject(.badIndicator, "ThreatFox ioc_type '\(iocType)' is not one Vigil reads (ip:port, domain, url, md5/sha1/sha256 hash)")
        }
        let kind: ThreatKind =
            switch (threat, type) {
            case ("botnet_cc", _): .c2Server
            case (_, .hash): .malwareSample
            case ("payload_delivery", .url): .malwareURL
            case (_, .domain): .maliciousDomain
            case (_, .url): .malwareURL
            default: .maliciousIP
            }
        let port = iocType == "ip:port" ? r.field(2).flatMap { $0.split(separator: ":").last.map(String.init) } : nil
        let note = [r.field(7), threat.isEmpty ? nil : threat, port.map { "port \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(kind, value, type: type, time: r.field(0), note: note.isEmpty ? nil : note))
    }
}
