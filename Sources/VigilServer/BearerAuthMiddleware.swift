import Foundation
import Hummingbird
import VigilCore
import VigilEngine
import VigilStore

/// Authenticates `/api` requests by API token (`Authorization: Bearer vgl_…`): the token's hash is looked up, so a
/// stolen database gives no usable tokens; a revoked token or a disabled user is refused at once.
/// Each user's requests are rate-limited (`429` with `Retry-After` beyond the limit).
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext
    let access: AccessLedger
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { throw APIError.unauthorized }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard token.hasPrefix("vgl_"), token.count < 200, let principal = try await access.principal(tokenHash: Credentials.tokenHash(token)) else {
            throw APIError(.unauthorized, "unauthorized", "the token is unknown, revoked, or its user is disabled; ask for a new one")
        }
        if let wait = limiter.take("user:\(principal.userID)") {
            throw APIError(.tooManyRequests, "rate_limited",
                           "more than \(Int(limiter.perSecond)) requests a second (bursts of \(Int(limiter.burst))); try again in \(Int(wait.rounded(.up))) s",
                           retryAfter: Int(wait.rounded(.up)))
        }
        var context = context
        context.principal = principal
        return try await next(request, context)
    }
}
