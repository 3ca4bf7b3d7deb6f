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

    /// Roles that give the organization's feedback (the organization itself, or an administration recording it).
    static let feedbackRoles: Set<Role> = [.ministry, .province, .organization]
    /// Roles that supervise: decide extensions, escalate, record re-check results, close.
    static let supervisorRoles: Set<Role> = [.ministry, .province]

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("tickets") { request, context in try await list(request, context) }
        group.get("tickets/:id") { request, context in try await detail(request, context) }
        group.post("tickets/:id/acknowledge") { request, context in
            try await move(request, context, .acknowledge, roles: Self.feedbackRoles)
        }
        group.post("tickets/:id/done") { request, context in try await move(request, context, .reportDone, roles: Self.feedbackRoles) }
        group.post("tickets/:id/close") { request, context in try await move(request, context, .close, roles: Self.supervisorRoles) }
        group.post("tickets/:id/verify") { request, context in try await verify(request, context) }
        group.post("tickets/:id/appeal") { request, context in try await appeal(request, context) }
        group.post("tickets/:id/extension") { request, context in try await askExtension(request, context) }
        group.post("tickets/:id/extension/decision") { request, context in try await decideExtension(request, context) }
        group.post("tickets/:id/escalate") { request, context in try await escalate(request, context) }
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
            extensions: try await ledger.extensions(ticket: ticket.id).map(ExtensionJSON.init), audit: try await ledger.auditLog("ticket", String(ticket.id)).map(AuditJSON.init)))
    }

    struct NoteBody: Decodable {
        var note: String?
        var evidence: String?
    }

    func move(_ request: Request, _ context: VigilRequestContext, _ event: TicketState.Event, roles: Set<Role>) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, roles, to: "\(event.rawValue) a ticket")
        let body = try await RouteSupport.body(NoteBody.self, request)
        if event == .reportDone, (body.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw APIError(.badRequest, "bad_body", "reporting a ticket done needs a 'note' saying what was done")
        }
        let moved = try await RouteSupport.explain {
            try await env.ledger.transition(ticket.id, event, by: principal.name, note: body.note, evidence: body.evidence, at: env.clock())
        }
        return try JSONResponse.object(TicketJSON(moved, now: env.clock()))
    }

    struct VerifyBody: Decodable {
        var fixed: Bool
        var note: String?
        var evidence: String?
    }

    func verify(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, Self.supervisorRoles, to: "record a re-check")
        let body = try await RouteSupport.body(VerifyBody.self, request)
        let moved = try await RouteSupport.explain {
            try await env.ledger.transition(ticket.id, body.fixed ? .verifyFixed : .verifyFailed, by: principal.name, note: body.note, evidence: body.evidence, at: env.clock())
        }
        return try JSONResponse.object(TicketJSON(moved, now: env.clock()))
    }

    struct AppealBody: Decodable {
        var reason: String
        /// Threat ids of the ticket; default: all of its threats.
        var threats: [String]?
    }

    func appeal(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, Self.feedbackRoles, to: "appeal a ticket")
        let body = try await RouteSupport.body(AppealBody.self, request)
        let on = try await env.ledger.threats(onTicket: ticket.id).filter { !$0.removed }.map(\.threat)
        let chosen = try (body.threats ?? []).isEmpty ? on : (body.threats ?? []).map { text in
            guard let t = ThreatID(hex: text.lowercased()), on.contains(t) else {
                throw APIError(.badRequest, "bad_threat", "threat '\(text)' is not on ticket \(ticket.id); GET /api/v1/tickets/\(ticket.id) lists them")
            }
            return t
        }
        var appeals: [Appeal] = []
        for t in chosen {
            appeals.append(try await RouteSupport.explain { try await env.ledger.appeal(t, by: principal.name, reason: body.reason, at: env.clock()) })
        }
        return try JSONResponse.object(["appeals": appeals.map(AppealJSON.init)])
    }

    struct ExtensionBody: Decodable {
        var hours: Int
        var reason: String
    }

    func askExtension(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, Self.feedbackRoles, to: "ask for an extension")
        let body = try await RouteSupport.body(ExtensionBody.self, request)
        let made = try await RouteSupport.explain {
            try await env.ledger.requestExtension(ticket.id, hours: body.hours, by: principal.name, reason: body.reason, at: env.clock())
        }
        return try JSONResponse.object(ExtensionJSON(made))
    }

    struct DecisionBody: Decodable {
        var grant: Bool
        var reason: String
    }

    func decideExtension(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, Self.supervisorRoles, to: "decide an extension")
        let body = try await RouteSupport.body(DecisionBody.self, request)
        guard let pending = try await env.ledger.extensions(ticket: ticket.id).last(where: { $0.state == .pending }) else {
            throw APIError(.conflict, "conflict", "ticket \(ticket.id) has no pending extension request")
        }
        let decided = try await RouteSupport.explain {
            try await env.ledger.decideExtension(pending.id, grant: body.grant, by: principal.name, reason: body.reason, at: env.clock())
        }
        return try JSONResponse.object(ExtensionJSON(decided))
    }

    struct ReasonBody: Decodable {
        var reason: String
    }

    func escalate(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, ticket) = try await visibleTicket(context)
        try RouteSupport.require(principal, Self.supervisorRoles, to: "escalate a ticket")
        let body = try await RouteSupport.body(ReasonBody.self, request)
        let updated = try await RouteSupport.explain { try await env.engine.escalate(ticket, by: principal.name, reason: body.reason, at: env.clock()) }
        return try JSONResponse.object(TicketJSON(updated, now: env.clock()))
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
    }
}
