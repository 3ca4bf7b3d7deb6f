import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Organizations with their tickets, and one organization's page with its disposal performance and open tickets.
struct OrganizationPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("organizations") { request, context in try await list(request, context) }
        group.get("organizations/:id") { request, context in try await detail(request, context) }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let all = try await OrganizationRoutes(env: env).visible(principal, province: nil)
        let withTickets = request.uri.queryParameters["all"] != "true"
        let shown = withTickets ? all.filter { $0.tickets.total > 0 } : all
        var html = "<h1>\(lang.t("单位", "Organizations"))</h1><p class=\"muted\">"
            + (withTickets ? "\(lang.t("仅列出有工单的单位。", "Only organizations with tickets.")) <a href=\"/organizations?all=true\">\(lang.t("显示全部", "Show all"))</a>"
                : "<a href=\"/organizations\">\(lang.t("仅显示有工单的单位", "Only those with tickets"))</a>") + "</p>"
        html += "<table><thead><tr><th>\(lang.t("单位", "Organization"))</th><th>\(lang.t("类型", "Type"))</th><th>\(lang.t("省份", "Province"))</th>"
            + "<th class=\"num\">\(lang.t("工单", "Tickets"))</th><th class=\"num\">\(lang.t("在办", "Open"))</th><th class=\"num\">\(lang.t("超期", "Overdue"))</th></tr></thead><tbody>"
        for o in shown.sorted(by: { ($0.tickets.overdue, $0.tickets.open, $1.id) > ($1.tickets.overdue, $1.tickets.open, $0.id) }) {
            html += "<tr><td><a href=\"/organizations/\(HTML.escape(HTML.percent(o.id)))\">\(HTML.escape(o.name))</a> <span class=\"muted mono\">\(HTML.escape(o.id))</span></td>"
                + "<td>\(HTML.escape(o.type))</td><td>\(HTML.escape(lang.province(o.province)))</td><td class=\"num\">\(o.tickets.total)</td>"
                + "<td class=\"num\">\(o.tickets.open)</td><td class=\"num\(o.tickets.overdue > 0 ? " overdue" : "")\">\(o.tickets.overdue)</td></tr>"
        }
        html += "</tbody></table>"
        return layout.response(title: lang.t("单位", "Organizations"), body: html)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        guard let id = context.parameters.get("id")?.removingPercentEncoding,
              let org = try await OrganizationRoutes(env: env).visible(principal, province: nil).first(where: { $0.id == id }) else {
            throw APIError.notFound("organization")
        }
        let now = env.clock()
        let performance = try await env.ledger.performance(province: principal.narrow(province: nil, organization: nil)?.province, organization: id, at: now)
            .first?.performance
        var html = "<h1>\(HTML.escape(org.name)) <span class=\"muted mono\">\(HTML.escape(org.id))</span></h1><div class=\"grid cols-5\">"
        func stat(_ label: String, _ value: String, _ key: String) -> String {
            "<div class=\"card stat\" data-stat=\"\(key)\"><div class=\"label\">\(label)</div><div class=\"value\">\(HTML.escape(value))</div></div>"
        }
        html += stat(lang.t("工单", "Tickets"), String(org.tickets.total), "tickets") + stat(lang.t("在办", "Open"), String(org.tickets.open), "open")
            + stat(lang.t("超期", "Overdue"), String(org.tickets.overdue), "overdue")
            + stat(lang.t("处置用时中位数", "Median time to dispose"), performance?.medianSecondsToDispose.map(lang.duration) ?? "—", "median")
            + stat(lang.t("超期率 / 重开率", "Overdue / reopen rate"), performance.map { "\(Language.percent($0.overdueRate)) / \(Language.percent($0.reopenRate))" } ?? "—", "rates")
        html += "</div><p class=\"muted\">\(lang.t("类型", "Type")): \(HTML.escape(org.type)) · \(lang.t("省份", "Province")): \(HTML.escape(lang.province(org.province)))"
            + (org.parent.map { " · \(lang.t("上级", "Parent")): <a href=\"/organizations/\(HTML.escape(HTML.percent($0)))\">\(HTML.escape($0))</a>" } ?? "") + "</p>"
        let tickets = try await env.tickets(TicketFilter(organization: id, limit: 50), for: principal)
        html += "<h2>\(lang.t("最近工单", "Latest tickets"))</h2><table><thead><tr><th>\(lang.t("工单", "Ticket"))</th><th>\(lang.t("措施", "Measure"))</th>"
            + "<th>\(lang.t("状态", "State"))</th><th class=\"num\">\(lang.t("威胁", "Threats"))</th><th>\(lang.t("期限", "Deadline"))</th></tr></thead><tbody>"
        for t in tickets {
            html += "<tr><td><a href=\"/tickets/\(t.id)\">\(NoticeDispatcher.number(t.id))</a></td><td>\(HTML.escape(DashboardPage.measure(t.measure, lang)))</td><td>\(DashboardPage.pill(t.state, lang))</td>"
                + "<td class=\"num\">\(t.threats)</td><td>\(DashboardPage.deadline(t, now: now, lang))</td></tr>"
        }
        html += "</tbody></table>"
        return layout.response(title: org.name, body: html)
    }
}
