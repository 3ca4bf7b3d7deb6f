import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting

/// `vigil report` on the platform demo (`vigil serve --demo`, a quarter of data ending 2026-11-27): the Chinese and
/// English reports in the eight parts of MIIT's quarterly report, numbers that agree with `vigil stats` and with the
/// store's own counts, self-contained HTML, PDF through Chromium, and clear errors.
@Suite struct ReportCommandTests {
    static let now = "2026-11-27T08:00:00Z"

    /// Seeds the platform demo into a new database with the clock at ``now``; nil after recording why not.
    static func seed(_ binary: String, _ dir: TemporaryDirectory) async throws -> String? {
        let db = dir.file("demo.db"), out = dir.file("serve.txt")
        let server = try ChildProcess(binary, ["serve", "--port", "0", "--demo", "--no-engine", "--database", db], output: out, errorLog: dir.file("serve.err"),
                                      environment: ["VIGIL_NOW": now])
        defer { server.kill() }
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline && server.isRunning {
            if ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").contains("listening on") { return db }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("vigil serve --demo did not start: \((try? String(contentsOfFile: dir.file("serve.err"), encoding: .utf8)) ?? "")")
        return nil
    }

    @Test func quarterlyReportInMIITStructureAgreesWithStats() async throws {
        guard let vigil = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let db = try await Self.seed(vigil, dir) else { return }
        let config = dir.file("vigil.toml")
        try """
            [report]
            author = "某省通信管理局"
            priorities = ["开展 NTP 反射放大专项治理", "督促基础电信企业完成家庭网关固件升级"]
            priorities_en = ["Run the NTP reflector campaign", "Have operators upgrade home gateways"]
            [report.source_types]
            ipsum = "securityCompany"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        func run(_ arguments: [String]) async throws -> (Int32, String, String) {
            let out = dir.file("o-\(UUID().uuidString)"), err = dir.file("e-\(UUID().uuidString)")
            let p = try ChildProcess(vigil, arguments + ["--database", db], output: out, errorLog: err, environment: ["VIGIL_NOW": Self.now])
            let status = await p.wait()
            return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }
        func json(_ text: String) throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) }

        // The figures: the demo's quarter of data falls in 2026Q3 and 2026Q4, so the two reports add up to `vigil stats`.
        let (s1, q4text, e1) = try await run(["report", "--quarter", "2026Q4", "--format", "json", "--config", config])
        let (_, q3text, _) = try await run(["report", "--quarter", "2026Q3", "--format", "json", "--config", config])
        let (_, statsText, _) = try await run(["stats", "--json"])
        #expect(s1 == 0, "\(e1)")
        let q4 = try json(q4text), q3 = try json(q3text), stats = try json(statsText)
        let c4 = try #require(q4["current"] as? [String: Any]), c3 = try #require(q3["current"] as? [String: Any])
        let total = try #require(stats["total_threats"] as? Int)
        #expect(q4["store_total"] as? Int == total, "the report names the store's total, as vigil stats does")
        #expect((c4["monitored"] as? Int ?? 0) + (c3["monitored"] as? Int ?? 0) == total, "Q3 + Q4 = vigil stats: \(c3["monitored"] ?? 0) + \(c4["monitored"] ?? 0) vs \(total)")
        let byCategory = stats["by_category"] as? [String: Int] ?? [:]
        for (category, n) in byCategory {
            let a = (c4["monitored_by_category"] as? [String: Int])?[category] ?? 0, b = (c3["monitored_by_category"] as? [String: Int])?[category] ?? 0
            #expect(a + b == n, "\(category): \(a) + \(b) vs \(n)")
        }
        for c in [c3, c4] {
            let monitored = c["monitored"] as? Int ?? -1
            #expect((c["monitored_by_category"] as? [String: Int] ?? [:]).values.reduce(0, +) == monitored, "the categories add up to the total")
            #expect((c["monitored_by_province"] as? [String: Int] ?? [:]).values.reduce(0, +) == monitored && (c["monitored_by_source"] as? [String: Int] ?? [:]).values.reduce(0, +) == monitored)
            #expect((c["disposed_by_category"] as? [String: Int] ?? [:]).values.reduce(0, +) == c["disposed"] as? Int)
        }
        // The previous quarter of Q4 is Q3 (环比), and the store's own counts agree.
        #expect((q4["previous"] as? [String: Any])?["monitored"] as? Int == c3["monitored"] as? Int)
        let store = try SQLiteStore(path: db)
        let q4start = try #require(UTCTime.parse("2026-10-01T00:00:00+08:00")), q4end = try #require(UTCTime.parse("2027-01-01T00:00:00+08:00"))
        let counted = try await store.rows("SELECT COUNT(*) FROM threats WHERE origin_seen_at >= ? AND origin_seen_at < ?", [.integer(q4start), .integer(q4end)])
        #expect(Int(counted.first?[0].int ?? -1) == c4["monitored"] as? Int, "the report's total is the store's count of threats first seen in the quarter")
        // Disposed: the threats on each ticket when it was first reported done (its first reportDone in the audit log).
        let disposed = try await store.rows("""
            WITH first AS (SELECT CAST(object_id AS INTEGER) AS ticket, MIN(at) AS at FROM audit_log WHERE object_type = 'ticket' AND action = 'reportDone' GROUP BY object_id)
            SELECT COUNT(*) FROM first f JOIN ticket_threats tt ON tt.ticket_id = f.ticket AND tt.added_at <= f.at AND (tt.removed_at IS NULL OR tt.removed_at > f.at)
            WHERE f.at >= ? AND f.at < ?
            """, [.integer(q4start), .integer(q4end)])
        #expect(Int(disposed.first?[0].int ?? -1) == c4["disposed"] as? Int && (c4["disposed"] as? Int ?? 0) > 0, "disposed: the audit log agrees with the rollup")
        #expect((c4["monitored_by_source_type"] as? [String: Int])?["securityCompany"] ?? 0 > 0, "the configured source type is used")
        #expect(((q4["campaigns"] as? [[String: Any]])?.count ?? 0) == 1 && ((q4["watches"] as? [[String: Any]])?.count ?? 0) == 1)

        // The Chinese report: the eight parts, the author, the priorities, numbers as reports write them.
        let (s2, zh, _) = try await run(["report", "--quarter", "2026Q4", "--config", config])
        #expect(s2 == 0 && zh.hasPrefix("# 2026年第四季度网络安全威胁态势分析与工作综述"))
        for heading in ["一、总体态势", "二、威胁处置情况", "三、报送与处置单位情况", "四、地区与运营商分布", "五、处置效能", "六、专项治理与重大活动保障", "七、环比与同比", "八、下一步工作"] {
            #expect(zh.contains("## \(heading)"), "the Chinese report has \(heading)")
        }
        #expect(zh.contains("某省通信管理局") && zh.contains("1. 开展 NTP 反射放大专项治理") && zh.contains("主要特点如下") && zh.contains("NTP 反射放大专项治理"))
        #expect(zh.contains("共监测发现各类网络安全威胁\(c4["monitored"] as? Int ?? -1)个"), "the total in words")
        // The English report: the same parts and numbers.
        let (_, en, _) = try await run(["report", "--quarter", "2026Q4", "--lang", "en", "--config", config])
        for heading in ["1. Overall situation", "2. Disposal", "3. Reporting and disposing organizations", "4. Provinces and operators", "5. Disposal performance",
                        "6. Campaigns and watches", "7. Change against the period before and a year earlier", "8. Next priorities"] {
            #expect(en.contains("## \(heading)"), "the English report has \(heading)")
        }
        let monitoredText = (c4["monitored"] as? Int ?? 0).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        #expect(en.contains("In Q4 2026, \(monitoredText) cyber threats were found") && en.contains("Have operators upgrade home gateways"), "\(en.prefix(400))")

        // HTML: one self-contained page with SVG charts; PDF where Chromium is.
        let html = dir.file("q4.html")
        let (s3, _, _) = try await run(["report", "--quarter", "2026Q4", "--format", "html", "--out", html])
        let page = (try? String(contentsOfFile: html, encoding: .utf8)) ?? ""
        #expect(s3 == 0 && page.hasPrefix("<!doctype html>") && Self.count("<svg", in: page) == 3 && page.contains("<table"))
        let external = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!external.contains("src=") && !external.contains("http://") && !external.contains("https://") && !external.contains("<link"), "nothing is fetched")
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        if chromium {
            let pdf = dir.file("q4.pdf")
            let (s4, _, e4) = try await run(["report", "--quarter", "2026Q4", "--format", "pdf", "--out", pdf])
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: pdf))) ?? Data()
            #expect(s4 == 0 && bytes.prefix(5) == Data("%PDF-".utf8) && bytes.count > 20_000, "\(e4)")
        } else if ProcessInfo.processInfo.environment["VIGIL_REQUIRE_BROWSER"] == "1" {
            Issue.record("the PDF check needs chromium (apt-get install chromium)")
        } else {
            print("skipped: the PDF check needs chromium")
        }

        // A month and a range; clear errors.
        let (s5, month, _) = try await run(["report", "--month", "2026-11", "--format", "json"])
        let (s6, range, _) = try await run(["report", "--range", "2026-08-01..2027-01-31", "--format", "json"])
        let rangeFigures = try json(range)["current"] as? [String: Any], monthBefore = try json(month)["previous"] as? [String: Any]
        #expect(s5 == 0 && s6 == 0 && rangeFigures?["monitored"] as? Int == total, "a range over everything is vigil stats")
        #expect(monthBefore?["first_day"] as? String == "2026-10-01")
        let (s7, _, e7) = try await run(["report", "--quarter", "2026Q5"])
        let (s8, _, e8) = try await run(["report", "--quarter", "2026Q4", "--month", "2026-11"])
        #expect(s7 != 0 && e7.contains("give one as 2018Q3") && s8 != 0 && e8.contains("exactly one"), "\(e7) \(e8)")
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
