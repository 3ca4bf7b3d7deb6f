import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilEngine
import VigilStore

/// `/api/v1/tickets`: the tickets the caller may see — its organization's, its province's, or all — newest first, in
/// pages with a cursor; one ticket with its threats, notices, extensions and audit trail; and every feedback action.
/// A ticket outside the caller's scope is 404 for reads and writes alike; an action the caller's role may not take
/// on a ticket it can see is 403.
struct TicketRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("tickets") { request, context in try await list(request, context) }
        group.get("tickets/:id") { request, context in try await detail(request, context) }
        for action in TicketAction.allCases {
            let path = action == .extensionDecision ? "extension/decision" : action.rawValue
            group.post("tickets/:id/\(path)") { request, context in try await act(request, context, action) }
        }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let q = request.uri.queryParameters
        var filter = TicketFilter(organization: q["organization"].map(String.init), limit: try RouteSupport.limit(request))
        filter.beforeID = try RouteSupport.idCursor(request)
        filter.province = try RouteSupport.province(request)
        for state in q.getAll("state") {
            guard let s = TicketState(rawValue: String(state)) else {
                throw APIError(.badRequest, "bad_state", "state is one of " + TicketState.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.states.insert(s)
        }
        if let text = q["measure"] {
            guard let measure = Measure(rawValue: String(text)) else {
                throw APIError(.badRequest, "bad_measure", "measure is one of " + Measure.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.measure = measure
        }
        if q["overdue"] == "true" { filter.overdueAt = env.clock() }
        guard let scoped = filter.scoped(to: principal) else {
            // Outside the caller's scope (another organization or province, or a reporter): nothing, as if there were none.
            return try JSONResponse.page([TicketJSON](), next: Int64?.none)
        }
        let now = env.clock()
        let tickets = try await env.ledger.tickets(scoped)
        return try JSONResponse.page(tickets.map { TicketJSON($0, now: now) }, next: tickets.count == scoped.limit ? tickets.last?.id : nil)
    }

    /// The ticket of the `:id` path parameter, if the caller may see it; else 404.
    func visibleTicket(_ context: VigilRequestContext) async throws -> (Principal, Ticket) {
        let principal = try context.caller()
        guard let text = context.parameters.get("id"), let id = Int64(text.uppercased().hasPrefix("VGL-") ? String(text.dropFirst(4)) : text),
              let scoped = TicketFilter(id: id, limit: 1).scoped(to: principal), let ticket = try await env.ledger.tickets(scoped).first else {
            throw APIError.notFound("ticket")
        }
        return (principal, ticket)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (_, ticket) = try await visibleTicket(context)
        let ledger = env.ledger
        let threats = try await ledger.threats(onTicket: ticket.id).map { ThreatItem(id: $0.threat.description, kind: $0.kind.rawValue, indicator: $0.indicator, removed: $0.removed) }
        return try JSONResponse.object(Detail(
            ticket: TicketJSON(ticket, now: env.clock()), threats: threats, notices: try await ledger.notices(ticket: ticket.id).map(NoticeJSON.init),
            extensions: try await ledger.extensions(ticket: ticket.id).map(ExtensionJSON.init), audit: try await ledger.auditLog("ticket", String(ticket.id)).map(AuditJSON.init),
            rechecks: try await ProbeLedger(env.store).rechecks(ticket: ticket.id).map(RecheckJSON.init)))
    }

    /// The JSON body every action takes (each action reads the fields it needs; /openapi.json says which are required).
    struct ActionBody: Decodable {
        var note: String?
        var evidence: String?
        var reason: String?
        var hours: Int?
        var grant: Bool?
        var fixed: Bool?
        var threats: [String]?
    }

    func act(_ request: Request, _ context: VigilRequestContext, _ action: TicketAction) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, action.roles, to: "\(action.rawValue.replacingOccurrences(of: "-", with: " ")) a ticket")
        let b = try await RouteSupport.body(ActionBody.self, request)
        let fields = TicketAction.Fields(note: b.note, evidence: b.evidence, reason: b.reason, hours: b.hours, grant: b.grant, fixed: b.fixed, threats: b.threats ?? [])
        switch try await action.perform(on: ticket, by: principal, fields, env: env) {
        case .ticket(let t): return try JSONResponse.object(TicketJSON(t, now: env.clock()))
        case .appeals(let appeals): return try JSONResponse.object(["appeals": appeals.map(AppealJSON.init)])
        case .extensionRequest(let e): return try JSONResponse.object(ExtensionJSON(e))
        }
    }

    struct ThreatItem: Encodable {
        var id: String
        var kind: String
        var indicator: String
        var removed: Bool
    }

    struct Detail: Encodable {
        var ticket: TicketJSON
        var threats: [ThreatItem]
        var notices: [NoticeJSON]
        var extensions: [ExtensionJSON]
        var audit: [AuditJSON]
        /// Re-checks (复核) of the ticket, newest round first.
        var rechecks: [RecheckJSON]
    }
}

/// A re-check as the API writes it.
struct RecheckJSON: Encodable {
    var id: Int64
    var round: Int
    var threat: String
    var probe: String
    var target: String
    var attempts: Int
    var dueAt: String
    var verdict: String?
    var completedAt: String?

    init(_ r: Recheck) {
        id = r.id
        round = r.round
        threat = r.threat.description
        probe = r.probe
        target = r.target
        attempts = r.attempts
        dueAt = UTCTime.format(r.dueAt)
        verdict = r.verdict
        completedAt = r.completedAt.map(UTCTime.format)
    }
}
