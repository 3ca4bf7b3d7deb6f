import Foundation
import Testing
import VigilCore
import VigilPublish
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// The dashboard of `vigil serve --demo`: rendered by headless Chromium with real numbers, a password login with a
/// session cookie, CSRF-protected forms, and feed text that shows as text everywhere.
@Suite struct DashboardTests {
    /// Starts `vigil serve --demo` on a fresh database; nil after recording why not.
    static func demo(_ dir: TemporaryDirectory) async throws -> (server: ChildProcess, base: String, db: String, output: String)? {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return nil
        }
        let db = dir.file("demo.db"), out = dir.file("serve.txt")
        guard let (server, base) = try await ServeCommandTests.serve(binary, ["--demo", "--interval", "3600", "--database", db], output: out, dir, waiting: .seconds(600)) else {
            return nil
        }
        return (server, base, db, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    /// Runs a support script with python3; its exit status.
    static func python(_ script: String, _ args: [String], output: String, _ dir: TemporaryDirectory) async throws -> Int32 {
        let path = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/\(script)").path
        return try await ChildProcess.run("/usr/bin/env", ["python3", path] + args, output: output, errorLog: dir.file("\(script).err"))
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func demoPlatformRendersInHeadlessChromium() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let hasChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        let hasClient = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import websocket"]) == 0
        guard hasChromium && hasClient else {
            let why = "the dashboard browser test needs chromium (apt-get install chromium) and websocket-client (pip install websocket-client)"
            if ProcessInfo.processInfo.environment["VIGIL_REQUIRE_BROWSER"] == "1" { Issue.record(Comment(rawValue: why)) } else { print("skipped: \(why)") }
            return
        }
        guard let demo = try await Self.demo(dir) else { return }
        defer { demo.server.kill() }
        #expect(demo.output.contains("demo-ministry") && demo.output.contains("vigil-demo-2026"), "the demo prints its log-ins")
        let shots = dir.file("shots")
        let summary = dir.file("browser.json")
        let status = try await Self.python("browser.py", [demo.base, "demo-ministry", "vigil-demo-2026", shots, "overview=/", "tickets=/tickets", "report=/report"], output: summary, dir)
        try #require(status == 0, "browser.py: \((try? String(contentsOfFile: dir.file("browser.py.err"), encoding: .utf8)) ?? "")")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any])
        #expect(result["after_login"] as? String == "/", "the login form leads to the overview")

        let store = try SQLiteStore(path: demo.db)
        let total = try await store.statistics().totalThreats
        let overview = try String(contentsOfFile: (shots as NSString).appendingPathComponent("overview.dom.html"), encoding: .utf8)
        #expect(overview.contains("态势概览") && overview.contains("data-total=\"\(total)\""), "the overview shows the store's real total (\(total))")
        #expect(Self.count("data-category=", in: overview) == 5 && Self.count("data-province=", in: overview) == 34)
        #expect(overview.contains("<polyline") && overview.contains("环比"), "the trend chart and the period-on-period change are drawn")
        let gauges = try await DisposalLedger(store).gauges(at: Int64(Date().timeIntervalSince1970))
        #expect(gauges.overdue > 0 && overview.contains("data-overdue=\"\(gauges.overdue)\""))

        let board = try String(contentsOfFile: (shots as NSString).appendingPathComponent("tickets.dom.html"), encoding: .utf8)
        #expect(board.contains("处置工单") && Self.count("data-state=", in: board) == 6)
        #expect(board.contains("ticket is-overdue") && Self.count("data-ticket=", in: board) >= 30)
        for state in TicketState.allCases where state != .withdrawn {
            #expect((gauges.tickets[state] ?? 0) > 0, "the demo has \(state.rawValue) tickets")
        }
        // The situation report of the current quarter: its eight parts, and the store's count of threats first seen in it.
        let report = try String(contentsOfFile: (shots as NSString).appendingPathComponent("report.dom.html"), encoding: .utf8)
        let quarter = ReportPeriod.date(ThreatDay.of(Int64(Date().timeIntervalSince1970)))
        let period = ReportPeriod.quarter(quarter.year, (quarter.month - 1) / 3 + 1)
        let inQuarter = try await store.rows("SELECT COUNT(*) FROM threats WHERE origin_seen_at >= ? AND origin_seen_at < ?",
                                             [.integer(ThreatDay.start(period.firstDay)), .integer(ThreatDay.start(period.lastDay + 1))])
        #expect(report.contains("data-monitored=\"\(inQuarter.first?[0].int ?? -1)\"") && report.contains("一、总体态势") && report.contains("八、下一步工作"),
                "the report page shows the quarter's real count")
        #expect(Self.count("<svg", in: report) >= 3, "its charts are drawn")
        for name in ["overview.png", "tickets.png", "report.png"] {
            let png = try Data(contentsOf: URL(fileURLWithPath: (shots as NSString).appendingPathComponent(name)))
            #expect(png.count > 20_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name) is a real screenshot")
        }
    }

