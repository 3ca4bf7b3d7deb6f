import Foundation
import Hummingbird
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Watches (重大活动保障) in the dashboard, for the ministry and auditors: every watch with its checks in alert and the
/// latest alerts, and one watch's checks and alert history; with the fix rates the re-checks measured.
struct WatchPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("watches") { request, context in try await list(request, context) }
        group.get("watches/:id") { request, context in try await detail(request, context) }
    }

    var ledger: WatchLedger { WatchLedger(env.store) }

    static func alertRow(_ a: WatchAlert, _ watchName: String?, _ lang: Language) -> String {
        let bad = a.kind != "recovered"
        return "<tr><td>\(DashboardPage.time(a.raisedAt))</td>" + (watchName.map { "<td><a href=\"/watches/\(a.watchID)\">\(HTML.escape($0))</a></td>" } ?? "")
            + "<td class=\"\(bad ? "overdue" : "")\">\(HTML.escape(Watcher.title(a.kind)))</td><td class=\"mono\">\(HTML.escape(a.key))</td><td>\(HTML.escape(a.detail))</td></tr>"
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read watches")
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let watches = try await ledger.watches()
        var names: [Int64: String] = [:]
        var html = "<h1>\(lang.t("重大活动保障", "Watches"))</h1><table data-watches=\"\(watches.count)\"><thead><tr><th>\(lang.t("名称", "Name"))</th>"
            + "<th>\(lang.t("间隔", "Interval"))</th><th>\(lang.t("状态", "State"))</th><th>\(lang.t("最近运行", "Last run"))</th><th>\(lang.t("检查项", "Checks"))</th>"
            + "<th>\(lang.t("告警中", "In alert"))</th></tr></thead><tbody>"
        for w in watches {
            names[w.id] = w.name
            let checks = try await ledger.checks(watch: w.id)
            let alerting = checks.filter(\.alerting).count
            html += "<tr><td><a href=\"/watches/\(w.id)\">\(HTML.escape(w.name))</a></td><td>\(w.intervalSeconds) s</td>"
                + "<td>\(w.enabled ? lang.t("运行中", "running") : lang.t("已停用", "disabled"))</td><td>\(w.lastRunAt.map(DashboardPage.time) ?? "—")</td>"
                + "<td>\(checks.count)</td><td class=\"\(alerting > 0 ? "overdue" : "")\">\(alerting)</td></tr>"
        }
        if watches.isEmpty { html += "<tr><td colspan=\"6\">\(lang.t("尚无保障任务：vigil watch add", "No watches yet: vigil watch add"))</td></tr>" }
        html += "</tbody></table><h2>\(lang.t("最近告警", "Latest alerts"))</h2><table data-alerts><thead><tr><th>\(lang.t("时间", "When"))</th><th>\(lang.t("保障任务", "Watch"))</th>"
            + "<th>\(lang.t("告警", "Alert"))</th><th>\(lang.t("检查项", "Check"))</th><th>\(lang.t("详情", "Detail"))</th></tr></thead><tbody>"
        for a in try await ledger.alerts(limit: 50) { html += Self.alertRow(a, names[a.watchID] ?? "#\(a.watchID)", lang) }
        html += "</tbody></table>"
        let rates = try await ProbeLedger(env.store).fixRates()
        html += "<h2>\(lang.t("复核整改率", "Fix rates from re-checks"))</h2><table data-rates><thead><tr><th>\(lang.t("单位 / 网段", "Organization / prefix"))</th>"
            + "<th>\(lang.t("已整改", "Fixed"))</th><th>\(lang.t("有结论", "Concluded"))</th><th>\(lang.t("整改率", "Rate"))</th></tr></thead><tbody>"
        for r in rates.organizations + rates.prefixes {
            html += "<tr><td class=\"mono\">\(HTML.escape(r.key))</td><td>\(r.fixed)</td><td>\(r.concluded)</td><td>\(r.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—")</td></tr>"
        }
        if rates.organizations.isEmpty { html += "<tr><td colspan=\"4\">\(lang.t("尚无复核结论", "No re-check has concluded yet"))</td></tr>" }
        html += "</tbody></table>"
        return layout.response(title: lang.t("重大活动保障", "Watches"), body: html)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read watches")
        guard let text = context.parameters.get("id"), let id = Int64(text), let w = try await ledger.watch(id) else { throw APIError.notFound("watch") }
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        var html = "<h1>\(HTML.escape(w.name))</h1><p>\(lang.t("每", "Every")) \(w.intervalSeconds) s · \(w.enabled ? lang.t("运行中", "running") : lang.t("已停用", "disabled")) · "
            + "\(lang.t("最近运行", "last run")) \(w.lastRunAt.map(DashboardPage.time) ?? "—")</p>"
        if let spec = try? JSONDecoder().decode(WatchSpec.self, from: Data(w.spec.utf8)) {
            html += "<ul>"
            for n in spec.names { html += "<li>\(lang.t("域名", "Name")) <span class=\"mono\">\(HTML.escape(n.name))</span> → \(HTML.escape(n.expect.map(\.description).joined(separator: ", ")))</li>" }
            if !spec.resolvers.isEmpty { html += "<li>\(lang.t("解析服务器", "Resolvers")) <span class=\"mono\">\(HTML.escape(spec.resolvers.joined(separator: ", ")))</span></li>" }
            for p in spec.pages { html += "<li>\(lang.t("网页", "Page")) <span class=\"mono\">\(HTML.escape(p.url))</span></li>" }
            for h in spec.hosts { html += "<li>\(lang.t("主机", "Host")) <span class=\"mono\">\(HTML.escape(h))</span></li>" }
            html += "</ul>"
        }
        let checks = try await ledger.checks(watch: id)
        html += "<h2>\(lang.t("检查项", "Checks"))</h2><table data-checks=\"\(checks.count)\"><thead><tr><th>\(lang.t("检查项", "Check"))</th><th>\(lang.t("结论", "Verdict"))</th>"
            + "<th>\(lang.t("时间", "When"))</th><th>\(lang.t("详情", "Detail"))</th></tr></thead><tbody>"
        for c in checks {
            html += "<tr><td class=\"mono\">\(HTML.escape(c.key))</td><td class=\"\(c.alerting ? "overdue" : "")\">\(HTML.escape(c.verdict))</td>"
                + "<td>\(DashboardPage.time(c.checkedAt))</td><td>\(HTML.escape(c.detail ?? ""))</td></tr>"
        }
        html += "</tbody></table><h2>\(lang.t("告警", "Alerts"))</h2><table><thead><tr><th>\(lang.t("时间", "When"))</th><th>\(lang.t("告警", "Alert"))</th>"
            + "<th>\(lang.t("检查项", "Check"))</th><th>\(lang.t("详情", "Detail"))</th></tr></thead><tbody>"
        for a in try await ledger.alerts(watch: id, limit: 100) { html += Self.alertRow(a, nil, lang) }
        html += "</tbody></table>"
        return layout.response(title: w.name, body: html)
    }
}
