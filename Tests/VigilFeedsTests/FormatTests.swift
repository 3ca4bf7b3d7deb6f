import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

@Suite struct FormatTests {
    func parse(_ text: String, name: String, format: FeedFormat, receivedAt: Int64 = 1_000) throws -> ([Observation], [Reject]) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write(name, text)
        var obs: [Observation] = []
        var rej: [Reject] = []
        try FeedReader(format: format, chunkRows: 3).read(path: path, context: FeedContext(receivedAt: receivedAt, fileName: name)) {
            obs += $0.observations
            rej += $0.rejects
            return true
        }
        return (obs, rej)
    }

    @Test func readsVigilJSONLines() throws {
        let text = """
            {"kind":"c2Server","indicator":"192.0.2.7","seen_at":"2018-07-01T08:00:00+08:00","asn":4134,"note":"from sinkhole"}
            {"kind":"openRedis","indicator":"192.0.2.8","port":6379}
            {"kind":"phishingURL","indicator":"HTTP://Example.com:80/login"}

            {"kind":"phishingSMS","indicator":"13800138000","type":"phone"}
            {"kind":"c2Server","indicator":"192.0.2.9","port":"80"}
            """
        let (obs, rej) = try parse(text, name: "feed.jsonl", format: .jsonLines)
        #expect(obs.map(\.indicator.value) == ["192.0.2.7", "192.0.2.8:6379/tcp", "http://example.com/login", "+8613800138000"])
        #expect(obs[0].seenAt == UTCTime.parse("2018-07-01T00:00:00Z"))
        #expect(obs[0].reportedASN == 4134)
        #expect(obs[1].seenAt == 1_000, "rows without seen_at take the batch's received time")
        #expect(obs.map(\.row) == [1, 2, 3, 5])
        #expect(rej.count == 1 && rej[0].row == 6 && rej[0].reason.code == .badPort)
    }

    @Test func readsGenericCSVWithMapping() throws {
        let text = "when;addr;port;proto;what\n2018-01-01;198.51.100.1;161;udp;snmp\n2018-01-02;bad-ip;1;tcp;x\n2018-01-03;198.51.100.2;;;plain\n"
        var mapping = CSVMapping(indicator: .name("addr"), kind: .openSNMP, time: .name("when"), port: .name("port"), transport: .name("proto"), note: .number(5))
        mapping.separator = UInt8(ascii: ";")
        let (obs, rej) = try parse(text, name: "p.csv", format: .csv(mapping))
        #expect(obs.map(\.indicator.value) == ["198.51.100.1:161/udp", "198.51.100.2"])
        #expect(obs.map(\.note) == ["snmp", "plain"])
        #expect(obs[0].kind == .openSNMP)
        #expect(rej.map(\.reason.code) == [.badIndicator])

        let missing = CSVMapping(indicator: .name("nope"))
        let (o2, r2) = try parse("a,b\n1.2.3.4,x\n", name: "m.csv", format: .csv(missing))
        #expect(o2.isEmpty && r2.count == 1 && r2[0].reason.message.contains("nope"))
    }

    @Test func readsListsWithCommentsAndSecondColumn() throws {
        let text = "# IPsum\n; also a comment\n192.0.2.1\t5\n192.0.2.0/24\nexample.org # inline\nhttp://bad.example/x\nnot_valid!\n"
        let (obs, rej) = try parse(text, name: "l.txt", format: .list(kind: nil))
        #expect(obs.map(\.indicator.value) == ["192.0.2.1", "192.0.2.0/24", "example.org", "http://bad.example/x"])
        #expect(obs.map(\.kind) == [.maliciousIP, .maliciousIP, .maliciousDomain, .malwareURL])
        #expect(obs[0].note == "5")
        #expect(rej.count == 1 && rej[0].row == 7)
    }

    @Test func readsRealIPsumAndThreatFoxLists() throws {
        for (relative, kind) in [("feeds/ipsum/ipsum.txt", ThreatKind.maliciousIP), ("feeds/threatfox-ips/threatfox_ips.txt", .c2Server)] {
            guard let path = SharedData.path(relative) else {
                print(SharedData.skipMessage(relative))
                continue
            }
            var rows = 0
            var rejects = 0
            var dataLines = 0
            try FeedReader(format: .list(kind: kind)).read(path: path, context: FeedContext(receivedAt: 0, fileName: relative)) {
                rows += $0.rows
                rejects += $0.rejects.count
                return true
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                dataLines += 1
            }
            #expect(rows == dataLines, "\(relative): every data line is a row")
            #expect(rejects == 0, "\(relative): real feed lines all parse")
        }
    }
}
