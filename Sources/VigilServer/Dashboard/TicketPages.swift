import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// The tickets board (open tickets by state, overdue and soon-due ones marked), a filtered list, one ticket with its
/// threats, notices and audit trail, and the feedback and supervision actions the caller's role may take.
struct TicketPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("tickets") { request, context in try await board(request, context) }
        group.get("tickets/:id") { request, context in try await detail(request, context) }
        group.post("tickets/:id/action") { request, context in try await act(request, context) }
    }

    static let columns: [TicketState] = [.issued, .acknowledged, .reopened, .reportedDone, .verified, .closed]

    func board(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let q = request.uri.queryParameters
        let now = env.clock()
        var html = DashboardPage.flash(request) + "<h1>\(lang.t("处置工单", "Tickets"))</h1>"
        let organizations = env.engine.directory.organizations
        func card(_ t: Ticket) -> String {
            let overdue = t.isOverdue(at: now), soon = !overdue && t.state.isOpen && t.deadline - now < 86_400
            return "<a class=\"ticket\(overdue ? " is-overdue" : soon ? " is-soon" : "")\" href=\"/tickets/\(t.id)\" data-ticket=\"\(t.id)\">"
                + "<div class=\"no\">\(NoticeDispatcher.number(t.id)) · \(HTML.escape(DashboardPage.measure(t.measure, lang)))</div>"
                + "<div>\(HTML.escape(organizations[t.organization]?.name ?? t.organization))</div>"
                + "<div class=\"meta\">\(lang.t("威胁", "threats")) \(t.threats) · \(HTML.escape(t.severity.rawValue)) · \(lang.province(t.province))</div>"
                + "<div class=\"meta\">\(lang.t("期限", "due")) \(DashboardPage.deadline(t, now: now, lang))</div></a>"
        }
        let listed = q["state"] != nil || q["overdue"] != nil || q["organization"] != nil
        if listed {
            // One state (or the overdue ones, or one organization's) as a list with pages.
            var filter = TicketFilter(organization: q["organization"].map(String.init), limit: 100)
            if let s = q["state"].flatMap({ TicketState(rawValue: String($0)) }) { filter.states = [s] }
            if q["overdue"] == "true" { filter.overdueAt = now }
            filter.beforeID = q["cursor"].flatMap { Int64($0) }
            let tickets = try await env.tickets(filter, for: principal)
            html += "<p><a href=\"/tickets\">\(lang.t("← 返回看板", "← Back to the board"))</a></p><table><thead><tr><th>\(lang.t("工单", "Ticket"))</th>"
                + "<th>\(lang.t("责任单位", "Organization"))</th><th>\(lang.t("措施", "Measure"))</th><th>\(lang.t("状态", "State"))</th>"
                + "<th class=\"num\">\(lang.t("威胁", "Threats"))</th><th>\(lang.t("期限", "Deadline"))</th></tr></thead><tbody>"
            for t in tickets {
                html += "<tr data-ticket=\"\(t.id)\"><td><a href=\"/tickets/\(t.id)\">\(NoticeDispatcher.number(t.id))</a></td><td>\(HTML.escape(organizations[t.organization]?.name ?? t.organization))</td>"
                    + "<td>\(HTML.escape(DashboardPage.measure(t.measure, lang)))</td><td>\(DashboardPage.pill(t.state, lang))</td><td class=\"num\">\(t.threats)</td>"
                    + "<td>\(DashboardPage.deadline(t, now: now, lang))</td></tr>"
            }
            if tickets.isEmpty { html += "<tr><td colspan=\"6\" class=\"muted\">\(lang.t("没有工单。", "No tickets."))</td></tr>" }
            html += "</tbody></table>"
            if tickets.count == 100, let last = tickets.last {
                var pairs: [(String, String?)] = ["state", "overdue", "organization"].map { ($0, q[Substring($0)].map(String.init)) }
                pairs.append(("cursor", String(last.id)))
                html += "<p class=\"pager\"><a href=\"/tickets\(HTML.escape(HTML.query(pairs)))\">\(lang.t("下一页 →", "Next page →"))</a></p>"
            }
            return layout.response(title: lang.t("处置工单", "Tickets"), body: html)
        }
        var counts: (byState: [TicketState: Int], overdue: Int)?
        if let scope = principal.narrow(province: nil, organization: nil) {
            counts = try await env.platform.ticketStates(province: scope.province, organization: scope.organization, at: now)
        }
        html += "<p class=\"muted\">\(lang.t("每列显示最新 30 张；红色为已超期，橙色为 24 小时内到期。", "Each column shows the newest 30; red is overdue, amber is due within 24 hours.")) "
            + "<a href=\"/tickets?overdue=true\" class=\"overdue\">\(lang.t("已超期", "Overdue")): \(counts?.overdue ?? 0)</a></p><div class=\"board\">"
        for state in Self.columns {
            let tickets = try await env.tickets(TicketFilter(states: [state], limit: 30), for: principal)
            html += "<section class=\"column\" data-state=\"\(state.rawValue)\"><h2><span>\(HTML.escape(DashboardPage.state(state, lang)))</span>"
                + "<a href=\"/tickets?state=\(state.rawValue)\">\(counts?.byState[state] ?? 0)</a></h2>"
            html += tickets.map(card).joined()
            html += "</section>"
        }
        html += "</div>"
        return layout.response(title: lang.t("处置工单", "Tickets"), body: html)
    }

    /// The ticket of the page, if the caller may see it (the API's rule); else 404.
    func visible(_ context: VigilRequestContext) async throws -> (Principal, Ticket) {
        try await TicketRoutes(env: env).visibleTicket(context)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, t) = try await visible(context)
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let now = env.clock()
        let ledger = env.ledger
        let org = env.engine.directory.organizations[t.organization]
        var html = DashboardPage.flash(request)
        html += "<h1>\(NoticeDispatcher.number(t.id)) · \(HTML.escape(org?.name ?? t.organization)) \(DashboardPage.pill(t.state, lang))</h1>"
        html += "<div class=\"grid cols-3\"><div class=\"card\"><h2>\(lang.t("工单", "Ticket"))</h2><dl class=\"facts\">"
            + "<dt>\(lang.t("措施", "Measure"))</dt><dd>\(HTML.escape(DashboardPage.measure(t.measure, lang)))</dd>"
            + "<dt>\(lang.t("级别", "Severity"))</dt><dd>\(HTML.escape(t.severity.rawValue))</dd>"
            + "<dt>\(lang.t("下发时间", "Issued"))</dt><dd>\(DashboardPage.time(t.issuedAt))</dd>"
            + "<dt>\(lang.t("处置期限", "Deadline"))</dt><dd>\(DashboardPage.deadline(t, now: now, lang))</dd>"
            + "<dt>\(lang.t("督办次数", "Escalations"))</dt><dd>\(t.escalations)</dd><dt>\(lang.t("重开次数", "Reopened"))</dt><dd>\(t.reopenings)</dd>"
            + (t.note.map { "<dt>\(lang.t("反馈", "Note"))</dt><dd>\(HTML.escape($0))</dd>" } ?? "")
            + (t.evidence.map { "<dt>\(lang.t("佐证", "Evidence"))</dt><dd>\(HTML.escape($0))</dd>" } ?? "") + "</dl></div>"
        html += "<div class=\"card\"><h2>\(lang.t("操作", "Actions"))</h2>\(actions(t, principal, context, lang))</div>"
        let extensions = try await ledger.extensions(ticket: t.id)
        html += "<div class=\"card\"><h2>\(lang.t("延期申请", "Extensions"))</h2>"
        html += extensions.isEmpty ? "<p class=\"muted\">—</p>" : "<ul>" + extensions.map {
            "<li>\($0.hours) h · \(HTML.escape($0.requestedBy)) · \(HTML.escape($0.reason)) · <strong>\(HTML.escape($0.state.rawValue))</strong></li>"
        }.joined() + "</ul>"
        html += "</div></div>"
        let threats = try await ledger.threats(onTicket: t.id)
        html += "<h2>\(lang.t("涉及威胁", "Threats"))</h2><table><thead><tr><th>\(lang.t("指标", "Indicator"))</th><th>\(lang.t("类型", "Kind"))</th>"
            + "<th>\(lang.t("状态", "State"))</th></tr></thead><tbody>"
        for th in threats {
            html += "<tr><td class=\"mono\"><a href=\"/threats/\(th.threat)\">\(HTML.escape(th.indicator))</a></td><td>\(HTML.escape(DashboardPage.kind(th.kind, lang)))</td>"
                + "<td>\(th.removed ? lang.t("已移出", "removed") : lang.t("在办", "on the ticket"))</td></tr>"
        }
        html += "</tbody></table>"
        let rechecks = try await ProbeLedger(env.store).rechecks(ticket: t.id)
        if !rechecks.isEmpty {
            html += "<h2>\(lang.t("复核 (探测)", "Re-checks (probes)"))</h2><table data-rechecks=\"\(rechecks.count)\"><thead><tr><th>\(lang.t("轮次", "Round"))</th>"
                + "<th>\(lang.t("探测", "Probe"))</th><th>\(lang.t("目标", "Target"))</th><th class=\"num\">\(lang.t("次数", "Attempts"))</th><th>\(lang.t("结论", "Verdict"))</th></tr></thead><tbody>"
            for r in rechecks {
                let stillThere = r.verdict == "stillPresent"
                html += "<tr><td>\(r.round + 1)</td><td>\(HTML.escape(r.probe))</td><td class=\"mono\">\(HTML.escape(r.target))</td><td class=\"num\">\(r.attempts)</td>"
                    + "<td class=\"\(stillThere ? "overdue" : "")\">\(HTML.escape(r.verdict ?? lang.t("进行中，下次 ", "pending, next ") + DashboardPage.time(r.dueAt)))</td></tr>"
            }
            html += "</tbody></table>"
        }
        let notices = try await ledger.notices(ticket: t.id)
        html += "<h2>\(lang.t("通知", "Notices"))</h2><table><thead><tr><th>\(lang.t("用途", "Purpose"))</th><th>\(lang.t("渠道", "Channel"))</th>"
            + "<th>\(lang.t("收件方", "Recipient"))</th><th>\(lang.t("状态", "State"))</th><th class=\"num\">\(lang.t("尝试", "Attempts"))</th></tr></thead><tbody>"
        for n in notices {
            html += "<tr><td>\(HTML.escape(n.purpose))</td><td>\(HTML.escape(n.channel.rawValue))</td><td class=\"mono\">\(HTML.escape(n.recipient))</td>"
                + "<td>\(HTML.escape(n.state.rawValue))</td><td class=\"num\">\(n.attempts)</td></tr>"
        }
        html += "</tbody></table>"
        let audit = try await ledger.auditLog("ticket", String(t.id))
        html += "<h2>\(lang.t("办理记录", "Trail"))</h2><table><thead><tr><th>\(lang.t("时间", "When"))</th><th>\(lang.t("人员", "Who"))</th>"
            + "<th>\(lang.t("动作", "What"))</th><th>\(lang.t("状态变化", "Change"))</th><th>\(lang.t("说明", "Detail"))</th></tr></thead><tbody>"
        for e in audit {
            html += "<tr><td>\(DashboardPage.time(e.at))</td><td>\(HTML.escape(e.actor))</td><td>\(HTML.escape(e.action))</td>"
                + "<td>\(HTML.escape(e.fromState ?? "")) → \(HTML.escape(e.toState ?? ""))</td><td>\(HTML.escape(e.detail ?? ""))</td></tr>"
        }
        html += "</tbody></table>"
        return layout.response(title: "\(NoticeDispatcher.number(t.id))", body: html)
    }

    /// The action forms this caller may use on this ticket in its state.
    func actions(_ t: Ticket, _ p: Principal, _ context: VigilRequestContext, _ lang: Language) -> String {
        func form(_ action: TicketAction, _ fields: String, _ label: String, style: String = "", confirm: String? = nil) -> String {
            guard action.roles.contains(p.role) else { return "" }
            return "<form class=\"action\" method=\"post\" action=\"/tickets/\(t.id)/action\"\(confirm.map { " data-confirm=\"\(HTML.escape($0))\"" } ?? "")>"
                + DashboardPage.csrf(context) + "<input type=\"hidden\" name=\"action\" value=\"\(action.rawValue)\">\(fields)"
                + "<button type=\"submit\"\(style.isEmpty ? "" : " class=\"\(style)\"")>\(HTML.escape(label))</button></form>"
        }
        let reason = "<input name=\"reason\" required placeholder=\"\(lang.t("理由", "Reason"))\">"
        var html = ""
        switch t.state {
        case .issued, .reopened, .acknowledged:
            if t.state != .acknowledged { html += form(.acknowledge, "", lang.t("签收", "Acknowledge")) }
            html += form(.done, "<input name=\"note\" required placeholder=\"\(lang.t("处置情况", "What was done"))\"><input name=\"evidence\" placeholder=\"\(lang.t("佐证（可选）", "Evidence (optional)"))\">",
                         lang.t("反馈处置完成", "Report done"))
            html += form(.extension, "<input name=\"hours\" type=\"number\" min=\"1\" max=\"720\" required placeholder=\"\(lang.t("小时", "hours"))\">" + reason, lang.t("申请延期", "Ask for time"))
            html += form(.appeal, reason, lang.t("申诉", "Appeal"), style: "secondary", confirm: lang.t("申诉将把本工单的威胁提交复核，确定吗？", "Appeal every threat of this ticket?"))
            html += form(.extensionDecision, "<select name=\"grant\"><option value=\"true\">\(lang.t("批准", "grant"))</option><option value=\"false\">\(lang.t("驳回", "deny"))</option></select>" + reason,
                         lang.t("审批延期", "Decide extension"), style: "secondary")
            html += form(.escalate, reason, lang.t("督办升级", "Escalate"), style: "danger", confirm: lang.t("确定升级督办？", "Escalate now?"))
        case .reportedDone:
            html += form(.verify, "<select name=\"fixed\"><option value=\"true\">\(lang.t("复核通过", "fixed"))</option><option value=\"false\">\(lang.t("仍存在", "still present"))</option></select>"
                         + "<input name=\"note\" placeholder=\"\(lang.t("复核说明", "Note"))\">", lang.t("记录复核结果", "Record re-check"))
        case .verified:
            html += form(.close, "", lang.t("关闭工单", "Close"))
        case .closed, .withdrawn:
            break
        }
        return html.isEmpty ? "<p class=\"muted\">\(lang.t("当前状态下无可用操作。", "No action in this state."))</p>" : html
    }

    func act(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, t) = try await visible(context)
        let form = try await FormBody.parse(request)
        try DashboardRoutes.checkCSRF(form["csrf"], context)
        let lang = Language.of(request)
        guard let action = form["action"].flatMap(TicketAction.init(rawValue:)) else {
            return Response.redirect(to: "/tickets/\(t.id)" + HTML.query([("error", lang.t("未知操作。", "Unknown action."))]), type: .normal)
        }
        let fields = TicketAction.Fields(note: form["note"], evidence: form["evidence"], reason: form["reason"], hours: form["hours"].flatMap { Int($0) },
                                         grant: form["grant"].map { $0 == "true" }, fixed: form["fixed"].map { $0 == "true" })
        do {
            _ = try await action.perform(on: t, by: principal, fields, env: env)
        } catch let error as APIError {
            return Response.redirect(to: "/tickets/\(t.id)" + HTML.query([("error", error.message)]), type: .normal)
        }
        return Response.redirect(to: "/tickets/\(t.id)" + HTML.query([("ok", lang.t("已办理。", "Done."))]), type: .normal)
    }
}
