import Foundation
import HTTPTypes
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Authenticates dashboard pages by session cookie (`vigil_session`, HTTP-only, SameSite=Strict, Secure unless the
/// server is told otherwise): the cookie's hash is looked up, so the database holds no usable sessions. A page
/// without a live session redirects to the login page; a form post must carry the session's CSRF token.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let env: ServerEnvironment

    static let cookie = "vigil_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let value = request.cookies[Self.cookie]?.value, value.count < 200,
              let session = try await env.access.session(tokenHash: Credentials.tokenHash(value), at: env.clock()) else {
            let here = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return Response.redirect(to: "/login" + HTML.query([("next", here)]), type: .normal)
        }
        var context = context
        context.principal = session.principal
        context.csrf = session.csrf
        return try await next(request, context)
    }
}

/// The security headers of every dashboard page: no framing, no sniffing, and a content policy that runs only
/// Vigil's own script and style (no inline code, no other origin).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Headers swift-http-types has no name for.
    static var more: [(HTTPField.Name, String)] {
        [("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin")].compactMap { name, value in HTTPField.Name(name).map { ($0, value) } }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        for (name, value) in Self.more { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
