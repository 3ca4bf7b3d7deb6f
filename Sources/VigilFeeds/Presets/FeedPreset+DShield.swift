import VigilCore

/// DShield (SANS Internet Storm Center): the recommended block list and per-AS source lists.
extension FeedPreset {
    /// `block.txt`: tab-separated `Start End Netblock Attacks Name Country email`, the top attacking /24s.
    static let dshieldBlock = FeedPreset(
        name: "dshield-block", title: "DShield recommended block list", publisher: "SANS ISC DShield", kinds: [.maliciousIP],
        separator: "\t",
        comment: { text, state in headerTime(text, after: "updated:", into: &state) },
        recognizes: { _, head in head.contains("dshield.org recommended block list") }
    ) { r, _ in
        if r.fields.first?.lowercased() == "start" { return .skip }
        guard r.fields.count >= 3, let start = r.field(0), let bits = r.field(2) else {
            return .reject(.fieldCount, "expected Start, End, Netblock, … separated by tabs")
        }
        let note = [r.field(3).map { "\($0) targets" }, r.field(4), r.field(5)].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(.maliciousIP, "\(start)/\(bits)", type: .cidr, note: note.isEmpty ? nil : note))
    }

    /// `asdetailsascii.html?as=N`: tab-separated `source IP, reports, targets, first seen, last seen, updated`, with
    /// addresses zero-padded to three digits per byte.
    static let dshieldASN = FeedPreset(
        name: "dshield-asn", title: "DShield sources per AS", publisher: "SANS ISC DShield", kinds: [.maliciousIP],
        separator: "\t",
        comment: { text, state in headerTime(text, after: "created:", into: &state) },
        recognizes: { _, head in head.contains("asdetailsascii") }
    ) { r, _ in
        guard r.fields.count >= 6, let padded = r.field(0) else {
            return .reject(.fieldCount, "expected source IP, reports, targets, first seen, last seen, updated separated by tabs")
        }
        let octets = padded.split(separator: ".", omittingEmptySubsequences: false)
        let ip = octets.count == 4 ? octets.map { part in String(Int(part).map(String.init) ?? String(part)) }.joined(separator: ".") : padded
        let note = [r.field(1).map { "\($0) reports" }, r.field(2).map { "\($0) targets" }].compactMap { $0 }.joined(separator: ", ")
        return .row(PresetRow(.maliciousIP, ip, type: .ip, time: r.field(5) ?? r.field(4), note: note.isEmpty ? nil : note))
    }
}
