import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilFeeds

/// The Chinese reporting templates: threat-type wording mapped to kinds, and CSV headers that need no mapping.
@Suite struct ChineseTemplateTests {
    @Test(arguments: [
        ("恶意程序", ThreatKind.malwareSample), ("木马", .trojan), ("僵尸网络", .bot), ("僵尸程序", .bot), ("肉鸡", .bot),
        ("钓鱼网站", .phishingURL), ("仿冒银行网站", .phishingURL), ("钓鱼邮件", .phishingEmail), ("网页篡改", .defacement),
        ("后门", .backdoor), ("WebShell后门", .backdoor), ("暗链", .hiddenLink), ("黑链", .hiddenLink), ("弱口令", .weakPassword),
        ("高危漏洞", .vulnerability), ("勒索软件", .ransomware), ("移动恶意程序", .mobileMalware), ("木马控制服务器", .c2Server),
        ("C&C服务器", .c2Server), ("恶意程序传播地址", .malwareURL), ("恶意域名", .maliciousDomain), ("数据泄露", .dataLeak),
        ("失陷主机", .compromisedHost), ("蠕虫病毒", .virus), ("诈骗短信", .phishingSMS),
    ])
    func threatTypeWordingMapsToAKind(_ wording: String, _ kind: ThreatKind) {
        #expect(ChineseThreatTerms.kind(for: wording) == kind, "\(wording)")
    }

    @Test func unknownWordingMapsToNothing() {
        #expect(ChineseThreatTerms.kind(for: "不知道") == nil)
        #expect(ChineseThreatTerms.kind(for: "") == nil)
    }

    @Test func headerWithChineseHeadingsGivesAMapping() throws {
        let mapping = try #require(ChineseCSVTemplate.mapping(header: ["序号", " IP地址 ", "端口", "发现时间", "威胁类型", "恶意程序名称", "上报单位"]))
        #expect(mapping.indicator == .name("IP地址"))
        #expect(mapping.port == .name("端口") && mapping.time == .name("发现时间"))
        #expect(mapping.kindColumn == .name("威胁类型") && mapping.note == .name("恶意程序名称"))
        #expect(ChineseCSVTemplate.mapping(header: ["域名", "时间"])?.indicator == .name("域名"))
        #expect(ChineseCSVTemplate.mapping(header: ["URL", "类型"])?.kindColumn == .name("类型"))
        #expect(ChineseCSVTemplate.mapping(header: ["名称", "备注"]) == nil, "no indicator heading: not the template")
    }

    @Test func autoDetectionPicksTheTemplateForACSV() {
        let head = Array("\u{FEFF}IP地址,发现时间,威胁类型\r\n1.2.3.4,2024-05-01,木马\n".utf8)
        guard case .csv(let mapping)? = FeedFormat.detect(fileName: "报送-2024.csv", head: head) else {
            Issue.record("a CSV with Chinese headings must be detected as CSV")
            return
        }
        #expect(mapping.indicator == .name("IP地址") && mapping.kindColumn == .name("威胁类型"))
        #expect(FeedFormat.detect(fileName: "other.csv", head: Array("a,b\n1,2\n".utf8)) == nil)
    }

    @Test func parsesRowsWithChineseThreatTypes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("cn.csv", "IP地址,端口,发现时间,威胁类型\n1.2.3.4,23,2024-05-01 10:00:00,僵尸网络\n5.6.7.8,,2024-05-02,仿冒网站\n9.9.9.9,,2024-05-03,其他东西\n")
        let mapping = try #require(ChineseCSVTemplate.mapping(header: ["IP地址", "端口", "发现时间", "威胁类型"]))
        var chunks: [ParsedChunk] = []
        try FeedReader(format: .csv(mapping)).read(path: path, context: FeedContext(receivedAt: 0, fileName: "cn.csv")) {
            chunks.append($0)
            return true
        }
        let observations = chunks.flatMap(\.observations)
        let rejects = chunks.flatMap(\.rejects)
        #expect(observations.map(\.kind) == [.bot, .phishingURL])
        #expect(observations.first?.indicator.value == "1.2.3.4:23/tcp")
        #expect(rejects.map(\.reason.code) == [.badKind])
        #expect(observations.count + rejects.count == 3)
    }

    /// Chinese organizations write Beijing time: the template reads a time without an offset as UTC+8; an explicit
    /// offset or a Unix time is taken as given.
    @Test func readsTimesAsBeijingTime() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("cn.csv", "IP地址,发现时间\n1.2.3.4,2024年5月1日 10时00分\n1.2.3.5,2024-05-01 10:00:00\n1.2.3.6,2024-05-01T10:00:00Z\n1.2.3.7,1714557600\n1.2.3.8,2024-05-01\n")
        let mapping = try #require(ChineseCSVTemplate.mapping(header: ["IP地址", "发现时间"]))
        var observations: [Observation] = []
        try FeedReader(format: .csv(mapping)).read(path: path, context: FeedContext(receivedAt: 0, fileName: "cn.csv")) {
            observations += $0.observations
            return true
        }
        #expect(observations.map(\.seenAt) == [
            UTCTime.parse("2024-05-01T02:00:00Z"), UTCTime.parse("2024-05-01T02:00:00Z"), UTCTime.parse("2024-05-01T10:00:00Z"),
            UTCTime.parse("2024-05-01T10:00:00Z"), UTCTime.parse("2024-04-30T16:00:00Z"),
        ].compactMap { $0 })
    }
}
