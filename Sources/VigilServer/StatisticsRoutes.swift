import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// `/api/v1/statistics` (threat counts by category, kind, province and operator, and ticket counts by state) and
/// `/api/v1/performance` (disposal performance by organization or province), both for the caller's part only.
struct StatisticsRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("statistics") { request, context in try await statistics(request, context) }
        group.get("performance") { request, context in try await performance(request, context) }
    }

    struct StatisticsJSON: Encodable {
        var threats: Int
        var byCategory: [String: Int]
        var byKind: [String: Int]
        var byProvince: [String: Int]
        var byOperator: [String: Int]
        var tickets: [String: Int]
        var overdueTickets: Int
    }

    func statistics(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor, .province, .organization], to: "read statistics")
        guard let scope = principal.narrow(province: try RouteSupport.province(request), organization: request.uri.queryParameters["organization"].map(String.init)) else {
            throw APIError(.forbidden, "forbidden", "those statistics are outside your part of the data; ask without province or organization")
        }
        let stats = try await env.platform.statistics(province: scope.province, organization: scope.organization)
        let counts = try await env.platform.ticketStates(province: scope.province, organization: scope.organization, at: env.clock())
        return try JSONResponse.object(StatisticsJSON(
            threats: stats.total, byCategory: Dictionary(uniqueKeysWithValues: stats.byCategory.map { ($0.key.rawValue, $0.value) }),
            byKind: Dictionary(uniqueKeysWithValues: stats.byKind.map { ($0.key.rawValue, $0.value) }),
            byProvince: Dictionary(uniqueKeysWithValues: stats.byProvince.map { (String($0.key), $0.value) }),
            byOperator: Dictionary(uniqueKeysWithValues: stats.byOperator.map { ($0.key.rawValue, $0.value) }),
            tickets: Dictionary(uniqueKeysWithValues: counts.byState.map { ($0.key.rawValue, $0.value) }), overdueTickets: counts.overdue))
    }

    func performance(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        try RouteSupport.require(principal, [.ministry, .auditor, .province, .organization], to: "read disposal performance")
        let by = request.uri.queryParameters["by"].map(String.init) ?? "organization"
        guard by == "organization" || by == "province" else { throw APIError(.badRequest, "bad_by", "by is 'organization' or 'province'") }
        guard let scope = principal.narrow(province: try RouteSupport.province(request), organization: nil) else { return try JSONResponse.page([PerformanceJSON](), next: String?.none) }
        let groups = try await env.ledger.performance(byProvince: by == "province", province: scope.province, organization: scope.organization, at: env.clock())
        return try JSONResponse.page(groups.map { PerformanceJSON(group: $0.group, $0.performance) }, next: String?.none)
    }
}
