import VigilCore

/// Text lists of attacking and malicious addresses: Bambenek, DataPlane, blocklist.de, CI Army, Danger Rulez,
/// Turris, AlienVault reputation.
extension FeedPreset {
    /// Bambenek Consulting's C2 and DGA feeds: `indicator,description,date,manual`.
    static let bambenek = FeedPreset(
        name: "bambenek", title: "Bambenek C2 and DGA feeds", publisher: "Bambenek Consulting", kinds: [.c2Server, .maliciousDomain],
        recordMode: .csv, separator: ",",
        recognizes: { _, head in head.contains("bambenek") }
    ) { r, _ in
        guard r.fields.count >= 3 else {
            return .reject(.fieldCount, "expected indicator,description,date[,manual], found \(r.fields.count) fields")
        }
        guard let indicator = r.field(0) else { return .reject(.missingField, "the indicator field is empty") }
        let description = r.field(1) ?? ""
        let isDGA = description.contains("DGA")
        return .row(PresetRow(isDGA ? .maliciousDomain : .c2Server, indicator, time: r.field(2), note: description.isEmpty ? nil : description))
    }

    /// DataPlane.org reports: `ASN | ASname | ipaddr | lastseen | category`, addresses seen attacking sensors. The
    /// AS name may itself hold a `|`, and some reports add a first-seen time before the last-seen one, so the
    /// address is the last field before the times that is one, and the time and category are the last two fields.
    static let dataPlane = FeedPreset(
        name: "dataplane", title: "DataPlane.org reports", publisher: "DataPlane.org", kinds: [.maliciousIP],
        separator: "|",
        recognizes: { _, head in head.contains("dataplane.org") }
    ) { r, _ in
        let n = r.fields.count
        guard n >= 5 else {
            return .reject(.fieldCount, "expected ASN | ASname | ipaddr | lastseen | category, found \(n) fields")
        }
        let position = stride(from: n - 3, through: 2, by: -1).first { IPAddress(r.fields[$0]) != nil } ?? n - 3
        guard let ip = r.field(position) else { return .reject(.missingField, "the ipaddr field is empty") }
        return .row(PresetRow(.maliciousIP, ip, type: .ip, time: r.field(n - 2), asn: asn(r.field(0)), note: r.field(n - 1)))
    }

    /// blocklist.de's per-service lists (`ssh.txt`, `imap.txt`, …): one attacking address per line.
    static let blocklistDE = FeedPreset(
        name: "blocklist-de", title: "blocklist.de", publisher: "blocklist.de", kinds: [.maliciousIP],
        recognizes: { name, _ in name.contains("blocklist.de") || name.hasPrefix("blocklistde") }
    ) { r, _ in
        .row(PresetRow(.maliciousIP, String(r.text), type: .ip, note: "attacks reported to blocklist.de"))
    }

    /// CINS Army's list (`ci-badguys.txt`): one address per line.
    static let ciArmy = FeedPreset(
        name: "ci-army", title: "CINS Army list", publisher: "Sentinel IPS (CINS)", kinds: [.maliciousIP],
        recognizes: { name, _ in name.contains("ci-badguys") || name.contains("ci-army") }
    ) { r, _ in
        .row(PresetRow(.maliciousIP, String(r.text), type: .ip, note: "CINS Army"))
    }

    /// Danger Rulez' BruteForceBlocker list: `IP <tabs> # last reported <tabs> count <tab> id`.
    static let dangerRulez = FeedPreset(
        name: "danger-rulez", title: "Danger Rulez BruteForceBlocker", publisher: "danger.rulez.sk", kinds: [.maliciousIP],
        recognizes: { _, head in firstLine(head).hasPrefix("# ip") && head.contains("# last reported") }
    ) { r, _ in
        let parts = r.text.split(separator: "#", maxSplits: 1)
        guard let ip = parts.first?.trimmingEdges(), !ip.isEmpty else { return .reject(.missingField, "the line has no address") }
        let rest = parts.count > 1 ? parts[1].split(separator: "\t", omittingEmptySubsequences: true).map { $0.trimmingEdges() } : []
        return .row(PresetRow(.maliciousIP, ip, type: .ip, time: rest.first, note: rest.count > 1 ? "SSH brute force, \(rest[1]) reports" : "SSH brute force"))
    }

    /// Turris Sentinel's greylist: CSV `Address,Tags`.
    static let turris = FeedPreset(
        name: "turris", title: "Turris Sentinel greylist", publisher: "CZ.NIC Turris", kinds: [.maliciousIP],
        recordMode: .csv, separator: ",", hasHeader: true,
        checkHeader: { $0["address"] == nil ? "the header has no 'Address' column; is this the Turris greylist?" : nil },
        recognizes: { _, head in head.contains("greylist-data") || firstLine(head) == "address,tags" }
    ) { r, _ in
        guard let ip = r.field("address") else { return .reject(.missingField, "the Address field is empty") }
        return .row(PresetRow(.maliciousIP, ip, type: .ip, note: r.field("tags")))
    }

    /// AlienVault's IP reputation (`reputation.generic`): `ip#risk#reliability#activity#country#city#lat,long#?`.
    static let alienVault = FeedPreset(
        name: "alienvault", title: "AlienVault IP reputation", publisher: "AT&T AlienVault", kinds: [.maliciousIP, .c2Server],
        separator: "#", commentPrefixes: [],
        recognizes: { _, head in
            let fields = firstLine(head).split(separator: "#", omittingEmptySubsequences: false)
            return fields.count >= 7 && IPv4Address(fields[0]) != nil && Int(fields[1]) != nil && Int(fields[2]) != nil
        }
    ) { r, _ in
        guard r.fields.count >= 4, let ip = r.field(0) else { return .reject(.fieldCount, "expected ip#risk#reliability#activity#…") }
        let activity = r.field(3) ?? ""
        let kind: ThreatKind = activity.contains("C&C") ? .c2Server : .maliciousIP
        let note = [activity, r.field(1).map { "risk \($0)" }, r.field(2).map { "reliability \($0)" }].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(kind, ip, type: .ip, note: note))
    }
}
