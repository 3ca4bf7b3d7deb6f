import Hummingbird
import NIOCore
import VigilCore

/// The request context of Vigil's routes: Hummingbird's core storage, the client's address, and the authenticated
/// caller, if any.
public struct VigilRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware`` on `/api` routes and by the session check on dashboard pages.
    public var principal: Principal?
    /// The connected client.
    public let remoteAddress: SocketAddress?
    /// The CSRF token of the dashboard session, set with ``principal`` for a logged-in browser.
    public var csrf: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress
        csrf = nil
    }

    /// The caller, or 401 when the request is not authenticated.
    func caller() throws -> Principal {
        guard let principal else { throw APIError.unauthorized }
        return principal
    }

    /// The client's IP address, without its port.
    var clientIP: String? { remoteAddress?.ipAddress }
}
