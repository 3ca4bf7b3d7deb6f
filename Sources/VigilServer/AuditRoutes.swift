import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// `/api/v1/audit`: the audit log, newest first, for the ministry and auditors only — every login, write, decision
/// and ticket transition, with who, when, from what to what, and the source IP.
struct AuditRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("audit") { request, context in try await list(request, context) }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor], to: "read the audit log")
        let q = request.uri.queryParameters
        let limit = try RouteSupport.limit(request, default: 100)
        let filter = AuditFilter(
            actor: q["actor"].map(String.init), action: q["action"].map(String.init), objectType: q["object_type"].map(String.init),
            objectID: q["object_id"].map(String.init), since: try RouteSupport.time(request, "since"), beforeID: try RouteSupport.idCursor(request), limit: limit)
        let rows = try await env.ledger.auditLog(filter)
        return try JSONResponse.page(rows.map(AuditJSON.init), next: rows.count == limit ? rows.last?.id : nil)
    }
}
