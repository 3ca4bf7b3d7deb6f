import Foundation
import Hummingbird
import NIOCore
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish

/// The frame of every dashboard page: the top bar with the sections the caller's role may open, the language switch
/// and the logout form; the page's own HTML in `main`.
struct DashboardLayout {
    let lang: Language
    let principal: Principal?
    let csrf: String?
    /// The path of the page, to mark its section and to switch language on it.
    let path: String

    /// The sections, with the roles that see them.
    static let sections: [(path: String, zh: String, en: String, roles: Set<Role>)] = [
        ("/", "态势概览", "Overview", [.ministry, .auditor, .province, .organization]),
        ("/threats", "威胁", "Threats", [.ministry, .auditor, .province, .organization]),
        ("/review", "复核", "Review", [.ministry, .auditor, .province]),
        ("/tickets", "处置工单", "Tickets", [.ministry, .auditor, .province, .organization]),
        ("/organizations", "单位", "Organizations", [.ministry, .auditor, .province, .organization]),
        ("/batches", "报送批次", "Batches", [.ministry, .auditor, .province, .organization, .reporter]),
        ("/watches", "重大活动保障", "Watches", [.ministry, .auditor]),
        ("/report", "态势报告", "Report", [.ministry, .auditor]),
        ("/audit", "审计日志", "Audit log", [.ministry, .auditor]),
    ]

    /// The whole page.
    func render(title: String, body: String) -> String {
        var nav = ""
        if let principal {
            for s in Self.sections where s.roles.contains(principal.role) {
                let active = s.path == "/" ? path == "/" : path.hasPrefix(s.path)
                nav += "<a href=\"\(s.path)\"\(active ? " class=\"active\"" : "")>\(HTML.escape(lang.t(s.zh, s.en)))</a>"
            }
        }
        var who = ""
        if let principal {
            who = "<span>\(HTML.escape(principal.name)) · \(HTML.escape(Self.roleName(principal.role, lang)))</span>"
                + "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(csrf ?? ""))\">"
                + "<button type=\"submit\">\(lang.t("退出", "Log out"))</button></form>"
        }
        let other: Language = lang == .zh ? .en : .zh
        who += "<a href=\"\(HTML.escape(path))?lang=\(other.rawValue)\" lang=\"\(other.tag)\">\(lang == .zh ? "English" : "中文")</a>"
        return """
            <!doctype html>
            <html lang="\(lang.tag)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(HTML.escape(csrf ?? ""))">
            <title>\(HTML.escape(title)) · Vigil</title><link rel="stylesheet" href="/static/vigil.css"><script src="/static/vigil.js" defer></script></head>
            <body><header class="top"><a class="brand" href="/">Vigil · \(lang.t("网络安全威胁监测与处置", "Threat monitoring and disposal"))</a>
            <nav>\(nav)</nav><div class="who">\(who)</div></header>
            <main>\(body)</main>
            <footer>Vigil — \(lang.t("公共互联网网络安全威胁监测与处置平台", "public-internet threat monitoring and disposal platform"))</footer>
            </body></html>
            """
    }

    /// An HTML response with the page.
    func response(title: String, body: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: render(title: title, body: body))))
        // The language stays as chosen on the next pages.
        response.setCookie(Cookie(name: "vigil_lang", value: lang.rawValue, maxAge: 365 * 86_400, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }

    static func roleName(_ role: Role, _ lang: Language) -> String {
        switch role {
        case .ministry: lang.t("部级", "ministry")
        case .province: lang.t("省级", "province")
        case .organization: lang.t("单位", "organization")
        case .reporter: lang.t("报送方", "reporter")
        case .auditor: lang.t("审计", "auditor")
        }
    }
}
