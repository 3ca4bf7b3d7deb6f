import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite
import VigilTesting

/// The whole disposal loop through the `vigil` command, on each store: the demo data and a partner feed are
/// determined by the rules, tickets go out as e-mail to a real SMTP server and as signed webhooks, organizations
/// answer, overdue tickets escalate, an appeal reverses a threat and withdraws its ticket, and every step is audited.
@Suite(.serialized) struct DisposalScenarioTests {
    static let secret = "scenario-secret"

    struct Run {
        let binary: String
        let dir: TemporaryDirectory
        let database: String
        let config: String

        /// Runs vigil with the scenario's database and configuration; standard output, or nil after recording why.
        func vigil(_ arguments: [String], now: Int64? = nil, configured: Bool = true) async throws -> String? {
            let out = dir.file("out.txt"), err = dir.file("err.txt")
            var args = arguments + ["--database", database]
            if configured { args += ["--config", config] }
            var env: [String: String] = [:]
            if let now { env["VIGIL_NOW"] = UTCTime.format(now) }
            let status = await (try ChildProcess(binary, args, output: out, errorLog: err, environment: env)).wait()
            guard status == 0 else {
                Issue.record("vigil \(args.joined(separator: " ")) exited with \(status): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
                return nil
            }
            return try String(contentsOfFile: out, encoding: .utf8)
        }

        func json(_ arguments: [String], now: Int64? = nil) async throws -> Any? {
            guard let text = try await vigil(arguments + ["--json"], now: now, configured: false) else { return nil }
            return try JSONSerialization.jsonObject(with: Data(text.utf8))
        }
    }

    static func open(_ database: String) async throws -> any Store {
        if PostgresLocation.isURL(database) {
            #if Postgres
            return try await PostgresStore(url: database, poolSize: 2)
            #else
            throw StoreError(.cannotOpen, "no Postgres trait")
            #endif
        }
        return try SQLiteStore(path: database)
    }

    /// The scenario's configuration and directory; returns the config path.
    static func configure(_ dir: TemporaryDirectory, _ receivers: NoticeReceivers) throws -> String {
        let hook = "http://127.0.0.1:\(receivers.httpPort)/hooks/ct-gd"
        try """
            id,name,type,parent,province,emails,webhooks,sensitive
            chinatelecom-440000,中国电信广东分公司,operatorBranch,chinatelecom,广东,ct-gd@ct.example,\(hook),no
            chinatelecom,中国电信集团有限公司,basicOperator,,,ct-hq@ct.example,,no
            ca-440000,广东省通信管理局,provincialAdministration,,广东,gd-ca@miit.example,,no
            chinaunicom-440000,中国联通广东分公司,operatorBranch,chinaunicom,广东,cu-gd@cu.example,,yes
            """.write(toFile: dir.file("orgs.csv"), atomically: true, encoding: .utf8)
        try """
            [directory]
            csv = "orgs.csv"

            [determination]
            allowlist = ["61.144.56.0/24"]

            [notices]
            smtp_host = "127.0.0.1"
            smtp_port = \(receivers.smtpPort)
            from = "vigil@cert.example"
            helo = "vigil.test"
            webhook_secret = "\(secret)"
            retry = { initial_seconds = 1, max_seconds = 2, attempts = 3 }
            cyberspace_administration = ["cac@cac.example"]
            """.write(toFile: dir.file("vigil.toml"), atomically: true, encoding: .utf8)
        return dir.file("vigil.toml")
    }

    static func partnerFeeds(_ dir: TemporaryDirectory) throws -> (String, String) {
        let seen = "2026-11-20T00:00:00Z"
        try [
            #"{"kind":"maliciousDomain","indicator":"google.com","seen_at":"\#(seen)"}"#,
            #"{"kind":"maliciousIP","indicator":"8.8.8.8","seen_at":"\#(seen)"}"#,
            #"{"kind":"maliciousIP","indicator":"10.1.2.3","seen_at":"\#(seen)"}"#,
            #"{"kind":"maliciousIP","indicator":"61.144.56.10","seen_at":"\#(seen)"}"#,
            #"{"kind":"c2Server","indicator":"61.144.60.20","seen_at":"\#(seen)"}"#,
            #"{"kind":"maliciousIP","indicator":"61.144.60.21","seen_at":"\#(seen)"}"#,
        ].joined(separator: "\n").write(toFile: dir.file("partner.jsonl"), atomically: true, encoding: .utf8)
        try #"{"kind":"c2Server","indicator":"61.144.60.20","seen_at":"2026-11-22T00:00:00Z"}"#
            .write(toFile: dir.file("partner2.jsonl"), atomically: true, encoding: .utf8)
        return (dir.file("partner.jsonl"), dir.file("partner2.jsonl"))
    }

