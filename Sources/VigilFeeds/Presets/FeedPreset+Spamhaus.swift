import VigilCore

/// Spamhaus: the DROP and EDROP lists (hijacked and criminal networks) and the CERT feed of infected hosts.
extension FeedPreset {
    /// DROP/EDROP in text (`1.4.0.0/17 ; SBL256893`) or JSON Lines (`{"cidr":…,"sblid":…,"rir":…}`) form.
    /// ASN-DROP lines (`AS260 ; …`) are rejected: Vigil has no AS-number indicator.
    static let spamhausDrop = FeedPreset(
        name: "spamhaus-drop", title: "Spamhaus DROP/EDROP", publisher: "Spamhaus", kinds: [.maliciousIP],
        commentPrefixes: [";"], mayBeJSON: true,
        comment: { text, state in headerTime(text, after: "Last-Modified", into: &state) },
        recognizes: { _, head in
            head.contains("spamhaus drop") || head.contains("spamhaus edrop") || head.contains("\"sblid\"")
        }
    ) { r, _ in
        if r.text.hasPrefix("{") {
            guard let json = try? JSONScanner.parse(String(r.text)) else { return .reject(.badJSON, "not a JSON object") }
            let record = PresetRecord(text: r.text, json: json)
            if record.value("type") == "metadata" { return .skip }
            guard let cidr = record.value("cidr") else { return .reject(.missingField, "the record has no cidr") }
            return .row(PresetRow(.maliciousIP, cidr, type: .cidr, note: [record.value("sblid"), record.value("rir")].compactMap { $0 }.joined(separator: ", ")))
        }
        let parts = r.text.split(separator: ";", maxSplits: 1).map { $0.trimmingEdges() }
        guard let first = parts.first else { return .skip }
        if first.uppercased().hasPrefix("AS"), Int(first.dropFirst(2)) != nil {
            return .reject(.badIndicator, "\(first) is an AS number (ASN-DROP); Vigil has no AS-number indicator, so read drop.txt and edrop.txt instead")
        }
        return .row(PresetRow(.maliciousIP, first, type: .cidr, note: parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil))
    }

    /// CERT feed "bot names" that are not malware: what the host did (scanning, brute force, spam) or what it runs
    /// open. Any other name is a malware family, and the host is infected.
    static let spamhausCERTActivities: [String: ThreatKind] = [
        "iotrdp": .maliciousIP, "iotscan": .maliciousIP, "wpscanner": .maliciousIP, "w_wplogin": .maliciousIP,
        "sshauth": .maliciousIP, "telnetauth": .maliciousIP, "smtpauth": .maliciousIP, "imap": .maliciousIP,
        "authspoofbadehlo": .maliciousIP, "l_spamlink": .maliciousIP, "extortion": .maliciousIP, "misc": .maliciousIP,
        "openrelay": .exposedService, "proxyget": .exposedService,
    ]

    /// The CERT feed: `ip, asn, country, lastseen, botname, domain, remote_ip, remote_port, local_port, protocol`.
    static let spamhausCERT = FeedPreset(
        name: "spamhaus-cert", title: "Spamhaus CERT", publisher: "Spamhaus", kinds: [.compromisedHost, .maliciousIP, .exposedService],
        recordMode: .csv, separator: ",", commentPrefixes: [";"],
        recognizes: { _, head in firstLine(head).hasPrefix("; ip, asn, country, lastseen, botname") }
    ) { r, _ in
        guard r.fields.count >= 5 else { return .reject(.fieldCount, "expected 10 fields (ip, asn, country, lastseen, botname, …), found \(r.fields.count)") }
        guard let ip = r.field(0) else { return .reject(.missingField, "the ip field is empty") }
        let bot = r.field(4)?.lowercased() ?? ""
        let kind = spamhausCERTActivities[bot]
            ?? (bot.hasSuffix("auth") || bot.hasSuffix("scan") || bot.hasSuffix("scanner") ? .maliciousIP : .compromisedHost)
        var note = r.field(4) ?? ""
        if let domain = r.field(5), domain != "-" { note += ", contacted \(domain)" }
        if let port = r.field(7), port != "?" { note += ", port \(port)" }
        return .row(PresetRow(kind, ip, type: .ip, time: r.field(3), asn: asn(r.field(1)), note: note.isEmpty ? nil : note))
    }
}
