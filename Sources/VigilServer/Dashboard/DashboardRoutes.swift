import Crypto
import Foundation
import Hummingbird
import NIOCore
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// The dashboard: server-rendered pages in Chinese (English on a switch), a login with a password and a session
/// cookie, and forms protected against CSRF. Every page reads through the same scoped queries as the API.
struct DashboardRoutes {
    let env: ServerEnvironment
    /// Login attempts per client address: a few at once, then one every five seconds.
    let logins = RateLimiter(perSecond: 0.2, burst: 5)

    /// Sessions last a working day.
    static let sessionSeconds: Int64 = 12 * 3600

    func add(to router: Router<VigilRequestContext>) {
        let open = router.group().add(middleware: SecurityHeadersMiddleware())
        open.get("static/vigil.css") { _, _ in Self.asset(DashboardAssets.css, "text/css; charset=utf-8") }
        open.get("static/vigil.js") { _, _ in Self.asset(DashboardAssets.js, "text/javascript; charset=utf-8") }
        open.get("login") { request, context in try await loginPage(request, context, error: nil) }
        open.post("login") { request, context in try await login(request, context) }
        let pages = router.group().add(middleware: SecurityHeadersMiddleware()).add(middleware: SessionMiddleware(env: env))
            .add(middleware: DashboardErrorMiddleware())
        pages.post("logout") { request, context in try await logout(request, context) }
        OverviewPage(env: env).add(to: pages)
        ThreatPages(env: env).add(to: pages)
        TicketPages(env: env).add(to: pages)
        OrganizationPages(env: env).add(to: pages)
        BatchPages(env: env).add(to: pages)
        AuditPage(env: env).add(to: pages)
        WatchPages(env: env).add(to: pages)
        ReportPage(env: env).add(to: pages)
    }

    static func asset(_ text: String, _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: Login

    static let loginCookie = "vigil_login"

    func loginPage(_ request: Request, _ context: VigilRequestContext, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = Language.of(request)
        // Double-submit token: the form carries the value of a SameSite cookie, so another site cannot post a login.
        let token = Credentials.newToken()
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        let body = """
            <div class="login card"><h1>\(lang.t("登录", "Log in"))</h1>
            \(error.map { "<div class=\"notice error\">\(HTML.escape($0))</div>" } ?? "")
            <form method="post" action="/login\(HTML.escape(HTML.query([("next", next)])))">
            <input type="hidden" name="login_csrf" value="\(HTML.escape(token))">
            <label for="name">\(lang.t("用户名", "User name"))</label><input id="name" name="name" autocomplete="username" required autofocus>
            <label for="password">\(lang.t("密码", "Password"))</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">\(lang.t("登录", "Log in"))</button></form>
            <p class="muted">\(lang.t("账号由管理员以 vigil users add --password-stdin 创建。", "Accounts are made with vigil users add --password-stdin."))</p></div>
            """
        var response = DashboardLayout(lang: lang, principal: nil, csrf: nil, path: "/login").response(title: lang.t("登录", "Log in"), body: body, status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let lang = Language.of(request)
        let form = try await FormBody.parse(request)
        guard let sent = form["login_csrf"], let cookie = request.cookies[Self.loginCookie]?.value, Self.same(sent, cookie) else {
            return try await loginPage(request, context, error: lang.t("登录表单已过期，请重试。", "The login form expired; try again."), status: .forbidden)
        }
        let ip = context.clientIP ?? "unknown"
        if let wait = logins.take("login:\(ip)") {
            return try await loginPage(request, context, error: lang.t("尝试次数过多，请 \(Int(wait.rounded(.up))) 秒后再试。",
                                                                     "Too many attempts; try again in \(Int(wait.rounded(.up))) s."), status: .tooManyRequests)
        }
        let name = form["name"] ?? ""
        let now = env.clock()
        let found = name.isEmpty || name.count > 64 ? nil : try await env.access.credentials(named: name)
        let refused = lang.t("用户名或密码不正确，或账号已停用。", "Wrong user name or password, or the account is disabled.")
        guard let found, let stored = found.passwordHash, !found.user.disabled,
              Credentials.verifyPassword(form.fields["password"] ?? "", stored: stored) else {
            let reason = found == nil ? "unknown user" : found?.user.disabled == true ? "disabled user" : found?.passwordHash == nil ? "no password set" : "wrong password"
            try await env.access.recordFailedLogin(name: name.isEmpty ? "(empty)" : name, reason: reason, at: now)
            return try await loginPage(request, context, error: refused, status: .unauthorized)
        }
        let session = Credentials.newToken(), csrf = Credentials.newToken()
        try await env.access.openSession(user: found.user, tokenHash: Credentials.tokenHash(session), csrf: csrf, expiresAt: now + Self.sessionSeconds, at: now)
        var response = Response.redirect(to: Self.safeNext(request.uri.queryParameters["next"].map(String.init)) ?? "/", type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.cookie, value: session, maxAge: Int(Self.sessionSeconds), path: "/", secure: env.secureCookies,
                                  httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.loginCookie, value: "", maxAge: 0, path: "/login", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let form = try await FormBody.parse(request)
        try Self.checkCSRF(form["csrf"], context)
        if let value = request.cookies[SessionMiddleware.cookie]?.value, let principal = context.principal {
            try await env.access.closeSession(tokenHash: Credentials.tokenHash(value), actor: principal.name, at: env.clock())
        }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(Cookie(name: SessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: env.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// Only a path on this site (`/…`, not `//host`) is followed after login.
    static func safeNext(_ next: String?) -> String? {
        // No second slash or backslash at the start, no space or control character anywhere (browsers drop tabs and
        // newlines, which would turn `/\t/host` into `//host`).
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" }) else { return nil }
        return next
    }

    /// Equal strings, compared in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// 403 unless a form's token is the session's CSRF token.
    static func checkCSRF(_ sent: String?, _ context: VigilRequestContext) throws {
        guard let sent, let expected = context.csrf, same(sent, expected) else {
            throw APIError(.forbidden, "csrf", "the form is stale or came from another site; reload the page and try again")
        }
    }
}