    @Test func loginSessionCSRFAndFeedTextAsText() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let demo = try await Self.demo(dir) else { return }
        defer { demo.server.kill() }
        let store = try SQLiteStore(path: demo.db)
        let ledger = DisposalLedger(store)
        let ticket = try #require(try await ledger.tickets(TicketFilter(states: [.issued], limit: 1)).first)
        let other = try #require(try await ledger.tickets(TicketFilter(states: [.issued], limit: 1000)).first { $0.organization != "chinatelecom-440000" && $0.province != 440000 })
        let hostile = "{\"kind\":\"phishingURL\",\"indicator\":\"http://evil.example/login?q=<script>alert(1)</script>&x=';DROP TABLE threats;--\",\"note\":\"<img src=x onerror=alert(2)>\"}\n"
            + "{\"kind\":\"maliciousDomain\",\"indicator\":\"<script>alert(3)</script>.example\",\"note\":\"'; DROP TABLE threats;--\"}\n"
        let token = #"name="login_csrf" value="([^"]+)""#, meta = #"name="csrf-token" content="([^"]+)""#
        let steps: [[String: Any]] = [
            ["path": "/"],                                                                                         // 0
            ["path": "/login", "extract": ["t": token]],                                                           // 1
            ["method": "POST", "path": "/login", "form": ["login_csrf": "{{t}}", "name": "demo-ministry", "password": "wrong password!"]],  // 2
            ["path": "/login", "extract": ["t": token]],                                                           // 3
            ["method": "POST", "path": "/login?next=/tickets", "form": ["login_csrf": "{{t}}", "name": "demo-ministry", "password": "vigil-demo-2026"]],  // 4
            ["path": "/tickets", "extract": ["csrf": meta]],                                                       // 5
            ["method": "POST", "path": "/tickets/\(ticket.id)/action", "form": ["action": "acknowledge"]],         // 6: no token
            ["method": "POST", "path": "/tickets/\(ticket.id)/action", "form": ["action": "acknowledge", "csrf": "forged"]],  // 7
            ["method": "POST", "path": "/tickets/\(ticket.id)/action", "form": ["action": "acknowledge", "csrf": "{{csrf}}"]],  // 8
            ["path": "/tickets/\(ticket.id)"],                                                                     // 9
            ["method": "POST", "path": "/upload?format=jsonl&name=%3Cimg%20src%3Dy%20onerror%3Dalert(4)%3E.jsonl&source=%3Cscript%3Ealert(5)%3C%2Fscript%3E",
             "data": hostile, "headers": ["X-CSRF-Token": "{{csrf}}"], "extract": ["batch": #""id":([0-9]+)"#]],  // 10
            ["path": "/batches"], ["path": "/batches/{{batch}}"],                                                  // 11, 12
            ["path": "/threats?q=" + "http://evil.example/login?q=<script>alert(1)</script>&x=';DROP TABLE threats;--".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
             "extract": ["threat": #"href="/threats/([0-9a-f]{16})""#]],                                          // 13
            ["path": "/threats/{{threat}}"], ["path": "/threats?kind=phishingURL"], ["path": "/audit"],          // 14, 15, 16
            ["path": "/tickets/\(other.id)"],                                                                      // 17
            ["method": "POST", "path": "/logout", "form": ["csrf": "{{csrf}}"]],                                   // 18
            ["path": "/tickets"],                                                                                  // 19
            ["method": "POST", "path": "/login", "form": ["login_csrf": "{{t}}", "name": "demo-ministry", "password": "vigil-demo-2026"], "cookies": false],  // 20
        ]
        let input = dir.file("steps.json"), output = dir.file("results.json")
        try JSONSerialization.data(withJSONObject: steps).write(to: URL(fileURLWithPath: input))
        try #require(try await Self.python("web-client.py", [demo.base, input, output], output: "/dev/null", dir) == 0,
                     "web-client.py: \((try? String(contentsOfFile: dir.file("web-client.py.err"), encoding: .utf8)) ?? "")")
        let r = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]])
        func status(_ i: Int) -> Int { r[i]["status"] as? Int ?? 0 }
        func body(_ i: Int) -> String { r[i]["body"] as? String ?? "" }
        func cookies(_ i: Int) -> [String] { r[i]["set_cookies"] as? [String] ?? [] }
        func location(_ i: Int) -> String { r[i]["location"] as? String ?? "" }

