import VigilCore

/// PhishTank and OpenPhish: phishing URLs.
extension FeedPreset {
    /// PhishTank's CSV dump: `phish_id,url,phish_detail_url,submission_time[,verified,verification_time,online,target]`.
    static let phishTank = FeedPreset(
        name: "phishtank", title: "PhishTank (CSV)", publisher: "PhishTank (Cisco Talos)", kinds: [.phishingURL],
        recordMode: .csv, separator: ",", hasHeader: true,
        checkHeader: { $0["url"] == nil ? "the header has no 'url' column; is this PhishTank's CSV dump?" : nil },
        recognizes: { _, head in firstLine(head).hasPrefix("phish_id,url,phish_detail_url") }
    ) { r, _ in
        guard let url = r.field("url") else { return .reject(.missingField, "the url field is empty") }
        let note = [r.field("phish_id").map { "phish_id \($0)" }, r.field("target")].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(.phishingURL, url, type: .url, time: r.field("submission_time"), note: note.isEmpty ? nil : note))
    }

    /// PhishTank's JSON dump: an array of `{phish_id, url, submission_time, details: [{ip_address, announcing_network}], target}`.
    static let phishTankJSON = FeedPreset(
        name: "phishtank-json", title: "PhishTank (JSON)", publisher: "PhishTank (Cisco Talos)", kinds: [.phishingURL],
        recordMode: .json(member: nil),
        recognizes: { _, head in head.contains("\"phish_detail_url\"") && head.contains("\"submission_time\"") }
    ) { r, _ in
        guard let url = r.value("url") else { return .reject(.missingField, "the record has no url") }
        var address: String?
        var network: String?
        if case .array(let details)? = r.json["details"], let first = details.first {
            address = PresetRecord.text(of: first["ip_address"])
            network = PresetRecord.text(of: first["announcing_network"])
        }
        let note = [r.value("phish_id").map { "phish_id \($0)" }, r.value("target"), r.value("online").map { "online \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(
            .phishingURL, url, type: .url, time: r.value("submission_time"), asn: asn(network), note: note.isEmpty ? nil : note,
            address: address))
    }

    /// OpenPhish's community feed (`feed.txt`): one URL per line.
    static let openPhish = FeedPreset(
        name: "openphish", title: "OpenPhish (community feed)", publisher: "OpenPhish", kinds: [.phishingURL],
        recognizes: { name, head in name.contains("openphish") && firstLine(head).hasPrefix("http") }
    ) { r, _ in
        .row(PresetRow(.phishingURL, String(r.text), type: .url))
    }

    /// OpenPhish's premium feed, JSON Lines: `{url, ip, asn, isotime, brand, …}`.
    static let openPhishJSON = FeedPreset(
        name: "openphish-json", title: "OpenPhish (premium JSON)", publisher: "OpenPhish", kinds: [.phishingURL],
        recordMode: .json(member: nil),
        recognizes: { _, head in head.contains("\"brand\"") && head.contains("\"discover_time\"") }
    ) { r, _ in
        guard let url = r.value("url") else { return .reject(.missingField, "the record has no url") }
        let note = [r.value("brand"), r.value("sector")].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(
            .phishingURL, url, type: .url, time: r.value("isotime"), asn: asn(r.value("asn")), note: note.isEmpty ? nil : note,
            address: r.value("ip")))
    }
}
