import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// The audit log for the ministry and auditors: who did what, when, from what to what, and from which address.
struct AuditPage {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("audit") { request, context in try await render(request, context) }
    }

    func render(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor], to: "read the audit log")
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let q = request.uri.queryParameters
        let filter = AuditFilter(actor: q["actor"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }, action: q["action"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
                                 beforeID: q["cursor"].flatMap { Int64($0) }, limit: 100)
        let rows = try await env.ledger.auditLog(filter)
        var html = "<h1>\(lang.t("审计日志", "Audit log"))</h1><form class=\"filters\" method=\"get\" action=\"/audit\">"
            + "<input name=\"actor\" value=\"\(HTML.escape(filter.actor ?? ""))\" placeholder=\"\(lang.t("人员", "Who"))\">"
            + "<input name=\"action\" value=\"\(HTML.escape(filter.action ?? ""))\" placeholder=\"\(lang.t("动作，如 login", "Action, e.g. login"))\">"
            + "<button type=\"submit\">\(lang.t("筛选", "Filter"))</button></form>"
        html += "<table><thead><tr><th>\(lang.t("时间", "When"))</th><th>\(lang.t("人员", "Who"))</th><th>\(lang.t("动作", "What"))</th><th>\(lang.t("对象", "Object"))</th>"
            + "<th>\(lang.t("状态变化", "Change"))</th><th>\(lang.t("说明", "Detail"))</th><th>\(lang.t("来源地址", "From"))</th></tr></thead><tbody>"
        for e in rows {
            html += "<tr><td>\(DashboardPage.time(e.at))</td><td>\(HTML.escape(e.actor))</td><td>\(HTML.escape(e.action))</td>"
                + "<td>\(HTML.escape(e.objectType)) \(HTML.escape(e.objectID))</td><td>\(HTML.escape(e.fromState ?? "")) → \(HTML.escape(e.toState ?? ""))</td>"
                + "<td>\(HTML.escape(e.detail ?? ""))</td><td class=\"mono\">\(HTML.escape(e.sourceIP ?? "—"))</td></tr>"
        }
        html += "</tbody></table>"
        if rows.count == 100, let last = rows.last {
            html += "<p class=\"pager\"><a href=\"/audit\(HTML.escape(HTML.query([("actor", filter.actor), ("action", filter.action), ("cursor", String(last.id))])))\">"
                + "\(lang.t("更早 →", "Older →"))</a></p>"
        }
        return layout.response(title: lang.t("审计日志", "Audit log"), body: html)
    }
}
