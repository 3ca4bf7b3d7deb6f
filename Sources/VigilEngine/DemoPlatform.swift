import Foundation
import VigilCore
import VigilFeeds
import VigilStore

/// The platform demo of `vigil serve --demo`: a quarter of data ending today — several sources, every category,
/// province and operator — run through determination and disposal, with tickets in every state (some overdue),
/// appeals pending and decided, an extension request, a campaign, and one log-in per role.
public enum DemoPlatform {
    /// The demo log-ins' password (the demo database only; `vigil serve` binds to loopback by default).
    public static let password = "vigil-demo-2026"

    /// The demo users: name, role, province, organization.
    public static let users: [(name: String, role: Role, province: Int?, organization: String?)] = [
        ("demo-ministry", .ministry, nil, nil), ("demo-guangdong", .province, 440000, nil),
        ("demo-telecom-gd", .organization, nil, "chinatelecom-440000"), ("demo-reporter", .reporter, nil, nil), ("demo-auditor", .auditor, nil, nil),
    ]

    /// True when the store holds the demo already (its users exist).
    public static func isSeeded(_ store: any Store) async throws -> Bool {
        do {
            _ = try await AccessLedger(store).user(named: users[0].name)
            return true
        } catch let error as StoreError where error.code == .notFound {
            return false
        }
    }

    /// True when the store holds nothing yet: no batch and no user.
    public static func isEmpty(_ store: any Store) async throws -> Bool {
        let batches = try await store.statistics().batches
        let users = try await AccessLedger(store).users()
        return batches == 0 && users.isEmpty
    }

    /// What seeding made.
    public struct Summary: Sendable {
        public var batches = 0
        public var threats = 0
        public var tickets: [TicketState: Int] = [:]
        public var overdue = 0
        public var appeals = 0
    }

    /// Seeds an empty store; `say` reports progress.
    public static func seed(
        store: any Store, engine: DisposalEngine, pipeline: IngestPipeline, directory: String, now: Int64, say: (String) -> Void
    ) async throws -> Summary {
        let ledger = engine.ledger
        let start = (now / 86_400 - 90) * 86_400
        let dataset = try DemoDataset(directory: directory, seed: 20_261_001, start: start, reportDays: Array(stride(from: 0, through: 84, by: 14)))
        var summary = Summary()
        say("seeding the demo: ingesting \(dataset.inputs.count) files (a quarter of reports from 4 sources)")
        for input in dataset.inputs {
            _ = try await pipeline.ingest(path: input.path, format: input.format, sourceName: input.source)
            summary.batches += 1
        }
        // Three weeks ago the rules decided and tickets went out; since then the organizations answered, or not.
        let issuedAt = now - 21 * 86_400
        say("seeding the demo: determination and tickets")
        _ = try await engine.pass(at: issuedAt)
        let issued = try await ledger.tickets(TicketFilter(states: [.issued], limit: 1_000_000)).sorted { $0.id < $1.id }
        var withdrawable = issued.filter { $0.threats <= 2 }.prefix(3).map(\.id)
        for (i, t) in issued.enumerated() {
            let at = t.issuedAt + Int64(2 + i % 48) * 3600
            func move(_ event: TicketState.Event, _ hours: Int64, by actor: String, note: String? = nil) async throws {
                _ = try await ledger.transition(t.id, event, by: actor, note: note, evidence: nil, at: at + hours * 3600)
            }
            if let w = withdrawable.firstIndex(of: t.id) {
                // Appealed and reversed: the threats were a sinkhole's; the ticket is withdrawn.
                withdrawable.remove(at: w)
                for threat in try await ledger.threats(onTicket: t.id).map(\.threat) {
                    _ = try await ledger.appeal(threat, by: t.organization, reason: "该地址为安全厂商 sinkhole 服务器，非恶意", at: at)
                    _ = try await ledger.decide(threat, confirm: false, reason: "核实为 sinkhole，申诉成立", by: "demo-ministry", at: at + 6 * 3600)
                    summary.appeals += 1
                }
                continue
            }
            switch i % 10 {
            case 1, 9:
                // Granted a month more: open, not overdue.
                try await move(.acknowledge, 0, by: t.organization)
                let asked = try await ledger.requestExtension(t.id, hours: 30 * 24, by: t.organization, reason: "需更换老旧设备，已列入采购计划", at: at + 3600)
                _ = try await ledger.decideExtension(asked.id, grant: true, by: "demo-ministry", reason: "同意，按新期限完成", at: at + 5 * 3600)
            case 2: try await move(.acknowledge, 0, by: t.organization, note: "已收到，正在排查")
            case 3:
                try await move(.acknowledge, 0, by: t.organization)
                try await move(.reportDone, 20, by: t.organization, note: "已下线相关服务并通知用户整改")
            case 4, 5:
                try await move(.acknowledge, 0, by: t.organization)
                try await move(.reportDone, 10, by: t.organization, note: "已完成固件升级")
                try await move(.verifyFixed, 30, by: "demo-ministry", note: "复测端口已关闭")
                if i % 10 == 5 { try await move(.close, 40, by: "demo-ministry") }
            case 6:
                try await move(.acknowledge, 0, by: t.organization)
                try await move(.reportDone, 12, by: t.organization, note: "已处置")
                try await move(.verifyFailed, 36, by: "demo-ministry", note: "复测仍可访问")
            case 7:
                if let threat = try await ledger.threats(onTicket: t.id).first?.threat {
                    _ = try await ledger.appeal(threat, by: t.organization, reason: "该 IP 已于上月回收，不属于本单位用户", at: at)
                    summary.appeals += 1
                }
            case 8:
                try await move(.acknowledge, 0, by: t.organization)
                _ = try await ledger.requestExtension(t.id, hours: 72, by: t.organization, reason: "涉及设备较多，需协调厂商升级固件", at: at + 3600)
            default: break
            }
        }
        // Today a trusted source reported new C2 servers and phishing sites: fresh tickets, not yet due.
        var fresh: [String] = []
        for i in 0..<60 {
            let kind = [ThreatKind.c2Server, .phishingURL, .maliciousDomain][i % 3]
            let value = kind == .c2Server ? "61.\(140 + i % 20).\(i).\(10 + i)" : kind == .phishingURL ? "http://secure-login\(i).example-bank.top/verify" : "update\(i)-cdn.xyz"
            fresh.append("{\"kind\":\"\(kind.rawValue)\",\"indicator\":\"\(value)\",\"seen_at\":\"\(UTCTime.format(now - 3 * 3600 + Int64(i) * 60))\"}")
        }
        let todayFile = (directory as NSString).appendingPathComponent("cncert-today.jsonl")
        try (fresh.joined(separator: "\n") + "\n").write(toFile: todayFile, atomically: true, encoding: .utf8)
        _ = try await pipeline.ingest(path: todayFile, format: .jsonLines, sourceName: "CNCERT")
        summary.batches += 1
        say("seeding the demo: today's engine pass (new tickets, escalations of overdue ones)")
        _ = try await engine.pass(at: now)
        try await ledger.addCampaign(Campaign(name: "NTP 反射放大专项治理", start: start, end: now + 30 * 86_400, kinds: [.openNTPMonlist, .openNTPMode6],
                                              targetFixedShare: 0.9), by: "demo-ministry", at: start)
        let access = AccessLedger(store)
        let hash = try Credentials.hashPassword(password)
        for u in users {
            _ = try await access.addUser(u.name, role: u.role, province: u.province, organization: u.organization, passwordHash: hash, by: "demo", at: now)
        }
        summary.threats = try await store.statistics().totalThreats
        let gauges = try await ledger.gauges(at: now)
        summary.tickets = gauges.tickets
        summary.overdue = gauges.overdue
        try await seedWatch(store: store, now: now)
        say("seeding the demo: a watch (重大活动保障) with its runs and alerts")
        return summary
    }

