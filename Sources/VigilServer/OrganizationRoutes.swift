import Foundation
import Hummingbird
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore

/// `/api/v1/organizations`: the directory's organizations the caller may see, with their tickets; and one with its
/// disposal performance. A province user sees its province's organizations, an organization user itself.
struct OrganizationRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("organizations") { request, context in try await list(request, context) }
        group.get("organizations/:id") { request, context in try await detail(request, context) }
    }

    struct OrganizationJSON: Encodable {
        var id: String
        var name: String
        var type: String
        var parent: String?
        var province: Int?
        var sensitive: Bool
        var tickets: TicketCounts
    }

    /// The organizations in scope, by id.
    func visible(_ principal: Principal, province asked: Int?) async throws -> [OrganizationJSON] {
        try RouteSupport.require(principal, [.ministry, .auditor, .province, .organization], to: "read organizations")
        guard let scope = principal.narrow(province: asked, organization: nil) else { return [] }
        let counts = try await env.platform.ticketCounts(province: scope.province, organization: scope.organization, at: env.clock())
        let directory = env.engine.directory.organizations
        var ids = Set(counts.keys)
        for (id, org) in directory where scope.organization == nil && (scope.province == nil || org.provinceCode == scope.province) { ids.insert(id) }
        if let own = scope.organization { ids = ids.filter { $0 == own }.union(directory[own] == nil ? [] : [own]) }
        return ids.sorted().map { id in
            let org = directory[id]
            return OrganizationJSON(id: id, name: org?.name ?? id, type: org?.type.rawValue ?? "unknown", parent: org?.parent,
                                    province: org?.provinceCode, sensitive: org?.sensitive ?? false, tickets: counts[id] ?? TicketCounts())
        }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        var items = try await visible(principal, province: try RouteSupport.province(request))
        if let type = request.uri.queryParameters["type"] {
            guard OrgType(rawValue: String(type)) != nil else {
                throw APIError(.badRequest, "bad_type", "type is one of " + OrgType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            items = items.filter { $0.type == type }
        }
        if request.uri.queryParameters["with_tickets"] == "true" { items = items.filter { $0.tickets.total > 0 } }
        // Cursor: the last id of the page before (ids sort as text).
        if let cursor = request.uri.queryParameters["cursor"] { items = items.filter { $0.id > cursor } }
        let limit = try RouteSupport.limit(request, default: 100)
        let page = Array(items.prefix(limit))
        return try JSONResponse.page(page, next: items.count > limit ? page.last?.id : nil)
    }

    struct Detail: Encodable {
        var organization: OrganizationJSON
        var performance: PerformanceJSON?
        var contacts: [String]
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        guard let id = context.parameters.get("id"), let org = try await visible(principal, province: nil).first(where: { $0.id == id }) else {
            throw APIError.notFound("organization")
        }
        let province = principal.narrow(province: nil, organization: nil)?.province
        let performance = try await env.ledger.performance(province: province, organization: id, at: env.clock()).first
            .map { PerformanceJSON(group: $0.group, $0.performance) }
        let contacts = (env.engine.directory.organizations[id]?.contacts ?? []).map { "\($0.channel.rawValue):\($0.address)" }
        return try JSONResponse.object(Detail(organization: org, performance: performance, contacts: contacts))
    }
}

/// Disposal performance of a group (an organization or a province) as the API writes it.
struct PerformanceJSON: Encodable {
    var group: String
    var tickets: Int
    var medianSecondsToDispose: Int64?
    var p90SecondsToDispose: Int64?
    var overdueRate: Double
    var reopenRate: Double

    init(group: String, _ p: DisposalPerformance) {
        self.group = group
        tickets = p.tickets
        medianSecondsToDispose = p.medianSecondsToDispose
        p90SecondsToDispose = p.p90SecondsToDispose
        overdueRate = p.overdueRate
        reopenRate = p.reopenRate
    }
}
