import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Threat search and detail, the review queue, and a person's decision on a threat.
struct ThreatPages {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("threats") { request, context in try await search(request, context) }
        group.get("threats/:id") { request, context in try await detail(request, context) }
        group.post("threats/:id/decide") { request, context in try await decide(request, context) }
        group.get("review") { request, context in try await review(request, context) }
    }

    func search(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let q = request.uri.queryParameters
        var filter = ThreatFilter(limit: 50)
        filter.kind = q["kind"].flatMap { ThreatKind(wireName: String($0)) }
        filter.category = q["category"].flatMap { ThreatCategory(rawValue: String($0)) }
        filter.provinceCode = q["province"].flatMap { Int($0) }
        filter.networkOperator = q["operator"].flatMap { NetworkOperator(rawValue: String($0)) }
        if let cursor = q["cursor"] {
            let parts = cursor.split(separator: "_")
            if parts.count == 2, let seen = Int64(parts[0]), let id = ThreatID(hex: String(parts[1])) { filter.after = (seen, id) }
        }
        let text = q["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        var threats: [Threat] = []
        var next: String?
        if let scoped = filter.scoped(to: principal) {
            if !text.isEmpty {
                threats = try await ThreatSearch.indicator(env.store, text, scoped)
            } else {
                threats = try await env.store.latestThreats(matching: scoped)
                if threats.count == scoped.limit, let last = threats.last { next = "\(last.lastSeen)_\(last.id)" }
            }
        }
        var html = "<h1>\(lang.t("威胁检索", "Threat search"))</h1>"
        html += "<form class=\"filters\" method=\"get\" action=\"/threats\">"
            + "<input name=\"q\" value=\"\(HTML.escape(text))\" placeholder=\"\(lang.t("IP、域名、URL、邮箱、哈希", "IP, domain, URL, e-mail, hash"))\" size=\"28\">"
            + DashboardPage.select("category", ThreatCategory.allCases.map { ($0.rawValue, DashboardPage.category($0, lang)) }, current: filter.category?.rawValue, any: lang.t("全部类别", "all categories"))
            + DashboardPage.select("kind", ThreatKind.allCases.map { ($0.rawValue, DashboardPage.kind($0, lang)) }, current: filter.kind?.rawValue, any: lang.t("全部类型", "all kinds"))
            + DashboardPage.select("province", ProvinceCatalog.all.map { (String($0.code), lang == .zh ? $0.shortName : $0.englishName) },
                                   current: filter.provinceCode.map(String.init), any: lang.t("全部省份", "all provinces"))
            + DashboardPage.select("operator", NetworkOperator.allCases.map { ($0.rawValue, DashboardPage.networkOperator($0, lang)) }, current: filter.networkOperator?.rawValue,
                                   any: lang.t("全部运营商", "all operators"))
            + "<button type=\"submit\">\(lang.t("检索", "Search"))</button></form>"
        html += "<table><thead><tr><th>\(lang.t("指标", "Indicator"))</th><th>\(lang.t("类型", "Kind"))</th><th>\(lang.t("省份", "Province"))</th>"
            + "<th>\(lang.t("运营商", "Operator"))</th><th>\(lang.t("责任单位", "Responsible"))</th><th class=\"num\">\(lang.t("来源", "Sources"))</th>"
            + "<th>\(lang.t("最近发现", "Last seen"))</th></tr></thead><tbody>"
        for t in threats {
            html += "<tr><td class=\"mono\"><a href=\"/threats/\(t.id)\">\(HTML.escape(t.indicator.value))</a></td><td>\(HTML.escape(DashboardPage.kind(t.kind, lang)))</td>"
                + "<td>\(HTML.escape(lang.province(t.attribution.provinceCode)))</td>"
                + "<td>\(HTML.escape(DashboardPage.networkOperator(t.attribution.networkOperator, lang)))</td>"
                + "<td>\(HTML.escape(t.attribution.organizationName ?? t.attribution.organizationID ?? "—"))</td><td class=\"num\">\(t.sources)</td>"
                + "<td>\(DashboardPage.time(t.lastSeen))</td></tr>"
        }
        if threats.isEmpty { html += "<tr><td colspan=\"7\" class=\"muted\">\(lang.t("没有符合条件的威胁。", "No threats match."))</td></tr>" }
        html += "</tbody></table>"
        if let next {
            var pairs: [(String, String?)] = ["q", "category", "kind", "province", "operator"].map { ($0, q[Substring($0)].map(String.init)) }
            pairs.append(("cursor", next))
            html += "<p class=\"pager\"><a href=\"/threats\(HTML.escape(HTML.query(pairs)))\">\(lang.t("下一页 →", "Next page →"))</a></p>"
        }
        return layout.response(title: lang.t("威胁检索", "Threat search"), body: html)
    }

    /// The threat of the page, if the caller may see it (the API's rule); else 404.
    func visible(_ context: VigilRequestContext) async throws -> (Principal, Threat) {
        try await ThreatRoutes(env: env).visibleThreat(context)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, t) = try await visible(context)
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let ledger = env.ledger
        let determination = try await ledger.determination(of: t.id)
        let ticket = try await ledger.openTicket(of: t.id)
        let appeals = try await ledger.appeals(threat: t.id)
        let sightings = try await env.store.sightings(of: t.id, limit: 200)
        let a = t.attribution
        var html = DashboardPage.flash(request)
        html += "<h1>\(HTML.escape(DashboardPage.kind(t.kind, lang))) · <span class=\"mono\">\(HTML.escape(t.indicator.value))</span></h1>"
        html += "<div class=\"grid cols-3\"><div class=\"card\"><h2>\(lang.t("基本信息", "Facts"))</h2><dl class=\"facts\">"
            + "<dt>\(lang.t("威胁编号", "Threat id"))</dt><dd class=\"mono\">\(t.id)</dd>"
            + "<dt>\(lang.t("类别", "Category"))</dt><dd>\(HTML.escape(DashboardPage.category(t.category, lang)))</dd>"
            + "<dt>\(lang.t("首次发现", "First seen"))</dt><dd>\(DashboardPage.time(t.firstSeen))</dd>"
            + "<dt>\(lang.t("最近发现", "Last seen"))</dt><dd>\(DashboardPage.time(t.lastSeen))</dd>"
            + "<dt>\(lang.t("发现次数", "Sightings"))</dt><dd>\(t.sightings)</dd><dt>\(lang.t("来源数", "Sources"))</dt><dd>\(t.sources)</dd></dl></div>"
        html += "<div class=\"card\"><h2>\(lang.t("归属", "Attribution"))</h2><dl class=\"facts\">"
            + "<dt>\(lang.t("国家/地区", "Country"))</dt><dd>\(HTML.escape(a.countryCode ?? "—"))</dd>"
            + "<dt>\(lang.t("省份", "Province"))</dt><dd>\(HTML.escape(lang.province(a.provinceCode)))</dd>"
            + "<dt>\(lang.t("城市", "City"))</dt><dd>\(HTML.escape(a.city ?? "—"))</dd>"
            + "<dt>\(lang.t("运营商", "Operator"))</dt><dd>\(HTML.escape(DashboardPage.networkOperator(a.networkOperator, lang)))</dd>"
            + "<dt>ASN</dt><dd>\(a.asn.map { "AS\($0)" } ?? "—")</dd>"
            + "<dt>\(lang.t("责任单位", "Responsible"))</dt><dd>\(a.organizationID.map { "<a href=\"/organizations/\(HTML.escape(HTML.percent($0)))\">\(HTML.escape(a.organizationName ?? $0))</a>" } ?? "—")</dd></dl></div>"
        html += "<div class=\"card\"><h2>\(lang.t("认定", "Determination"))</h2>"
        if let d = determination {
            html += "<dl class=\"facts\"><dt>\(lang.t("结论", "Decision"))</dt><dd>\(HTML.escape(DashboardPage.decision(d.determination.decision, lang)))</dd>"
                + "<dt>\(lang.t("规则", "Rule"))</dt><dd>\(HTML.escape(d.determination.rule.rawValue))</dd>"
                + "<dt>\(lang.t("依据", "Evidence"))</dt><dd>\(d.determination.evidence.map { HTML.escape($0) }.joined(separator: "<br>"))</dd>"
                + "<dt>\(lang.t("认定人", "By"))</dt><dd>\(HTML.escape(d.determination.decidedBy)) · \(DashboardPage.time(d.decidedAt))</dd>"
                + (d.reason.map { "<dt>\(lang.t("理由", "Reason"))</dt><dd>\(HTML.escape($0))</dd>" } ?? "") + "</dl>"
        } else {
            html += "<p class=\"muted\">\(lang.t("尚未认定。", "Not determined yet."))</p>"
        }
        if let ticket { html += "<p>\(lang.t("处置工单", "Ticket")): <a href=\"/tickets/\(ticket)\">\(NoticeDispatcher.number(ticket))</a></p>" }
        if [.ministry, .province].contains(principal.role) {
            html += "<form class=\"action\" method=\"post\" action=\"/threats/\(t.id)/decide\">\(DashboardPage.csrf(context))"
                + "<input name=\"reason\" required placeholder=\"\(lang.t("理由（记入审计日志）", "Reason (for the audit log)"))\" size=\"30\">"
                + "<button name=\"decision\" value=\"confirm\" type=\"submit\">\(lang.t("认定", "Confirm"))</button>"
                + "<button name=\"decision\" value=\"reject\" type=\"submit\" class=\"danger\">\(lang.t("排除误报", "Reject"))</button></form>"
        }
        html += "</div></div>"
        if !appeals.isEmpty {
            html += "<h2>\(lang.t("申诉", "Appeals"))</h2><table><thead><tr><th>#</th><th>\(lang.t("申诉方", "Filed by"))</th><th>\(lang.t("理由", "Reason"))</th>"
                + "<th>\(lang.t("状态", "State"))</th><th>\(lang.t("时间", "Filed"))</th></tr></thead><tbody>"
            for ap in appeals {
                html += "<tr><td>\(ap.id)</td><td>\(HTML.escape(ap.filedBy))</td><td>\(HTML.escape(ap.reason))</td><td>\(HTML.escape(ap.state.rawValue))</td>"
                    + "<td>\(DashboardPage.time(ap.filedAt))</td></tr>"
            }
            html += "</tbody></table>"
        }
        html += "<h2>\(lang.t("发现记录", "Sightings"))</h2><table><thead><tr><th>\(lang.t("时间", "Seen"))</th><th>\(lang.t("来源编号", "Source"))</th>"
            + "<th>\(lang.t("批次", "Batch"))</th><th>\(lang.t("行", "Row"))</th></tr></thead><tbody>"
        for s in sightings {
            html += "<tr><td>\(DashboardPage.time(s.seenAt))</td><td>\(s.sourceID)</td><td><a href=\"/batches/\(s.batchID)\">\(s.batchID)</a></td><td>\(s.row)</td></tr>"
        }
        html += "</tbody></table>"
        return layout.response(title: t.indicator.value, body: html)
    }

    func decide(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, t) = try await visible(context)
        let form = try await FormBody.parse(request)
        try DashboardRoutes.checkCSRF(form["csrf"], context)
        try RouteSupport.require(principal, [.ministry, .province], to: "decide on a threat")
        let lang = Language.of(request)
        guard let decision = form["decision"], ["confirm", "reject"].contains(decision), let reason = form["reason"] else {
            return Response.redirect(to: "/threats/\(t.id)" + HTML.query([("error", lang.t("请选择结论并填写理由。", "Choose a decision and give a reason."))]), type: .normal)
        }
        do {
            _ = try await RouteSupport.explain { try await env.ledger.decide(t.id, confirm: decision == "confirm", reason: reason, by: principal.name, at: env.clock()) }
        } catch let error as APIError {
            return Response.redirect(to: "/threats/\(t.id)" + HTML.query([("error", error.message)]), type: .normal)
        }
        return Response.redirect(to: "/threats/\(t.id)" + HTML.query([("ok", lang.t("已记录认定。", "Decision recorded."))]), type: .normal)
    }

    func review(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor, .province], to: "read the review queue")
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let after = request.uri.queryParameters["cursor"].flatMap { ReviewItem.Cursor(String($0)) }
        let scope = principal.narrow(province: nil, organization: nil)
        let items = scope == nil ? [] : try await env.ledger.reviewQueue(province: scope?.province, after: after, limit: 100)
        var html = "<h1>\(lang.t("复核队列", "Review queue"))</h1><p class=\"muted\">\(lang.t("申诉优先，其次为规则未能认定的威胁。", "Appeals first, then threats no rule decided."))</p>"
        html += "<table><thead><tr><th>\(lang.t("指标", "Indicator"))</th><th>\(lang.t("类型", "Kind"))</th><th>\(lang.t("省份", "Province"))</th>"
            + "<th>\(lang.t("责任单位", "Responsible"))</th><th>\(lang.t("原因", "Why"))</th></tr></thead><tbody>"
        for item in items {
            let why = item.appeal.map { lang.t("申诉", "Appeal") + " #\($0.id) · \(HTML.escape($0.filedBy)): \(HTML.escape($0.reason))" }
                ?? item.determination.determination.evidence.map { HTML.escape($0) }.joined(separator: "; ")
            html += "<tr><td class=\"mono\"><a href=\"/threats/\(item.threat)\">\(HTML.escape(item.indicator))</a></td><td>\(HTML.escape(DashboardPage.kind(item.kind, lang)))</td>"
                + "<td>\(HTML.escape(lang.province(item.province)))</td><td>\(HTML.escape(item.organization ?? "—"))</td><td>\(why)</td></tr>"
        }
        if items.isEmpty { html += "<tr><td colspan=\"5\" class=\"muted\">\(lang.t("复核队列为空。", "The review queue is empty."))</td></tr>" }
        html += "</tbody></table>"
        if items.count == 100, let last = items.last {
            html += "<p class=\"pager\"><a href=\"/review\(HTML.escape(HTML.query([("cursor", last.cursor.description)])))\">\(lang.t("下一页 →", "Next page →"))</a></p>"
        }
        return layout.response(title: lang.t("复核队列", "Review queue"), body: html)
    }
}
