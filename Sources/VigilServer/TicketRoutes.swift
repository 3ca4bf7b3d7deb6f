import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilStore

/// `/api/v1/tickets`: the tickets the caller may see — its organization's, its province's, or all — newest first, in
/// pages with a cursor; and one ticket with its threats and notices. Scope is part of the store query.
struct TicketRoutes {
    let ledger: DisposalLedger
    let clock: @Sendable () -> Int64

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("tickets") { request, context in try await list(request, context) }
        group.get("tickets/:id") { request, context in try await detail(request, context) }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try principal(context)
        let q = request.uri.queryParameters
        var filter = TicketFilter(organization: q["organization"].map(String.init), limit: 50)
        if let limit = q["limit"] {
            guard let n = Int(limit), (1...1000).contains(n) else { throw APIError(.badRequest, "bad_limit", "limit is a whole number from 1 to 1000") }
            filter.limit = n
        }
        if let cursor = q["cursor"] {
            guard let id = Int64(cursor) else { throw APIError(.badRequest, "bad_cursor", "cursor is the next_cursor of the page before") }
            filter.beforeID = id
        }
        if let province = q["province"] {
            guard let code = Int(province) else { throw APIError(.badRequest, "bad_province", "province is a GB/T 2260 code such as 440000") }
            filter.province = code
        }
        for state in q.getAll("state") {
            guard let s = TicketState(rawValue: String(state)) else {
                throw APIError(.badRequest, "bad_state", "state is one of " + TicketState.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.states.insert(s)
        }
        if q["overdue"] == "true" { filter.overdueAt = clock() }
        guard let scoped = filter.scoped(to: principal) else {
            // Outside the caller's scope (another organization or province, or a reporter): nothing, as if there were none.
            return try JSONResponse.page([Ticket](), next: Int64?.none)
        }
        let tickets = try await ledger.tickets(scoped)
        return try JSONResponse.page(tickets, next: tickets.count == scoped.limit ? tickets.last?.id : nil)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try principal(context)
        guard let text = context.parameters.get("id"), let id = Int64(text.hasPrefix("VGL-") ? String(text.dropFirst(4)) : text) else {
            throw APIError.notFound("ticket")
        }
        guard let scoped = TicketFilter(id: id, limit: 1).scoped(to: principal), let ticket = try await ledger.tickets(scoped).first else {
            throw APIError.notFound("ticket")
        }
        let threats = try await ledger.threats(onTicket: id).map { ThreatItem(id: $0.threat.description, kind: $0.kind.rawValue, indicator: $0.indicator, removed: $0.removed) }
        return try JSONResponse.object(Detail(ticket: ticket, threats: threats, notices: try await ledger.notices(ticket: id), overdue: ticket.isOverdue(at: clock())))
    }

    func principal(_ context: VigilRequestContext) throws -> Principal {
        guard let principal = context.principal else { throw APIError.unauthorized }
        return principal
    }

    struct ThreatItem: Encodable {
        var id: String
        var kind: String
        var indicator: String
        var removed: Bool
    }

    struct Detail: Encodable {
        var ticket: Ticket
        var threats: [ThreatItem]
        var notices: [Notice]
        var overdue: Bool
    }
}
