import Foundation
import Hummingbird
import VigilCore
import VigilEngine
import VigilStore

/// A feedback or supervision action on a ticket, shared by the API and the dashboard: who may take it, and what it
/// does. Scope (whether the caller may see the ticket at all) is checked before; the role is checked here.
enum TicketAction: String, CaseIterable, Sendable {
    case acknowledge, done, verify, close, appeal
    case `extension`
    case extensionDecision = "extension-decision"
    case escalate

    /// Roles that give the organization's feedback (the organization itself, or an administration recording it).
    static let feedbackRoles: Set<Role> = [.ministry, .province, .organization]
    /// Roles that supervise: decide extensions, escalate, record re-check results, close.
    static let supervisorRoles: Set<Role> = [.ministry, .province]

    var roles: Set<Role> {
        switch self {
        case .acknowledge, .done, .appeal, .extension: Self.feedbackRoles
        case .verify, .close, .extensionDecision, .escalate: Self.supervisorRoles
        }
    }

    /// What the action needs from the caller; unused fields are ignored.
    struct Fields: Sendable {
        var note: String?
        var evidence: String?
        var reason: String?
        var hours: Int?
        var grant: Bool?
        var fixed: Bool?
        /// Threat ids (hex) to appeal; empty: all of the ticket's threats.
        var threats: [String] = []
    }

    /// What came of it.
    enum Outcome {
        case ticket(Ticket)
        case appeals([Appeal])
        case extensionRequest(ExtensionRequest)
    }

    /// Takes the action on a ticket the caller can see, or throws an ``APIError`` that says why not.
    func perform(on ticket: Ticket, by principal: Principal, _ f: Fields, env: ServerEnvironment) async throws -> Outcome {
        try RouteSupport.require(principal, roles, to: "\(rawValue.replacingOccurrences(of: "-", with: " ")) a ticket")
        let ledger = env.ledger
        let now = env.clock()
        func required(_ value: String?, _ name: String) throws -> String {
            guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(.badRequest, "bad_body", "\(name) is required: say \(name == "note" ? "what was done" : "why"), for the audit log")
            }
            return value
        }
        return try await RouteSupport.explain {
            switch self {
            case .acknowledge:
                return .ticket(try await ledger.transition(ticket.id, .acknowledge, by: principal.name, note: f.note, evidence: nil, at: now))
            case .done:
                return .ticket(try await ledger.transition(ticket.id, .reportDone, by: principal.name, note: try required(f.note, "note"), evidence: f.evidence, at: now))
            case .verify:
                guard let fixed = f.fixed else { throw APIError(.badRequest, "bad_body", "say whether the re-check found it fixed: fixed true or false") }
                return .ticket(try await ledger.transition(ticket.id, fixed ? .verifyFixed : .verifyFailed, by: principal.name, note: f.note, evidence: f.evidence, at: now))
            case .close:
                return .ticket(try await ledger.transition(ticket.id, .close, by: principal.name, note: f.note, evidence: nil, at: now))
            case .appeal:
                let reason = try required(f.reason, "reason")
                let on = try await ledger.threats(onTicket: ticket.id).filter { !$0.removed }.map(\.threat)
                let chosen = try f.threats.isEmpty ? on : f.threats.map { text in
                    guard let t = ThreatID(hex: text.lowercased()), on.contains(t) else {
                        throw APIError(.badRequest, "bad_threat", "threat '\(text)' is not on ticket \(ticket.id); its detail lists them")
                    }
                    return t
                }
                var appeals: [Appeal] = []
                for t in chosen { appeals.append(try await ledger.appeal(t, by: principal.name, reason: reason, at: now)) }
                return .appeals(appeals)
            case .extension:
                guard let hours = f.hours else { throw APIError(.badRequest, "bad_body", "hours is required: how many more hours are needed") }
                return .extensionRequest(try await ledger.requestExtension(ticket.id, hours: hours, by: principal.name, reason: try required(f.reason, "reason"), at: now))
            case .extensionDecision:
                guard let grant = f.grant else { throw APIError(.badRequest, "bad_body", "grant is required: true to grant, false to deny") }
                guard let pending = try await ledger.extensions(ticket: ticket.id).last(where: { $0.state == .pending }) else {
                    throw APIError(.conflict, "conflict", "ticket \(ticket.id) has no pending extension request")
                }
                return .extensionRequest(try await ledger.decideExtension(pending.id, grant: grant, by: principal.name, reason: try required(f.reason, "reason"), at: now))
            case .escalate:
                return .ticket(try await env.engine.escalate(ticket, by: principal.name, reason: try required(f.reason, "reason"), at: now))
            }
        }
    }
}
