import VigilCore

/// Malicious and compromised web sites: Zone-H defacements, VX Vault and Malware Patrol URL lists, Blueliv's crime
/// servers, and CZ.NIC's SSH honeypot.
extension FeedPreset {
    /// Zone-H's defacement exports: CSV with `add_date`, `attacker`, `domain` (the defaced URL), `ip_address`, ….
    static let zoneH = FeedPreset(
        name: "zoneh", title: "Zone-H defacements", publisher: "Zone-H", kinds: [.defacement],
        recordMode: .csv, separator: ",", hasHeader: true,
        checkHeader: { $0["domain"] == nil || $0["add_date"] == nil ? "the header has no 'domain' and 'add_date' columns; is this a Zone-H export?" : nil },
        recognizes: { _, head in let first = firstLine(head); return first.contains("\"defacement_id\"") || (first.contains("attacker") && first.contains("hackmode")) }
    ) { r, _ in
        guard let site = r.field("domain") else { return .reject(.missingField, "the domain field is empty") }
        let url = site.contains("://") ? site : "http://\(site)"
        let note = [r.field("attacker").map { "defaced by \($0)" }, r.field("hackmode"), r.field("defacement_id").map { "zone-h \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(.defacement, url, type: .url, time: r.field("add_date"), note: note.isEmpty ? nil : note, address: r.field("ip_address")))
    }

    /// VX Vault's URL list: a `<pre>` page of malware download URLs under a date line.
    static let vxVault = FeedPreset(
        name: "vxvault", title: "VX Vault URL list", publisher: "VX Vault", kinds: [.malwareURL],
        recognizes: { _, head in head.contains("vx vault") }
    ) { r, state in
        let line = r.text
        if line.hasPrefix("http://") || line.hasPrefix("https://") { return .row(PresetRow(.malwareURL, String(line), type: .url)) }
        if let time = HeaderDate.parse(line) {
            state.headerTime = time
            return .skip
        }
        // The page's markup and title are not rows; anything else is a line that should have been a URL.
        if line.hasPrefix("<") || line.hasPrefix("VX Vault") { return .skip }
        return .reject(.badIndicator, "not a URL, markup or the list's date: '\(line.prefix(80))'")
    }

    /// Malware Patrol's DansGuardian list: URLs without a scheme, `# Generated at: YYYYMMDDhhmmss UTC`.
    static let malwarePatrol = FeedPreset(
        name: "malwarepatrol", title: "Malware Patrol (DansGuardian list)", publisher: "Malware Patrol", kinds: [.malwareURL],
        comment: { text, state in
            let t = text.trimmingEdges()
            guard t.hasPrefix("Generated at:") else { return }
            let digits = t.dropFirst(13).trimmingEdges().prefix(14)
            guard digits.count == 14, digits.allSatisfy(\.isNumber) else { return }
            let d = Array(digits)
            let iso = "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))T\(String(d[8..<10])):\(String(d[10..<12])):\(String(d[12..<14]))Z"
            if let time = UTCTime.parse(iso) { state.headerTime = time }
        },
        recognizes: { _, head in head.contains("malware patrol") }
    ) { r, _ in
        let url = r.text.contains("://") ? String(r.text) : "http://\(r.text)"
        return .row(PresetRow(.malwareURL, url, type: .url))
    }

    /// Blueliv's crime servers: a JSON array of `{type, url, ip, firstSeenAt, lastSeenAt, status, …}`.
    static let blueliv = FeedPreset(
        name: "blueliv", title: "Blueliv crime servers", publisher: "Blueliv", kinds: [.malwareURL, .phishingURL, .c2Server, .backdoor, .maliciousIP],
        recordMode: .json(member: nil),
        recognizes: { _, head in head.contains("\"firstseenat\"") && head.contains("\"lastseenat\"") }
    ) { r, _ in
        guard let target = r.value("url") ?? r.value("ip") else { return .reject(.missingField, "the record has no url or ip") }
        let type = r.value("type") ?? ""
        let kind: ThreatKind =
            switch type {
            case "MALWARE", "EXPLOIT_KIT": .malwareURL
            case "PHISHING": .phishingURL
            case "C_C": .c2Server
            case "BACKDOOR": .backdoor
            default: .maliciousIP
            }
        let note = [type, r.value("status")].filter { !($0 ?? "").isEmpty }.compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(kind, target, time: r.value("lastSeenAt"), note: note.isEmpty ? nil : note, address: r.value("ip")))
    }

    /// CZ.NIC's SSH honeypot (HaaS) daily export: a JSON array of `{time, ip, login_successful, commands, …}`.
    static let cznicHaaS = FeedPreset(
        name: "cznic-haas", title: "CZ.NIC Honeypot as a Service", publisher: "CZ.NIC", kinds: [.maliciousIP],
        recordMode: .json(member: nil),
        recognizes: { _, head in head.contains("\"login_successful\"") }
    ) { r, _ in
        guard let ip = r.value("ip") else { return .reject(.missingField, "the record has no ip") }
        var commands = 0
        if case .array(let list)? = r.json["commands"] { commands = list.count }
        let login = r.value("login_successful") == "true" ? "logged in" : "login attempts"
        return .row(PresetRow(.maliciousIP, ip, type: .ip, time: r.value("time"), note: "SSH honeypot: \(login), \(commands) commands"))
    }
}