    static func id(_ kind: ThreatKind, _ text: String) throws -> ThreatID { ThreatID(kind: kind, indicator: try Indicator.detect(text)) }

    /// Starts the receivers, or says why not (a failure when CI requires them).
    static func receivers(_ dir: TemporaryDirectory) async throws -> NoticeReceivers? {
        if let why = await NoticeReceivers.unavailable() {
            if NoticeReceivers.required { Issue.record(Comment(rawValue: why)) } else { print("skipped: \(why)") }
            return nil
        }
        return try await NoticeReceivers.start(in: dir.file("received"))
    }

    static func databases(_ dir: TemporaryDirectory) -> [String] {
        [dir.file("scenario.db")] + (PostgresWorkersTests.freshURL().map { [$0] } ?? [])
    }

    @Test func theDisposalLoopEndToEnd() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        for database in Self.databases(try TemporaryDirectory()) {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            guard let receivers = try await Self.receivers(dir) else { return }
            do {
                try await scenario(Run(binary: binary, dir: dir, database: database.hasPrefix("postgres") ? database : dir.file("scenario.db"),
                                       config: try Self.configure(dir, receivers)), receivers)
            } catch {
                Issue.record("scenario on \(database.hasPrefix("postgres") ? "PostgreSQL" : "SQLite") failed: \(error)")
            }
            await receivers.stop()
        }
    }

    func scenario(_ run: Run, _ receivers: NoticeReceivers) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        // The demo ingests and runs one engine pass with the scenario's configuration (its notices go out too).
        guard try await run.vigil(["demo", "--data-dir", run.dir.file("demo-data")], now: now) != nil else { return }
        let (partner, partner2) = try Self.partnerFeeds(run.dir)
        guard try await run.vigil(["ingest", partner, "--source", "partner"], configured: false) != nil,
              try await run.vigil(["ingest", partner2, "--source", "partner2"], configured: false) != nil else { return }

        // 1. Determination: each expected decision with its rule.
        guard let first = try await run.vigil(["run", "--once"], now: now) else { return }
        #expect(first.contains("tickets issued:"))
        let store = try await Self.open(run.database)
        let ledger = DisposalLedger(store)
        let expected: [(ThreatKind, String, Determination.Decision, Determination.Rule)] = [
            (.maliciousDomain, "google.com", .rejected, .warninglist),
            (.maliciousIP, "8.8.8.8", .rejected, .warninglist),
            (.maliciousIP, "10.1.2.3", .rejected, .reservedRange),
            (.maliciousIP, "61.144.56.10", .rejected, .allowlist),
            (.c2Server, "61.144.60.20", .confirmed, .corroborated),
            (.maliciousIP, "61.144.60.21", .needsReview, .noRule),
        ]
        for (kind, text, decision, rule) in expected {
            let d = try await ledger.determination(of: try Self.id(kind, text))
            #expect(d?.determination.decision == decision && d?.determination.rule == rule, "\(text): \(String(describing: d))")
            #expect(d?.determination.evidence.isEmpty == false)
        }
        let counts = try await ledger.determinationCounts()
        #expect((counts[.confirmed]?[.trustedSource] ?? 0) > 100, "CNCERT's reports confirm on their own")
        #expect((counts[.needsReview]?[.noRule] ?? 0) > 100)
        let review = try await ledger.reviewQueue(limit: 100_000)
        #expect(review.contains { $0.indicator == "61.144.60.21" })
        // 2. A threat on a warninglist (or otherwise rejected) is never ticketed.
        for (kind, text, decision, _) in expected where decision == .rejected {
            #expect(try await ledger.openTicket(of: try Self.id(kind, text)) == nil, "\(text) must not be ticketed")
        }

        // 3. One ticket per (organization, measure).
        let tickets = try await ledger.tickets(TicketFilter(limit: 100_000))
        #expect(tickets.count > 50)
        #expect(Set(tickets.map { "\($0.organization)|\($0.measure.rawValue)" }).count == tickets.count)
        let ticketed = try await ledger.confirmedUnticketed(limit: 10)
        #expect(ticketed.isEmpty, "every confirmed threat with an owner is on a ticket")
        let gd = tickets.filter { $0.organization == "chinatelecom-440000" }
        let cu = tickets.filter { $0.organization == "chinaunicom-440000" }
        try #require(gd.count >= 2 && !cu.isEmpty)
        #expect(cu.allSatisfy { $0.notifyCyberspaceAdministration && $0.notifyParent })