        #expect(status(0) == 303 && location(0).hasPrefix("/login?next="), "a page without a session goes to the login")
        #expect(status(1) == 200 && (r[1]["headers"] as? [String: String])?["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(status(2) == 401 && body(2).contains("用户名或密码不正确") && cookies(2).allSatisfy { !$0.hasPrefix("vigil_session=") })
        #expect(status(4) == 303 && location(4) == "/tickets")
        let session = try #require(cookies(4).first { $0.hasPrefix("vigil_session=") })
        for flag in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] { #expect(session.contains(flag), "session cookie: \(flag)") }
        #expect(status(5) == 200 && body(5).contains("data-state=\"issued\""))
        #expect(status(6) == 403 && status(7) == 403, "a form without the session's token is refused")
        #expect(status(8) == 303 && location(8).contains("ok="))
        #expect(body(9).contains("pill acknowledged"))
        #expect(try await ledger.ticket(ticket.id).state == .acknowledged)
        #expect(status(10) == 201, "upload: \(body(10).prefix(300))")
        // Feed text is text: no tag from the feed survives anywhere it is shown.
        for i in [11, 12, 13, 14, 15, 16] {
            #expect(status(i) == 200, "step \(i): \(status(i))")
            let page = body(i)
            #expect(!page.contains("<script>alert") && !page.contains("<img src="), "step \(i) shows feed text as markup")
        }
        #expect(body(11).contains("&lt;script&gt;alert(5)&lt;/script&gt;") && body(11).contains("&lt;img src=y onerror=alert(4)&gt;.jsonl"))
        #expect(body(12).contains("&lt;script&gt;alert(3)&lt;/script&gt;.example") && body(12).contains("&#39;; DROP TABLE threats;--"),
                "the rejected row's raw text is kept as it came and shown escaped")
        #expect(body(14).contains("&#39;;DROP%20TABLE%20threats;--"), "SQL metacharacters are stored and shown as text (the URL in canonical form)")
        #expect(body(17).contains("VGL-\(other.id)"), "the ministry sees every ticket")
        #expect(status(18) == 303 && location(18) == "/login" && cookies(18).contains { $0.hasPrefix("vigil_session=;") || $0.contains("Max-Age=0") })
        #expect(status(19) == 303, "after logout the session is gone")
        #expect(status(20) == 403, "a login posted without the login form's cookie (from another site) is refused")
        #expect(try await store.statistics().totalThreats > 0)
        let audit = try await ledger.auditLog(AuditFilter(actor: "demo-ministry", limit: 100))
        #expect(Set(audit.map(\.action)).isSuperset(of: ["login", "loginFailed", "logout", "acknowledge", "submit"]))
        #expect(audit.filter { ["login", "loginFailed", "logout", "acknowledge", "submit"].contains($0.action) }.allSatisfy { $0.sourceIP == "127.0.0.1" })
    }

    @Test func everyRoleSeesOnlyItsPartOfTheDashboard() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let demo = try await Self.demo(dir) else { return }
        defer { demo.server.kill() }
        let store = try SQLiteStore(path: demo.db)
        let ledger = DisposalLedger(store)
        let tickets = try await ledger.tickets(TicketFilter(states: [.issued, .acknowledged], limit: 10_000))
        let own = "chinatelecom-440000"
        let far = try #require(tickets.first { $0.organization != own && $0.province != 440000 && $0.province != nil })
        let mine = try #require(tickets.first { $0.organization == own })
        let threats = try await store.threats(matching: ThreatFilter(limit: 100_000))
        let farThreat = try #require(threats.first { $0.attribution.provinceCode != 440000 && $0.attribution.provinceCode != nil })
        let farIndicator = farThreat.indicator.value
        let token = #"name="login_csrf" value="([^"]+)""#, meta = #"name="csrf-token" content="([^"]+)""#
        func session(_ user: String, _ pages: [[String: Any]]) async throws -> [[String: Any]] {
            let steps: [[String: Any]] = [
                ["path": "/login", "extract": ["t": token]],
                ["method": "POST", "path": "/login", "form": ["login_csrf": "{{t}}", "name": user, "password": "vigil-demo-2026"]],
                ["path": "/batches", "extract": ["csrf": meta]],
            ] + pages
            let input = dir.file("\(user).json"), output = dir.file("\(user)-out.json")
            try JSONSerialization.data(withJSONObject: steps).write(to: URL(fileURLWithPath: input))
            try #require(try await Self.python("web-client.py", [demo.base, input, output], output: "/dev/null", dir) == 0)
            let r = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]])
            #expect(r[1]["status"] as? Int == 303, "\(user) logs in")
            return Array(r.dropFirst(3))
        }
        let outside: [[String: Any]] = [
            ["path": "/tickets/\(far.id)"], ["path": "/threats/\(farThreat.id)"], ["path": "/organizations/chinaunicom-110000"],
            ["method": "POST", "path": "/tickets/\(far.id)/action", "form": ["action": "acknowledge", "csrf": "{{csrf}}"]],
            ["method": "POST", "path": "/threats/\(farThreat.id)/decide", "form": ["decision": "reject", "reason": "x", "csrf": "{{csrf}}"]],
            ["path": "/batches/1"],
        ]
        for user in ["demo-guangdong", "demo-telecom-gd", "demo-reporter"] {
            let answers = try await session(user, outside + [["path": "/tickets"], ["path": "/threats"], ["path": "/review"], ["path": "/audit"], ["path": "/"], ["path": "/watches"],
                                                             ["path": "/report"]])
            for (step, answer) in zip(outside, answers) {
                let status = answer["status"] as? Int ?? 0, body = answer["body"] as? String ?? ""
                #expect([403, 404].contains(status), "\(user) \(step["path"] ?? ""): \(status)")
                #expect(!body.contains("VGL-\(far.id) ") && !body.contains(farIndicator), "\(user) \(step["path"] ?? "") shows nothing of it")
            }
            let (board, list) = (answers[6]["body"] as? String ?? "", answers[7]["body"] as? String ?? "")
            #expect(!board.contains("data-ticket=\"\(far.id)\"") && !list.contains(farIndicator), "\(user)'s lists hold nothing of another's part")
            let review = answers[8]["status"] as? Int, audit = answers[9]["status"] as? Int
            #expect(audit == 403, "\(user) reads no audit log")
            #expect(answers[11]["status"] as? Int == 403 || answers[11]["status"] as? Int == 303, "\(user) reads no watches")
            #expect(answers[12]["status"] as? Int == 403 || answers[12]["status"] as? Int == 303, "\(user) reads no national situation report")
            if user == "demo-guangdong" {
                #expect(review == 200 && board.contains("data-state=\"issued\""))
            } else {
                #expect(review == 403)
            }
            if user == "demo-telecom-gd" { #expect(board.contains("data-ticket=\"\(mine.id)\"")) }
            if user == "demo-reporter" { #expect(answers[10]["status"] as? Int == 303 && answers[10]["location"] as? String == "/batches") }
        }
        // The auditor reads everything and changes nothing.
        let audit = try await session("demo-auditor", [
            ["path": "/tickets/\(far.id)"], ["path": "/audit"],
            ["method": "POST", "path": "/tickets/\(far.id)/action", "form": ["action": "acknowledge", "csrf": "{{csrf}}"]],
            ["path": "/watches"],
            ["path": "/report?period=2018Q5"],
        ])
        #expect(audit[0]["status"] as? Int == 200 && audit[1]["status"] as? Int == 200)
        let watches = audit[3]["body"] as? String ?? ""
        #expect(audit[3]["status"] as? Int == 200 && watches.contains("data-watches=\"1\"") && watches.contains("乌镇峰会") && watches.contains("DNS answer changed"),
                "the demo's watch and its alerts: \(watches.prefix(300))")
        #expect((audit[2]["location"] as? String ?? "").contains("error="), "the auditor's action is refused")
        #expect(audit[4]["status"] as? Int == 400, "a period that is none is refused: \(audit[4]["status"] ?? "")")
        #expect(try await ledger.ticket(far.id).state == far.state, "nobody outside its part changed the ticket")
        #expect(try await ledger.determination(of: farThreat.id)?.determination.decision != .rejected)
    }
}

