import VigilCore

extension DisposalLedger {
    static let appealColumns = "id, threat_id, ticket_id, filed_by, reason, state, filed_at, decided_by, decided_at, decision_reason"

    static func appeal(_ r: [SQLValue]) -> Appeal {
        Appeal(id: r[int: 0], threat: ThreatID(rawValue: r[int: 1]), ticket: r[optInt: 2], filedBy: r[text: 3], reason: r[text: 4],
               state: Appeal.State(rawValue: r[text: 5]) ?? .pending, filedAt: r[int: 6], decidedBy: r[opt: 7], decidedAt: r[optInt: 8],
               decisionReason: r[opt: 9])
    }

    /// Files an appeal (申诉) against a confirmed threat: it joins the review queue, where a person reverses or upholds
    /// it (``decide(_:confirm:reason:by:at:)``).
    @discardableResult
    public func appeal(_ threat: ThreatID, by organization: String, reason: String, at now: Int64) async throws -> Appeal {
        let reason = try Self.require(reason, "the appeal's reason")
        guard let current = try await determination(of: threat) else {
            throw StoreError(.notFound, "threat \(threat) has no determination; only confirmed threats can be appealed")
        }
        guard current.determination.decision == .confirmed else {
            throw StoreError(.conflict, "threat \(threat) is \(current.determination.decision.rawValue), not confirmed: there is nothing to appeal")
        }
        let ticket = try await openTicket(of: threat)
        let rows = try await sql.perform(steps: [
            { _ in [
                SQLStatement("""
                    INSERT INTO appeals (threat_id, ticket_id, filed_by, reason, state, filed_at) VALUES (?, ?, ?, ?, 'pending', ?)
                    ON CONFLICT (threat_id) WHERE state = 'pending' DO NOTHING RETURNING id
                    """, [.integer(threat.rawValue), .of(ticket), .text(organization), .text(reason), .integer(now)],
                    expect: .exactly(1), else: "threat \(threat) already has a pending appeal; it waits in `vigil review`"),
                Self.audit(at: now, actor: organization, action: "appeal", type: "threat", id: threat.description, from: "confirmed",
                           to: "confirmed", detail: reason),
            ] },
            { results in [Self.audit(at: now, actor: organization, action: "file", type: "appeal", id: String(results[0].first?[int: 0] ?? 0), from: nil,
                                     to: "pending", detail: "threat \(threat)" + (ticket.map { ", ticket \($0)" } ?? ""))] },
        ])
        let id = rows[0].first?[int: 0] ?? 0
        return try await appeals(threat: threat).first { $0.id == id } ?? Appeal(
            id: id, threat: threat, ticket: ticket, filedBy: organization, reason: reason, state: .pending, filedAt: now, decidedBy: nil,
            decidedAt: nil, decisionReason: nil)
    }

    /// Appeals in a state, oldest first.
    public func appeals(state: Appeal.State? = nil, limit: Int = 1000) async throws -> [Appeal] {
        if let state {
            return try await sql.rows("SELECT \(Self.appealColumns) FROM appeals WHERE state = ? ORDER BY id LIMIT ?",
                                      [.text(state.rawValue), .integer(Int64(limit))]).map(Self.appeal)
        }
        return try await sql.rows("SELECT \(Self.appealColumns) FROM appeals ORDER BY id LIMIT ?", [.integer(Int64(limit))]).map(Self.appeal)
    }

    /// The appeals against one threat, oldest first.
    public func appeals(threat: ThreatID) async throws -> [Appeal] {
        try await sql.rows("SELECT \(Self.appealColumns) FROM appeals WHERE threat_id = ? ORDER BY id", [.integer(threat.rawValue)]).map(Self.appeal)
    }

    static let extensionColumns = "id, ticket_id, requested_by, hours, reason, state, requested_at, decided_by, decided_at, decision_reason"

    static func extensionRequest(_ r: [SQLValue]) -> ExtensionRequest {
        ExtensionRequest(id: r[int: 0], ticket: r[int: 1], requestedBy: r[text: 2], hours: Int(r[int: 3]), reason: r[text: 4],
                         state: ExtensionRequest.State(rawValue: r[text: 5]) ?? .pending, requestedAt: r[int: 6], decidedBy: r[opt: 7],
                         decidedAt: r[optInt: 8], decisionReason: r[opt: 9])
    }

    /// An organization asks for `hours` more on an open ticket.
    @discardableResult
    public func requestExtension(_ ticketID: Int64, hours: Int, by organization: String, reason: String, at now: Int64) async throws -> ExtensionRequest {
        let reason = try Self.require(reason, "the extension's reason")
        guard hours > 0, hours <= 24 * 90 else {
            throw StoreError(.invalidArgument, "an extension is 1 to 2160 hours (90 days); asked for \(hours)")
        }
        let ticket = try await ticket(ticketID)
        guard ticket.state.isOpen else {
            throw StoreError(.conflict, "ticket \(ticketID) is \(ticket.state.rawValue): only an open ticket (issued, acknowledged, reopened) can be extended")
        }
        let rows = try await sql.perform(steps: [
            { _ in [SQLStatement("""
                INSERT INTO extensions (ticket_id, requested_by, hours, reason, state, requested_at) VALUES (?, ?, ?, ?, 'pending', ?)
                ON CONFLICT (ticket_id) WHERE state = 'pending' DO NOTHING RETURNING id
                """, [.integer(ticketID), .text(organization), .integer(Int64(hours)), .text(reason), .integer(now)],
                expect: .exactly(1), else: "ticket \(ticketID) already has a pending extension request; grant or deny it first")] },
            { results in [Self.audit(at: now, actor: organization, action: "requestExtension", type: "ticket", id: String(ticketID), from: ticket.state.rawValue,
                                     to: ticket.state.rawValue, detail: "extension \(results[0].first?[int: 0] ?? 0): \(hours) h: \(reason)")] },
        ])
        let id = rows[0].first?[int: 0] ?? 0
        return try await extensions(ticket: ticketID).first { $0.id == id } ?? ExtensionRequest(
            id: id, ticket: ticketID, requestedBy: organization, hours: hours, reason: reason, state: .pending, requestedAt: now,
            decidedBy: nil, decidedAt: nil, decisionReason: nil)
    }