    /// A watch for a summit with a day of runs: its DNS answer was forged at one resolver for an hour, and the portal
    /// was defaced for twenty minutes. The demo has no probe scope, so these runs are recorded, not probed.
    static func seedWatch(store: any Store, now: Int64) async throws {
        let ledger = WatchLedger(store)
        let spec = WatchSpec(
            names: [.init(name: "www.summit.example.cn", expect: ["192.0.2.10/31"].compactMap { CIDRBlock($0) }),
                    .init(name: "mail.summit.example.cn", expect: ["192.0.2.20/32"].compactMap { CIDRBlock($0) })],
            resolvers: ["198.51.100.1", "198.51.100.2", "203.0.113.53"], pages: [.init(url: "https://www.summit.example.cn/")], hosts: ["192.0.2.10:443"],
            notify: ["email:soc@summit.example.cn", "webhook:https://soc.summit.example.cn/vigil"])
        let watch = try await ledger.add(name: "2026 乌镇峰会保障 (summit)", spec: String(decoding: try JSONEncoder().encode(spec), as: UTF8.self), intervalSeconds: 300,
                                         by: "demo-ministry", at: now - 86_400 - 600)
        var current = watch
        let keys = ["dns:www.summit.example.cn@198.51.100.1:53", "dns:www.summit.example.cn@203.0.113.53:53", "dns:mail.summit.example.cn@198.51.100.1:53",
                    "page:https://www.summit.example.cn/#content", "page:https://www.summit.example.cn/#links", "page:https://www.summit.example.cn/#reach", "host:192.0.2.10:443"]
        for step in 0..<24 {
            let at = now - 86_400 + Int64(step) * 3_600
            let forged = step == 9, defaced = step == 15
            var states: [WatchCheckState] = [], alerts: [WatchAlert] = []
            for key in keys {
                var verdict = key.hasPrefix("dns:") ? "consistent" : key.hasSuffix("#content") ? "unchanged" : key.hasSuffix("#links") ? "clean" : "up"
                var bad = false
                if forged && key == keys[1] {
                    (verdict, bad) = ("changed+dnssecBogus", true)
                    alerts.append(WatchAlert(watchID: watch.id, key: key, kind: "dnsChanged",
                                             detail: "www.summit.example.cn: changed (203.0.113.66); DNSSEC bogus: no signature (RRSIG) at 203.0.113.53:53", raisedAt: at))
                }
                if step == 10 && key == keys[1] {
                    alerts.append(WatchAlert(watchID: watch.id, key: key, kind: "recovered", detail: "www.summit.example.cn: consistent (192.0.2.10) at 203.0.113.53:53", raisedAt: at))
                }
                if defaced && key == keys[3] {
                    (verdict, bad) = ("defaced", true)
                    alerts.append(WatchAlert(watchID: watch.id, key: key, kind: "defaced",
                                             detail: "https://www.summit.example.cn/: defaced: text 0.08, structure 0.31, keywords hacked by", raisedAt: at))
                }
                if step == 16 && key == keys[3] {
                    alerts.append(WatchAlert(watchID: watch.id, key: key, kind: "recovered", detail: "https://www.summit.example.cn/: unchanged: text 1.00, structure 1.00", raisedAt: at))
                }
                states.append(WatchCheckState(key: key, verdict: verdict, failures: 0, alerting: bad, detail: nil, checkedAt: at))
            }
            _ = try await ledger.recordRun(current, states: states, evidence: [], alerts: alerts, contacts: [], at: at)
            current.lastRunAt = at
        }
    }
}