        // 4. Notices reached the real SMTP server and the webhook receiver, signed.
        let mails = receivers.mails()
        #expect(mails.filter { $0.to == ["ct-gd@ct.example"] }.count == gd.count)
        #expect(mails.filter { $0.to == ["cu-gd@cu.example"] }.count == cu.count)
        #expect(mails.filter { $0.to == ["cac@cac.example"] }.count == cu.count, "sensitive owners' tickets go to the cyberspace administration too")
        #expect(mails.allSatisfy { $0.data.contains("Subject: =?UTF-8?") && $0.data.contains("Content-Disposition: attachment") })
        let hooks = receivers.hooks()
        #expect(hooks.count == gd.count)
        for hook in hooks {
            let header = try #require(hook.headers["X-Vigil-Signature"])
            let t = Int64(header.split(separator: ",").first?.dropFirst(2) ?? "") ?? 0
            #expect(throws: Never.self) { try WebhookSignature.verify(header: header, body: Data(hook.body.utf8), secret: Self.secret, now: t) }
            let payload = try JSONSerialization.jsonObject(with: Data(hook.body.utf8)) as? [String: Any]
            #expect(payload?["event"] as? String == "issued")
            #expect((payload?["ticket"] as? [String: Any])?["organization"] as? String == "chinatelecom-440000")
        }
        let noContact = try #require(tickets.first { !["chinatelecom-440000", "chinaunicom-440000"].contains($0.organization) })
        #expect(try await ledger.notices(ticket: noContact.id).first?.lastError?.contains("no e-mail or webhook contact") == true)

        // 5. Running again changes nothing and sends nothing.
        guard let second = try await run.vigil(["run", "--once"], now: now + 60) else { return }
        #expect(second.contains("tickets issued: 0 (0 threats placed"))
        #expect(second.contains("0 sent"))
        #expect(receivers.mails().count == mails.count && receivers.hooks().count == hooks.count)

        // 6. Feedback: acknowledge one, report another done, extend a third.
        let (ackd, done) = (gd[0], gd[1])
        guard try await run.vigil(["tickets", "ack", String(ackd.id), "--as", "chinatelecom-440000", "--note", "收到"], now: now + 120, configured: false) != nil,
              try await run.vigil(["tickets", "done", "VGL-\(done.id)", "--note", "已下线", "--evidence", "CHG-7", "--as", "chinatelecom-440000"], now: now + 180, configured: false) != nil,
              try await run.vigil(["tickets", "extend", String(ackd.id), "--hours", "48", "--reason", "维护窗口", "--as", "chinatelecom-440000"], now: now + 200, configured: false) != nil,
              try await run.vigil(["tickets", "extend", String(ackd.id), "--grant", "--reason", "同意", "--as", "gd-ca"], now: now + 240, configured: false) != nil
        else { return }
        #expect(try await ledger.ticket(done.id).state == .reportedDone)
        #expect(try await ledger.ticket(ackd.id).deadline == ackd.deadline + 48 * 3600)
        // An illegal transition is an error, not a silent no-op.
        #expect(await (try ChildProcess(run.binary, ["tickets", "ack", String(done.id), "--database", run.database], errorLog: run.dir.file("e.txt"))).wait() != 0)
        #expect(try String(contentsOfFile: run.dir.file("e.txt"), encoding: .utf8).contains("cannot take 'acknowledge'"))

