import Hummingbird
import VigilStore

/// Binds the client's address to ``AuditOrigin/sourceIP`` for the whole request, so every audit row written while
/// serving it records where the request came from.
struct AuditOriginMiddleware: RouterMiddleware {
    typealias Context = VigilRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await AuditOrigin.$sourceIP.withValue(context.clientIP) { try await next(request, context) }
    }
}
