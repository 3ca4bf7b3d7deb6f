import Hummingbird
import Logging

/// Turns an unexpected error into a JSON `500` that says where to look, and logs it: nothing fails silently.
struct InternalErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            throw APIError(.internalServerError, "internal", "the server failed on this request; its log says why (vigil serve's standard error)")
        }
    }
}
