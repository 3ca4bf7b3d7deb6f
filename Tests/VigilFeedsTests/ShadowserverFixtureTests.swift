import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// Checks each Shadowserver type against IntelMQ's own parser fixtures: the expected events' IP, port, transport,
/// source time and classification, mapped to Vigil kinds.
@Suite struct ShadowserverFixtureTests {
    static let types = ["scan_telnet", "scan_ntp", "scan_ntpmonitor", "scan_dns", "scan_snmp", "scan_portmapper", "scan_chargen", "scan_redis", "blocklist"]
    static let folder = "feeds/intelmq-fixtures/shadowserver-3.2.1"

    /// IntelMQ classification.identifier → the Vigil kind we map it to.
    static let identifierToKind: [String: ThreatKind] = [
        "open-telnet": .openTelnet, "ntp-version": .openNTPMode6, "ntp-monitor": .openNTPMonlist,
        "dns-open-resolver": .openDNSResolver, "open-snmp": .openSNMP, "open-portmapper": .openPortmapper,
        "open-chargen": .openChargen, "open-redis": .openRedis, "blacklisted-ip": .maliciousIP,
    ]

    @Test(arguments: types)
    func matchesIntelMQFixture(type: String) throws {
        guard let fixturePath = SharedData.path("\(Self.folder)/test_\(type).json") else {
            print(SharedData.skipMessage("\(Self.folder)/test_\(type).json"))
            return
        }
        let fixture = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixturePath))) as? [String: Any]
        let report = ((fixture?["reports"] as? [String: Any])?["EXAMPLE_REPORT"] as? [String: Any])
        let events = ((fixture?["events"] as? [String: Any])?["EVENTS"] as? [[String: Any]]) ?? []
        let raw = try #require((report?["raw"] as? String).flatMap { Data(base64Encoded: $0) })
        #expect(!events.isEmpty)

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("2019-09-04-\(type)-example.csv")
        try raw.write(to: URL(fileURLWithPath: path))
        var observations: [Observation] = []
        var rejects: [Reject] = []
        // The type comes from the file name here, as it does for real deliveries.
        try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: (path as NSString).lastPathComponent)) { chunk in
            observations += chunk.observations
            rejects += chunk.rejects
            return true
        }
        #expect(rejects.isEmpty, "\(rejects)")
        #expect(observations.count >= events.count)
        let mapping = try #require(ShadowserverReport.named(type))
        for (index, event) in events.enumerated() {
            let o = observations[index]
            let identifier = try #require(event["classification.identifier"] as? String)
            #expect(Self.identifierToKind[identifier] == o.kind, "row \(index): \(identifier) → \(o.kind)")
            #expect(mapping.intelmqIdentifier == identifier)
            #expect(o.seenAt == UTCTime.parse(try #require(event["time.source"] as? String)))
            if let ip = event["source.ip"] as? String {
                if mapping.isService {
                    let port = try #require(event["source.port"] as? Int)
                    let transport = try #require(event["protocol.transport"] as? String)
                    #expect(o.indicator.type == .service)
                    #expect(o.indicator.value == "\(ip):\(port)/\(transport)")
                } else {
                    #expect(o.indicator == Indicator(uncheckedType: .ip, value: ip))
                }
            } else {
                // IntelMQ puts a CIDR in source.network; we keep it as a CIDR indicator.
                let network = try #require(event["source.network"] as? String)
                #expect(o.indicator == Indicator(uncheckedType: .cidr, value: network))
            }
            if let asn = event["source.asn"] as? Int { #expect(o.reportedASN == asn) }
        }
    }

    @Test func detectsTypeFromFileNames() {
        #expect(ShadowserverReport.typeName(fromFileName: "2024-05-01-test_telnet-geo.csv") == "test_telnet")
        #expect(ShadowserverReport.named("test_telnet")?.name == "scan_telnet")
        #expect(ShadowserverReport.typeName(fromFileName: "/x/2019-09-04-scan_ntp.csv") == "scan_ntp")
        #expect(ShadowserverReport.typeName(fromFileName: "scan_ntp.csv") == nil)
        #expect(ShadowserverReport.named("scan_smb")?.kind == .exposedService)
        #expect(ShadowserverReport.named("unknown_report") == nil)
        #expect(FeedFormat.detect(fileName: "2019-09-04-scan_dns-geo.csv", head: []) == .shadowserver(reportType: "scan_dns"))
        #expect(FeedFormat.detect(fileName: "x.jsonl", head: []) == .jsonLines)
        #expect(FeedFormat.detect(fileName: "x.txt", head: Array("{\"kind\"".utf8)) == .jsonLines)
        #expect(FeedFormat.detect(fileName: "ipsum.txt", head: Array("# list".utf8)) == .list(kind: nil))
        #expect(FeedFormat.detect(fileName: "partner.csv", head: []) == nil)
    }

    @Test func rejectsBadRowsWithReasons() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("2020-01-01-scan_ntp-x.csv", """
            "timestamp","ip","protocol","port"
            "2020-01-01 00:00:00","203.0.113.5","udp",123
            "2020-01-01 00:00:00","203.0.113.500","udp",123
            "not a time","203.0.113.6","udp",123
            "2020-01-01 00:00:00","203.0.113.7","udp",99999
            "2020-01-01 00:00:00","203.0.113.8","udp"
            "2020-01-01 00:00:00","203.0.113.9","",
            """)
        var chunks: [ParsedChunk] = []
        try FeedReader(format: .shadowserver(reportType: nil)).read(path: path, context: FeedContext(receivedAt: 0, fileName: "2020-01-01-scan_ntp-x.csv")) {
            chunks.append($0)
            return true
        }
        let obs = chunks.flatMap(\.observations)
        let rej = chunks.flatMap(\.rejects)
        #expect(obs.map(\.indicator.value) == ["203.0.113.5:123/udp", "203.0.113.9:123/udp"])
        #expect(rej.map(\.reason.code) == [.badIndicator, .badTime, .badPort, .fieldCount])
        #expect(rej.map(\.row) == [3, 4, 5, 6])
        #expect(rej.allSatisfy { !$0.raw.isEmpty && !$0.reason.message.isEmpty })
    }
}