        // 7. Forty days on, open tickets are overdue and escalate: reminder, parent organization, provincial administration.
        let later = now + 40 * 86_400
        guard let escalating = try await run.vigil(["run", "--once"], now: later) else { return }
        #expect(!escalating.contains("escalations: 0;"))
        let overdue = try await ledger.tickets(TicketFilter(overdueAt: later, limit: 100_000))
        #expect(overdue.contains { $0.id == ackd.id } && !overdue.contains { $0.id == done.id })
        #expect(try await ledger.ticket(ackd.id).escalations == 3)
        #expect(try await ledger.ticket(done.id).escalations == 0)
        let escalationMails = receivers.mails().dropFirst(mails.count)
        let openGD = gd.filter { $0.id != done.id }.count
        #expect(escalationMails.filter { $0.to == ["ct-gd@ct.example"] && $0.data.contains("Subject: =?UTF-8?") }.count == openGD)
        // Every China Telecom branch's overdue ticket goes to the group (the branches' parent in the directory).
        let openTelecom = tickets.filter { $0.organization.hasPrefix("chinatelecom-") && $0.id != done.id }.count
        #expect(escalationMails.filter { $0.to == ["ct-hq@ct.example"] }.count == openTelecom)
        #expect(escalationMails.filter { $0.to == ["gd-ca@miit.example"] }.count >= openGD)
        guard let again = try await run.vigil(["run", "--once"], now: later + 60) else { return }
        #expect(again.contains("escalations: 0;"))
        // China Unicom's group had no contact when its branch's tickets escalated; once it has one, it is told.
        #expect(!receivers.mails().contains { $0.to == ["cu-hq@cu.example"] })
        let orgsCSV = try String(contentsOfFile: run.dir.file("orgs.csv"), encoding: .utf8)
        try (orgsCSV + "\nchinaunicom,中国联合网络通信集团有限公司,basicOperator,,,cu-hq@cu.example,,no\n")
            .write(toFile: run.dir.file("orgs.csv"), atomically: true, encoding: .utf8)
        guard try await run.vigil(["run", "--once"], now: later + 90) != nil else { return }
        let openUnicom = try await ledger.tickets(TicketFilter(states: [.issued, .acknowledged, .reopened], limit: 100_000))
            .filter { $0.organization.hasPrefix("chinaunicom-") && $0.escalations >= 2 }.count
        #expect(openUnicom > 0 && receivers.mails().filter { $0.to == ["cu-hq@cu.example"] }.count == openUnicom)

        // 8. An appeal reverses a threat and withdraws its ticket.
        let single = try #require(try await ledger.tickets(TicketFilter(organization: "chinatelecom-440000", states: [.issued, .acknowledged], limit: 100))
            .min { $0.threats < $1.threats })
        let threats = try await ledger.threats(onTicket: single.id).map(\.threat)
        try #require(!threats.isEmpty)
        guard try await run.vigil(["tickets", "appeal", String(single.id), "--reason", "这是我们的蜜罐", "--as", "chinatelecom-440000"], now: later + 120, configured: false) != nil
        else { return }
        let queue = try #require(try await run.json(["review", "--limit", "1000"], now: later + 130) as? [[String: Any]])
        #expect(queue.prefix(threats.count).allSatisfy { ($0["appeal"] as? [String: Any])?["filed_by"] as? String == "chinatelecom-440000" })
        for (i, threat) in threats.enumerated() {
            // Until the last threat is reversed, the ticket stands for the others.
            #expect(try await ledger.ticket(single.id).state != .withdrawn)
            guard try await run.vigil(["determine", threat.description, "--reject", "--reason", "蜜罐属实", "--as", "li"], now: later + 180 + Int64(i), configured: false) != nil
            else { return }
        }
        guard try await run.vigil(["run", "--once"], now: later + 240) != nil else { return }
        #expect(try await ledger.ticket(single.id).state == .withdrawn)
        let threat = threats[0]
        #expect(try await ledger.determination(of: threat)?.determination.rule == .appealReversed)
        let withdrawn = receivers.mails().filter { $0.to == ["ct-gd@ct.example"] }.last
        #expect(withdrawn?.data.contains("Subject: =?UTF-8?") == true)
        #expect(try await ledger.notices(ticket: single.id).contains { $0.purpose == "withdrawn" && $0.state == .sent })

        // 9. The audit trail, through the command.
        let ticketTrail = try #require(try await run.json(["audit", "--ticket", String(single.id)]) as? [[String: Any]])
        let actions = ticketTrail.compactMap { $0["action"] as? String }
        #expect(actions.first == "issue" && actions.last == "withdraw" && actions.filter { $0 == "escalate" }.count == 3)
        let threatTrail = try #require(try await run.json(["audit", "--threat", threat.description]) as? [[String: Any]])
        #expect(threatTrail.compactMap { $0["action"] as? String } == ["determine", "appeal", "decideAppeal"])
        #expect(threatTrail.last?["actor"] as? String == "li" && threatTrail.last?["to_state"] as? String == "rejected")
        let ackTrail = try await ledger.auditLog("ticket", String(ackd.id)).map(\.action)
        #expect(ackTrail.filter { $0 != "addThreats" }.prefix(4) == ["issue", "acknowledge", "requestExtension", "grantExtension"])
    }
}
