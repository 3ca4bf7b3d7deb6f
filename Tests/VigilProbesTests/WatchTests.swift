import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStore
import VigilTesting
@testable import VigilProbes

/// A watch (重大活动保障) over real servers: a name at a resolver (BIND serving the signed zone, an honest BIND
/// resolver), a page on nginx with its baseline, the web server's port; alerts by e-mail (aiosmtpd) and webhook.
/// Between two intervals the resolver is replaced by one that forges the name and the page is defaced: the next run
/// raises both alerts and delivers them; the run after raises nothing new; repaired, both recover.
@Suite(.serialized) struct WatchTests {
    /// A mail's text: its base64 body decoded.
    static func text(_ mail: NoticeReceivers.Mail) -> String {
        mail.data.components(separatedBy: "\r\n\r\n").compactMap { block -> String? in
            guard let data = Data(base64Encoded: block.components(separatedBy: .newlines).joined()) else { return nil }
            return String(data: data, encoding: .utf8)
        }.joined(separator: "\n")
    }

    @Test(arguments: Backend.allCases) func aChangedAnswerAndADefacementAlertWithinOneInterval(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        if let why = await NoticeReceivers.unavailable() {
            Lab.skip(why)
            return
        }
        guard let unbound = Lab.program("unbound", package: "unbound"), let servers = try await DNSProbeTests.start(dir) else { return }
        let webDir = try TemporaryDirectory()
        defer { webDir.remove() }
        guard let nginx = try await WebProbeTests.nginx(webDir) else {
            await servers.stop()
            return
        }
        let receivers = try await NoticeReceivers.start(in: dir.file("receivers"))
        var resolver = servers.honest
        var hijacker: LabDaemon?
        do {
            let anchor = "example.test. IN DNSKEY 257 3 \(servers.anchor.key[3]) \(Data(servers.anchor.key[4...]).base64EncodedString())"
            let page = "http://127.0.0.1:\(nginx.port)/index.html"
            let spec = WatchSpec(names: [.init(name: "bank.example.test", expect: [try #require(CIDRBlock("198.51.100.20/32"))])],
                                 resolvers: ["127.0.0.1:\(resolver.port)"], anchors: [anchor], pages: [.init(url: page)], hosts: ["127.0.0.1:\(nginx.port)"],
                                 notify: ["email:soc@summit.example", "webhook:http://127.0.0.1:\(receivers.httpPort)/alerts"])
            try spec.validate()
            let ledger = WatchLedger(store)
            let watch = try await ledger.add(name: "summit-2026", spec: String(decoding: try JSONEncoder().encode(spec), as: UTF8.self), intervalSeconds: 60,
                                             by: "duty-officer", at: 1_000)
            let watcher = Watcher(ledger: ledger, probes: ProbeLedger(store), settings: .init(
                scope: try Lab.scope(), timeout: .seconds(2), mail: .init(host: "127.0.0.1", port: receivers.smtpPort, from: "vigil@cert.example"), webhookSecret: "s"))

            let first = try await watcher.pass(at: 1_000)
            #expect(first.runs == 1 && first.checks == 5 && first.alerts.isEmpty, "\(first)")
            let states = try await ledger.checks(watch: watch.id)
            #expect(Set(states.map(\.verdict)) == ["consistent", "up", "clean", "baseline"], "\(states.map { "\($0.key)=\($0.verdict) \($0.detail ?? "")" })")
            let stored = try #require(try await ledger.watch(watch.id))
            #expect(try JSONDecoder().decode(WatchSpec.self, from: Data(stored.spec.utf8)).pages.first?.baseline != nil, "the first run took the baseline")
            #expect(try await watcher.pass(at: 1_030).runs == 0, "not due before its interval")

            // The resolver now forges the name; the page is defaced.
            await resolver.stop()
            hijacker = await DNSProbeTests.hijacker(dir, unbound: unbound, authoritative: servers.authoritative.port, port: resolver.port)
            let forging = try #require(hijacker)
            try FileManager.default.removeItem(atPath: webDir.file("site/index.html"))
            try FileManager.default.copyItem(atPath: webDir.file("site/defaced.html"), toPath: webDir.file("site/index.html"))
            let second = try await watcher.pass(at: 1_060)
            #expect(second.runs == 1 && second.alerts == ["dnsChanged": 1, "defaced": 1], "\(second)")
            #expect(second.sent == 4, "two alerts to two contacts: \(second)")
            let alerts = try await ledger.alerts(watch: watch.id)
            let dnsAlert = try #require(alerts.first { $0.kind == "dnsChanged" })
            #expect(dnsAlert.detail.contains("203.0.113.66") && dnsAlert.detail.contains("DNSSEC bogus"), "\(dnsAlert.detail)")
            #expect(try await ledger.deliveries(alert: dnsAlert.id).allSatisfy { $0.state == "sent" })
            let mails = receivers.mails()
            #expect(mails.count == 2 && mails.allSatisfy { $0.to == ["soc@summit.example"] })
            let texts = mails.map(Self.text)
            #expect(texts.contains { $0.contains("DNS answer changed") && $0.contains("203.0.113.66") } && texts.contains { $0.contains("page defaced") }, "\(texts)")
            let hooks = receivers.hooks()
            #expect(hooks.count == 2 && hooks.allSatisfy { $0.path == "/alerts" && $0.headers["X-Vigil-Event"] == "watch-alert" && $0.headers[WebhookSignature.header] != nil })
            #expect(hooks.contains { $0.body.contains("\"kind\":\"defaced\"") })

            // Still bad an interval later: no new alert.
            let third = try await watcher.pass(at: 1_120)
            #expect(third.runs == 1 && third.alerts.isEmpty && receivers.mails().count == 2)

            // Repaired: both recover.
            await forging.stop()
            hijacker = nil
            try FileManager.default.removeItem(atPath: webDir.file("site/index.html"))
            try FileManager.default.copyItem(atPath: ChildProcess.packageRoot.appendingPathComponent("Tests/Support/web/index.html").path, toPath: webDir.file("site/index.html"))
            resolver = try #require(await DNSProbeTests.hijacker(dir, unbound: unbound, authoritative: servers.authoritative.port, port: resolver.port, forging: false))
            let fourth = try await watcher.pass(at: 1_180)
            #expect(fourth.alerts == ["recovered": 2], "\(fourth)")
            let evidence = try await ProbeLedger(store).evidence(watch: watch.id, limit: 100)
            #expect(evidence.count == 3 + 3 * 4, "each run kept the evidence of its checks (DNS, links, content after the baseline, host)")
            #expect(evidence.contains { $0.probe == "dns-answer" && $0.positive && $0.evidence.contains("203.0.113.66") })
        } catch {
            Issue.record(error)
        }
        await hijacker?.stop()
        await resolver.stop()
        await receivers.stop()
        await nginx.stop()
        await servers.stop()
    }
}