    /// Grants (moving the deadline) or denies a pending extension request.
    @discardableResult
    public func decideExtension(_ id: Int64, grant: Bool, by person: String, reason: String, at now: Int64) async throws -> ExtensionRequest {
        let reason = try Self.require(reason, "a reason")
        guard let request = try await sql.rows("SELECT \(Self.extensionColumns) FROM extensions WHERE id = ?", [.integer(id)]).first.map(Self.extensionRequest) else {
            throw StoreError(.notFound, "no extension request \(id); see `vigil tickets show TICKET`")
        }
        let state: ExtensionRequest.State = grant ? .granted : .denied
        var statements = [
            SQLStatement("UPDATE extensions SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND state = 'pending' RETURNING id",
                         [.text(state.rawValue), .text(person), .integer(now), .text(reason), .integer(id)],
                         expect: .exactly(1), else: "extension request \(id) is already \(request.state.rawValue)"),
            Self.audit(at: now, actor: person, action: grant ? "grantExtension" : "denyExtension", type: "ticket", id: String(request.ticket),
                       from: nil, to: nil, detail: "extension \(id) (\(request.hours) h): \(reason)"),
        ]
        if grant {
            statements.append(SQLStatement(
                "UPDATE tickets SET deadline = deadline + ?, updated_at = ? WHERE id = ? AND state IN \(Self.openStates) RETURNING id",
                [.integer(Int64(request.hours) * 3600), .integer(now), .integer(request.ticket)], expect: .exactly(1),
                else: "ticket \(request.ticket) is no longer open, so there is no deadline to extend; deny the request instead"))
        }
        _ = try await sql.perform(statements)
        return try await extensions(ticket: request.ticket).first { $0.id == id } ?? request
    }

    /// The extension requests of a ticket, oldest first.
    public func extensions(ticket: Int64) async throws -> [ExtensionRequest] {
        try await sql.rows("SELECT \(Self.extensionColumns) FROM extensions WHERE ticket_id = ? ORDER BY id", [.integer(ticket)]).map(Self.extensionRequest)
    }

    /// Sets an incident's grade (事件分级) from its impact; it raises the severity of the ticket it goes on.
    public func grade(_ threat: ThreatID, impact: IncidentImpact, grade: IncidentGrade, by person: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("""
                INSERT INTO incident_grades (threat_id, grade, users_affected, records_leaked, provinces, critical_infrastructure, graded_by, graded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (threat_id) DO UPDATE SET grade = excluded.grade, users_affected = excluded.users_affected,
                    records_leaked = excluded.records_leaked, provinces = excluded.provinces,
                    critical_infrastructure = excluded.critical_infrastructure, graded_by = excluded.graded_by, graded_at = excluded.graded_at
                """, [.integer(threat.rawValue), .text(grade.rawValue), .of(impact.usersAffected), .of(impact.recordsLeaked), .of(impact.provinces),
                      .of(impact.criticalInfrastructure), .text(person), .integer(now)]),
            Self.audit(at: now, actor: person, action: "grade", type: "threat", id: threat.description, from: nil, to: grade.rawValue,
                       detail: impact.description),
        ])
    }

    /// Raises an open ticket's severity and brings its deadline forward to `deadline` (never later than it was), with
    /// an audit row; nothing when the ticket is already at least that severe.
    public func raise(_ ticketID: Int64, to severity: Severity, deadline: Int64, by person: String, reason: String, at now: Int64) async throws {
        let t = try await ticket(ticketID)
        guard t.state.isOpen, t.severity < severity else { return }
        let newDeadline = min(t.deadline, deadline)
        _ = try await sql.perform([
            SQLStatement("UPDATE tickets SET severity = ?, deadline = ?, updated_at = ? WHERE id = ? AND severity = ? AND deadline = ? RETURNING id",
                         [.text(severity.rawValue), .integer(newDeadline), .integer(now), .integer(ticketID), .text(t.severity.rawValue), .integer(t.deadline)],
                         expect: .exactly(1), else: "ticket \(ticketID) changed meanwhile; grade again"),
            Self.audit(at: now, actor: person, action: "raiseSeverity", type: "ticket", id: String(ticketID), from: t.severity.rawValue, to: severity.rawValue,
                       detail: "\(reason); deadline \(UTCTime.format(t.deadline)) → \(UTCTime.format(newDeadline))"),
        ])
    }

    /// An incident's grade, if set.
    public func grade(of threat: ThreatID) async throws -> IncidentGrade? {
        try await sql.rows("SELECT grade FROM incident_grades WHERE threat_id = ?", [.integer(threat.rawValue)]).first.flatMap { IncidentGrade(rawValue: $0[text: 0]) }
    }
}
