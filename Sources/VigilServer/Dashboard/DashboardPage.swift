import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// What the dashboard's pages share: the frame, names in the page's language, and small HTML pieces.
enum DashboardPage {
    static func layout(_ request: Request, _ context: VigilRequestContext) -> DashboardLayout {
        DashboardLayout(lang: Language.of(request), principal: context.principal, csrf: context.csrf, path: request.uri.path)
    }

    static func kind(_ kind: ThreatKind, _ lang: Language) -> String { lang == .zh ? kind.chineseName : kind.englishName }
    static func category(_ c: ThreatCategory, _ lang: Language) -> String { lang == .zh ? c.chineseName : c.englishName }
    static func networkOperator(_ op: NetworkOperator, _ lang: Language) -> String { lang == .zh ? op.chineseName : op.englishName }
    static func measure(_ m: Measure, _ lang: Language) -> String { lang == .zh ? m.chineseName : m.rawValue }

    static func state(_ s: TicketState, _ lang: Language) -> String {
        switch s {
        case .issued: lang.t("已下发", "issued")
        case .acknowledged: lang.t("已签收", "acknowledged")
        case .reportedDone: lang.t("已反馈处置", "reported done")
        case .verified: lang.t("已复核", "verified")
        case .closed: lang.t("已关闭", "closed")
        case .reopened: lang.t("已重开", "reopened")
        case .withdrawn: lang.t("已撤回", "withdrawn")
        }
    }

    static func decision(_ d: Determination.Decision, _ lang: Language) -> String {
        switch d {
        case .confirmed: lang.t("已认定", "confirmed")
        case .rejected: lang.t("已排除", "rejected")
        case .needsReview: lang.t("待复核", "needs review")
        }
    }

    /// A time in Beijing time, as the dashboard shows every time (`2026-11-27 16:05`).
    static func time(_ seconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds + ThreatDay.offset))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A day number as a date (`2026-11-27`).
    static func day(_ day: Int64) -> String { String(time(ThreatDay.start(day)).prefix(10)) }

    /// A deadline with its urgency: overdue, due within a day, or not yet.
    static func deadline(_ t: Ticket, now: Int64, _ lang: Language) -> String {
        if t.isOverdue(at: now) {
            return "<span class=\"overdue\">\(time(t.deadline)) · \(lang.t("已超期", "overdue"))</span>"
        }
        if t.state.isOpen && t.deadline - now < 86_400 {
            return "<span class=\"soon\">\(time(t.deadline)) · \(lang.t("即将到期", "due soon"))</span>"
        }
        return time(t.deadline)
    }

    static func pill(_ s: TicketState, _ lang: Language) -> String {
        "<span class=\"pill \(s.rawValue)\">\(HTML.escape(state(s, lang)))</span>"
    }

    /// A select of options with the current one chosen.
    static func select(_ name: String, _ options: [(value: String, label: String)], current: String?, any: String) -> String {
        var html = "<select name=\"\(name)\"><option value=\"\">\(HTML.escape(any))</option>"
        for o in options {
            html += "<option value=\"\(HTML.escape(o.value))\"\(o.value == current ? " selected" : "")>\(HTML.escape(o.label))</option>"
        }
        return html + "</select>"
    }

    /// The notice after a form post (`?ok=` or `?error=` in the redirect).
    static func flash(_ request: Request) -> String {
        if let ok = request.uri.queryParameters["ok"] { return "<div class=\"notice ok\">\(HTML.escape(ok))</div>" }
        if let error = request.uri.queryParameters["error"] { return "<div class=\"notice error\">\(HTML.escape(error))</div>" }
        return ""
    }

    /// A hidden CSRF field for the session's forms.
    static func csrf(_ context: VigilRequestContext) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(context.csrf ?? ""))\">"
    }
}

/// Turns errors on dashboard pages into an HTML page in the page's language (the API keeps its JSON errors).
struct DashboardErrorMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            let layout = DashboardPage.layout(request, context)
            let title = error.status == .notFound ? layout.lang.t("未找到", "Not found") : layout.lang.t("无法完成", "Not done")
            return layout.response(title: title, body: "<h1>\(title)</h1><div class=\"notice error\">\(HTML.escape(error.message))</div>"
                + "<p><a href=\"/\">\(layout.lang.t("返回概览", "Back to the overview"))</a></p>", status: error.status)
        }
    }
}
