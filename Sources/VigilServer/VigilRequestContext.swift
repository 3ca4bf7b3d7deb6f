import Hummingbird
import VigilCore

/// The request context of Vigil's routes: Hummingbird's core storage and the authenticated caller, if any.
public struct VigilRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware`` on `/api` routes.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }
}
