import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilPublish
import VigilStore

/// The situation report (态势报告) in the dashboard, for the ministry and auditors: a period picker and the report of
/// the chosen quarter, month or range in the page's language, with downloads as Markdown, self-contained HTML and
/// JSON. The same report `vigil report` writes.
struct ReportPage {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("report") { request, context in try await page(request, context) }
        group.get("report/download") { request, context in try await download(request, context) }
    }

    /// The period of `?period=` (2026Q4, 2026-11 or 2026-10-01..2026-10-31); the current quarter when absent.
    func period(_ request: Request) throws -> ReportPeriod {
        guard let text = request.uri.queryParameters["period"].map(String.init), !text.isEmpty else {
            return .quarter(containing: ThreatDay.of(env.clock()))
        }
        do {
            return try .parse(text)
        } catch {
            throw HTTPError(.badRequest, message: "\(error)")
        }
    }

    func report(_ request: Request, _ context: VigilRequestContext) async throws -> (ReportPeriod, SituationReport) {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read the situation report")
        let period = try period(request)
        return (period, try await SituationReport.build(env.store, period: period, settings: env.report, at: env.clock()))
    }

    func page(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (period, report) = try await report(request, context)
        let layout = DashboardPage.layout(request, context)
        let lang = layout.lang
        let today = ReportPeriod.date(ThreatDay.of(env.clock()))
        var quarter = (year: today.year, q: (today.month - 1) / 3 + 1)
        var options = ""
        for _ in 0..<8 {
            let label = "\(quarter.year)Q\(quarter.q)"
            options += "<option value=\"\(label)\"\(label == period.label ? " selected" : "")>\(HTML.escape(ReportPeriod.quarter(quarter.year, quarter.q).title(lang)))</option>"
            quarter = quarter.q == 1 ? (quarter.year - 1, 4) : (quarter.year, quarter.q - 1)
        }
        let query = { (format: String) in HTML.escape("/report/download" + HTML.query([("period", period.label), ("format", format), ("lang", lang.rawValue)])) }
        var html = "<form class=\"filters\" method=\"get\" action=\"/report\"><label>\(lang.t("季度", "Quarter")) <select name=\"period\">\(options)</select></label>"
            + "<button type=\"submit\">\(lang.t("生成", "Show"))</button></form>"
            + "<form class=\"filters\" method=\"get\" action=\"/report\"><label>\(lang.t("或月份、时段", "Or a month or days"))"
            + " <input name=\"period\" placeholder=\"2026-11 / 2026-10-01..2026-10-31\" value=\"\(HTML.escape(period.label))\"></label>"
            + "<button type=\"submit\">\(lang.t("生成", "Show"))</button></form>"
            + "<p class=\"muted\">\(lang.t("下载", "Download")): <a href=\"\(query("md"))\">Markdown</a> · <a href=\"\(query("html"))\">HTML</a> · <a href=\"\(query("json"))\">JSON</a></p>"
        html += "<article class=\"report\" data-period=\"\(HTML.escape(period.label))\" data-monitored=\"\(report.current.monitored)\" data-disposed=\"\(report.current.disposed)\">"
            + ReportRenderer.fragment(ReportWriter(report, lang: lang).document()) + "</article>"
        return layout.response(title: lang.t("态势报告", "Situation report"), body: html)
    }

    func download(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (period, report) = try await report(request, context)
        let lang = Language.of(request)
        let asked = request.uri.queryParameters["format"].map(String.init) ?? "html"
        let (text, type): (String, String)
        switch ReportFormat(rawValue: asked) {
        case .md: (text, type) = (ReportRenderer.markdown(ReportWriter(report, lang: lang).document()), "text/markdown; charset=utf-8")
        case .html: (text, type) = (ReportRenderer.html(ReportWriter(report, lang: lang).document()), "text/html; charset=utf-8")
        case .json: (text, type) = (try report.json(), "application/json; charset=utf-8")
        case .pdf, nil: throw HTTPError(.badRequest, message: "format is md, html or json")
        }
        let name = "vigil-report-\(period.label.replacingOccurrences(of: "..", with: "_"))-\(lang.rawValue).\(asked)"
        return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
