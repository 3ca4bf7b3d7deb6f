import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// The overview (态势概览): new threats by category in the period against the period before, the daily trend, the
/// province tile map, operators, top kinds, and tickets by state — all for the caller's part of the data.
struct OverviewPage {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("") { request, context in try await render(request, context) }
    }

    func render(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        if principal.role == .reporter { return Response.redirect(to: "/batches", type: .normal) }
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        guard let scope = principal.narrow(province: nil, organization: nil) else { return Response.redirect(to: "/batches", type: .normal) }
        let days = Int64(request.uri.queryParameters["days"].flatMap { Int($0) }.map { min(max($0, 1), 366) } ?? 30)
        let now = env.clock()
        let today = ThreatDay.of(now)
        let stats = try await env.platform.statistics(province: scope.province, organization: scope.organization)
        let daily = try await env.platform.daily(from: today - 2 * days + 1, to: today, province: scope.province, organization: scope.organization)
        let tickets = try await env.platform.ticketStates(province: scope.province, organization: scope.organization, at: now)

        var current: [ThreatCategory: Int] = [:], previous: [ThreatCategory: Int] = [:]
        var byDay: [ThreatCategory: [Int]] = [:]
        for c in ThreatCategory.allCases { byDay[c] = Array(repeating: 0, count: Int(days)) }
        for d in daily {
            if d.day > today - days {
                current[d.kind.category, default: 0] += d.threats
                byDay[d.kind.category]?[Int(d.day - (today - days + 1))] += d.threats
            } else {
                previous[d.kind.category, default: 0] += d.threats
            }
        }
        var html = "<h1>\(lang.t("态势概览", "Overview"))\(scopeNote(principal, lang))</h1>"
        html += "<form class=\"filters\" method=\"get\" action=\"/\"><label>\(lang.t("统计周期", "Period"))</label>"
            + DashboardPage.select("days", [("7", lang.t("近 7 天", "last 7 days")), ("30", lang.t("近 30 天", "last 30 days")), ("90", lang.t("近 90 天", "last 90 days"))],
                                   current: String(days), any: lang.t("近 30 天", "last 30 days"))
            + "<button type=\"submit\" class=\"secondary\">\(lang.t("查看", "Show"))</button></form>"

        html += "<div class=\"grid cols-5\">"
        for c in ThreatCategory.allCases {
            let now = current[c] ?? 0, before = previous[c] ?? 0
            html += "<div class=\"card stat\" data-category=\"\(c.rawValue)\"><div class=\"label\">\(HTML.escape(DashboardPage.category(c, lang)))</div>"
                + "<div class=\"value\">\(HTML.escape(lang.count(now)))</div><div class=\"\(trendClass(now, before))\">\(change(now, before, lang))</div>"
                + "<div class=\"muted\">\(lang.t("累计", "all time")) \(HTML.escape(lang.count(stats.byCategory[c] ?? 0)))</div></div>"
        }
        html += "</div>"

        let first = DashboardPage.day(today - days + 1), last = DashboardPage.day(today)
        let trend = SVGChart.lines(ThreatCategory.allCases.map { (DashboardPage.category($0, lang), byDay[$0] ?? []) }, from: first, to: last,
                                   title: lang.t("每日新增威胁", "New threats per day"))
        html += "<div class=\"grid cols-2\"><div class=\"card\"><h2>\(lang.t("每日新增威胁趋势", "New threats per day"))</h2>\(trend)</div>"
        html += "<div class=\"card\"><h2>\(lang.t("处置工单", "Tickets"))</h2><table><tbody>"
        for s in TicketState.allCases {
            html += "<tr><td>\(DashboardPage.pill(s, lang))</td><td class=\"num\"><a href=\"/tickets?state=\(s.rawValue)\">\(tickets.byState[s] ?? 0)</a></td></tr>"
        }
        html += "<tr><td class=\"overdue\">\(lang.t("已超期", "Overdue"))</td><td class=\"num overdue\"><a href=\"/tickets?overdue=true\" data-overdue=\"\(tickets.overdue)\">\(tickets.overdue)</a></td></tr>"
        html += "</tbody></table></div></div>"

        let map = ProvinceTileMap.render(stats.byProvince, lang: lang, title: lang.t("各省威胁分布", "Threats by province")) { "/threats?province=\($0)" }
        let operators = stats.byOperator.filter { $0.value > 0 }.sorted { $0.value > $1.value }.map { (DashboardPage.networkOperator($0.key, lang), $0.value) }
        let opChart = SVGChart.bars(operators, title: lang.t("各运营商威胁数", "Threats by operator")) { lang.count($0) }
        html += "<div class=\"grid cols-2\"><div class=\"card\"><h2>\(lang.t("各省威胁分布", "Threats by province"))</h2>\(map)</div>"
        html += "<div><div class=\"card\"><h2>\(lang.t("运营商", "Operators"))</h2>\(opChart)</div>"
        html += "<div class=\"card\"><h2>\(lang.t("主要威胁类型", "Top kinds"))</h2><table><thead><tr><th>\(lang.t("类型", "Kind"))</th><th>\(lang.t("类别", "Category"))</th>"
            + "<th class=\"num\">\(lang.t("数量", "Threats"))</th></tr></thead><tbody>"
        for (kind, n) in stats.byKind.sorted(by: { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }).prefix(10) {
            html += "<tr><td><a href=\"/threats?kind=\(kind.rawValue)\">\(HTML.escape(DashboardPage.kind(kind, lang)))</a></td>"
                + "<td>\(HTML.escape(DashboardPage.category(kind.category, lang)))</td><td class=\"num\">\(HTML.escape(lang.count(n)))</td></tr>"
        }
        html += "</tbody></table></div></div></div>"
        html += "<p class=\"muted\">\(lang.t("威胁总数", "Threats in total")): <strong data-total=\"\(stats.total)\">\(HTML.escape(lang.count(stats.total)))</strong> · "
            + "\(lang.t("按北京时间统计首次发现日期", "days counted in Beijing time, by first sighting"))</p>"
        return layout.response(title: lang.t("态势概览", "Overview"), body: html)
    }

    func scopeNote(_ p: Principal, _ lang: Language) -> String {
        switch p.role {
        case .province: " · " + HTML.escape(lang.province(p.province))
        case .organization: " · " + HTML.escape(env.engine.directory.organizations[p.organization ?? ""]?.name ?? p.organization ?? "")
        default: lang.t(" · 全国", " · nationwide")
        }
    }

    func trendClass(_ now: Int, _ before: Int) -> String { now > before ? "up" : now < before ? "down" : "flat" }

    /// The change against the period before: `环比 +12.5%`, or new.
    func change(_ now: Int, _ before: Int, _ lang: Language) -> String {
        let label = lang.t("环比", "vs previous")
        guard before > 0 else { return now > 0 ? "\(label) \(lang.t("新增", "new"))" : "\(label) —" }
        let pct = (Double(now - before) / Double(before) * 1000).rounded() / 10
        return "\(label) \(pct > 0 ? "▲ +" : pct < 0 ? "▼ " : "")\(Language.trim(pct))%"
    }
}
