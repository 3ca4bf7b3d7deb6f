import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// `/api/v1/review`: the review queue — pending appeals first, then threats no rule decided — for the ministry and
/// auditors (everything) and province users (their province). Decisions go to `POST /threats/{id}/determination`.
struct ReviewRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("review") { request, context in try await list(request, context) }
    }

    struct ItemJSON: Encodable {
        var threat: String
        var kind: String
        var indicator: String
        var organization: String?
        var province: Int?
        var determination: ThreatRoutes.DeterminationJSON
        var appeal: AppealJSON?
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor, .province], to: "read the review queue")
        guard let scope = principal.narrow(province: try RouteSupport.province(request), organization: nil) else {
            return try JSONResponse.page([ItemJSON](), next: String?.none)
        }
        var after: ReviewItem.Cursor?
        if let text = request.uri.queryParameters["cursor"] {
            guard let cursor = ReviewItem.Cursor(String(text)) else { throw APIError(.badRequest, "bad_cursor", "cursor is the next_cursor of the page before") }
            after = cursor
        }
        let limit = try RouteSupport.limit(request, default: 100)
        let items = try await env.ledger.reviewQueue(province: scope.province, after: after, limit: limit)
        return try JSONResponse.page(items.map {
            ItemJSON(threat: $0.threat.description, kind: $0.kind.rawValue, indicator: $0.indicator, organization: $0.organization, province: $0.province,
                     determination: ThreatRoutes.DeterminationJSON($0.determination), appeal: $0.appeal.map(AppealJSON.init))
        }, next: items.count == limit ? items.last?.cursor.description : nil)
    }
}
