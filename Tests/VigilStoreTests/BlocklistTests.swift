import Foundation
import Testing
import VigilCore
import VigilPublish
import VigilStore

/// The blocklist entries on their own: one RPZ record per owner (the strongest action wins), rpz-ip owners for IPv4,
/// blocks and IPv6, owner names that fit, and STIX patterns for blocks.
@Suite struct BlocklistTests {
    static func listable(_ id: Int64, _ kind: ThreatKind, _ type: IndicatorType, _ value: String) -> PublicationLedger.Listable {
        PublicationLedger.Listable(threat: ThreatID(rawValue: id), kind: kind, indicator: Indicator(uncheckedType: type, value: value), decidedAt: 0,
                                   firstSeen: 1_000, lastSeen: 2_000, sightings: 3, source: "cncert")
    }

    @Test func oneRecordPerOwnerAndRPZIPOwners() {
        let settings = PublishSettings(policies: [.c2Server: .redirect], redirectTo: "warning.cert.example")
        let threats = [Self.listable(1, .c2Server, .domain, "evil.example.cn"), Self.listable(2, .maliciousDomain, .domain, "evil.example.cn"),
                       Self.listable(3, .maliciousIP, .ip, "198.51.100.68"), Self.listable(4, .c2Server, .ip, "198.51.100.68"),
                       Self.listable(5, .maliciousIP, .cidr, "203.0.113.0/24"), Self.listable(6, .maliciousIP, .ip, "2001:db8::1"),
                       Self.listable(7, .c2Server, .domain, "only-c2.example.cn"), Self.listable(8, .maliciousDomain, .domain, String(repeating: "a", count: 60) + "." +
                           String(repeating: "b", count: 60) + "." + String(repeating: "c", count: 60) + "." + String(repeating: "d", count: 60) + ".cn")]
        let lines = Blocklist.entries(.rpz, threats, settings: settings).map(\.entry)
        #expect(lines.filter { $0.hasPrefix("evil.example.cn ") } == ["evil.example.cn CNAME ."], "NXDOMAIN wins over the redirect")
        #expect(lines.contains("*.evil.example.cn CNAME .") && lines.contains("only-c2.example.cn CNAME warning.cert.example."))
        #expect(lines.filter { $0.hasPrefix("32.68.100.51.198.rpz-ip") } == ["32.68.100.51.198.rpz-ip CNAME ."])
        #expect(lines.contains("24.0.113.0.203.rpz-ip CNAME .") && lines.contains("128.1.0.0.0.0.0.db8.2001.rpz-ip CNAME ."))
        #expect(!lines.contains { $0.contains("aaaa") }, "an owner name over 255 octets is left out")
        #expect(Set(lines.map { $0.prefix { $0 != " " } }).count == lines.count, "one record per owner")
    }

    @Test func stixPatternsForBlocksAndHashes() throws {
        let bundle = STIXExport.bundle([Self.listable(1, .maliciousIP, .cidr, "203.0.113.0/24"), Self.listable(2, .malwareSample, .hash, String(repeating: "ab", count: 10))])
        let patterns = (bundle["objects"] as? [[String: Any]] ?? []).compactMap { $0["pattern"] as? String }
        #expect(patterns == ["[ipv4-addr:value ISSUBSET '203.0.113.0/24']"], "a block matches the addresses in it; a 20-character hash is no known hash")
    }
}
