import VigilCore

extension DisposalLedger {
    static let ticketColumns = """
        k.id, k.organization, k.measure, k.state, k.severity, k.province, k.issued_at, k.deadline, k.acknowledged_at,
        k.reported_done_at, k.verified_at, k.closed_at, k.escalations, k.reopenings, k.notify_parent, k.notify_cac, k.note,
        k.evidence, (SELECT COUNT(*) FROM ticket_threats o WHERE o.ticket_id = k.id AND o.removed_at IS NULL)
        """

    static func ticket(_ r: [SQLValue]) -> Ticket {
        Ticket(
            id: r[int: 0], organization: r[text: 1], measure: Measure(rawValue: r[text: 2]) ?? .otherTechnical,
            state: TicketState(rawValue: r[text: 3]) ?? .issued, severity: Severity(rawValue: r[text: 4]) ?? .medium,
            province: r[optInt: 5].map { Int($0) }, issuedAt: r[int: 6], deadline: r[int: 7], acknowledgedAt: r[optInt: 8],
            reportedDoneAt: r[optInt: 9], verifiedAt: r[optInt: 10], closedAt: r[optInt: 11], escalations: Int(r[int: 12]),
            reopenings: Int(r[int: 13]), notifyParent: r[int: 14] != 0, notifyCyberspaceAdministration: r[int: 15] != 0,
            note: r[opt: 16], evidence: r[opt: 17], threats: Int(r[int: 18]))
    }

    /// Confirmed threats on no ticket (and not waiting for an owner), at most `limit`.
    public func confirmedUnticketed(limit: Int) async throws -> [ConfirmedThreat] {
        try await sql.rows("""
            SELECT x.threat_id, t.kind, t.indicator, d.organization_id, t.province, g.grade
            FROM determinations x JOIN threats t ON t.id = x.threat_id
            LEFT JOIN attribution_details d ON d.id = t.details_id
            LEFT JOIN incident_grades g ON g.threat_id = x.threat_id
            WHERE x.decision = 'confirmed'
                AND NOT EXISTS (SELECT 1 FROM ticket_threats tt WHERE tt.threat_id = x.threat_id AND tt.removed_at IS NULL)
                AND NOT EXISTS (SELECT 1 FROM unassigned_threats u WHERE u.threat_id = x.threat_id)
            ORDER BY x.threat_id LIMIT ?
            """, [.integer(Int64(max(1, limit)))]).map { r in
            ConfirmedThreat(threat: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other, indicator: r[text: 2],
                            organization: r[opt: 3], province: r[optInt: 4].map { Int($0) }, grade: r[opt: 5].flatMap(IncidentGrade.init(rawValue:)))
        }
    }

    /// The (organization, measure) of every open ticket.
    public func openTicketKeys() async throws -> Set<TicketPlanner.Key> {
        Set(try await sql.rows("SELECT organization, measure FROM tickets WHERE state IN \(Self.openStates)", []).compactMap { r in
            Measure(rawValue: r[text: 1]).map { TicketPlanner.Key(organization: r[text: 0], measure: $0) }
        })
    }

    /// Writes a plan: new tickets with their threats, audit rows and notices; threats added to open tickets; threats
    /// with no owner set aside. Each ticket commits with its threats and notices. Idempotent: a ticket already open
    /// for a key is joined, not duplicated; threats and notices already written are left alone. Returns the tickets
    /// the plan touched.
    @discardableResult
    public func issue(_ plan: TicketPlanner.Plan, provinces: [ThreatID: Int], notices: [TicketPlanner.Key: [NoticeRequest]], at now: Int64) async throws -> [Ticket] {
        var touched: [TicketPlanner.Key] = []
        for ticket in plan.newTickets {
            let key = ticket.key
            let province = ticket.threats.lazy.compactMap { provinces[$0] }.first
            var statements = [SQLStatement("""
                INSERT INTO tickets (organization, measure, state, severity, province, issued_at, deadline, updated_at, notify_parent, notify_cac)
                VALUES (?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (organization, measure) WHERE state IN \(Self.openStates) DO NOTHING RETURNING id
                """, [.text(key.organization), .text(key.measure.rawValue), .text(ticket.severity.rawValue), .of(province), .integer(now),
                      .integer(ticket.deadline), .integer(now), .of(ticket.notifyParent), .of(ticket.notifyCyberspaceAdministration)])]
            statements.append(SQLStatement("""
                INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail)
                SELECT ?, 'system', 'issue', 'ticket', CAST(id AS TEXT), NULL, 'issued', ? FROM tickets
                WHERE organization = ? AND measure = ? AND state = 'issued' AND issued_at = ? AND updated_at = ?
                    AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = 'ticket' AND a.object_id = CAST(tickets.id AS TEXT) AND a.action = 'issue')
                """, [.integer(now), .text("\(ticket.threats.count) threats, severity \(ticket.severity.rawValue), deadline \(UTCTime.format(ticket.deadline))"),
                      .text(key.organization), .text(key.measure.rawValue), .integer(now), .integer(now)]))
            statements += Self.placing(ticket.threats, on: key, at: now)
            statements += Self.enqueueing(notices[key] ?? [], on: key, at: now)
            _ = try await sql.perform(statements)
            touched.append(key)
        }
        for (key, threats) in plan.additions.sorted(by: { $0.key < $1.key }) {
            _ = try await sql.perform(Self.placing(threats, on: key, at: now) + [SQLStatement("""
                INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail)
                SELECT ?, 'system', 'addThreats', 'ticket', CAST(id AS TEXT), state, state, ? FROM tickets
                WHERE organization = ? AND measure = ? AND state IN \(Self.openStates)
                """, [.integer(now), .text("\(threats.count) threats added: " + threats.prefix(20).map(\.description).joined(separator: ", ")),
                      .text(key.organization), .text(key.measure.rawValue)])])
            touched.append(key)
        }
        if !plan.unassigned.isEmpty {
            _ = try await sql.perform(plan.unassigned.map { threat in
                SQLStatement("INSERT INTO unassigned_threats (threat_id, province, since) VALUES (?, ?, ?) ON CONFLICT (threat_id) DO NOTHING",
                             [.integer(threat.rawValue), .of(provinces[threat]), .integer(now)])
            })
        }
        var out: [Ticket] = []
        for key in touched {
            out += try await sql.rows("""
                SELECT \(Self.ticketColumns) FROM tickets k WHERE k.organization = ? AND k.measure = ? AND k.state IN \(Self.openStates)
                """, [.text(key.organization), .text(key.measure.rawValue)]).map(Self.ticket)
        }
        return out
    }

    static func placing(_ threats: [ThreatID], on key: TicketPlanner.Key, at now: Int64) -> [SQLStatement] {
        threats.map { threat in
            SQLStatement("""
                INSERT INTO ticket_threats (threat_id, ticket_id, added_at)
                SELECT ?, id, ? FROM tickets WHERE organization = ? AND measure = ? AND state IN \(Self.openStates)
                ON CONFLICT (threat_id, ticket_id) DO NOTHING
                """, [.integer(threat.rawValue), .integer(now), .text(key.organization), .text(key.measure.rawValue)])
        }
    }

    static func enqueueing(_ requests: [NoticeRequest], on key: TicketPlanner.Key, at now: Int64) -> [SQLStatement] {
        requests.map { n in
            SQLStatement("""
                INSERT INTO notices (ticket_id, purpose, channel, recipient, state, attempts, next_attempt_at, created_at)
                SELECT id, ?, ?, ?, 'pending', 0, ?, ? FROM tickets WHERE organization = ? AND measure = ? AND state IN \(Self.openStates)
                ON CONFLICT (ticket_id, purpose, channel, recipient) DO NOTHING
                """, [.text(n.purpose), .text(n.channel.rawValue), .text(n.recipient), .integer(now), .integer(now),
                      .text(key.organization), .text(key.measure.rawValue)])
        }
    }

    /// Tickets matching a filter, newest first.
    public func tickets(_ filter: TicketFilter = TicketFilter()) async throws -> [Ticket] {
        var clauses: [String] = []
        var args: [SQLValue] = []
        if let organization = filter.organization {
            clauses.append("k.organization = ?")
            args.append(.text(organization))
        }
        if !filter.states.isEmpty {
            clauses.append("k.state IN (\(Self.marks(filter.states.count)))")
            args += filter.states.map(\.rawValue).sorted().map { .text($0) }
        }
        if let province = filter.province {
            clauses.append("k.province = ?")
            args.append(.integer(Int64(province)))
        }
        if let now = filter.overdueAt {
            clauses.append("k.state IN \(Self.openStates) AND k.deadline < ?")
            args.append(.integer(now))
        }
        args.append(.integer(Int64(max(0, filter.limit))))
        return try await sql.rows("""
            SELECT \(Self.ticketColumns) FROM tickets k \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY k.issued_at DESC, k.id DESC LIMIT ?
            """, args).map(Self.ticket)
    }

    /// One ticket.
    public func ticket(_ id: Int64) async throws -> Ticket {
        guard let ticket = try await sql.rows("SELECT \(Self.ticketColumns) FROM tickets k WHERE k.id = ?", [.integer(id)]).first.map(Self.ticket) else {
            throw StoreError(.notFound, "no ticket \(id); list them with `vigil tickets list`")
        }
        return ticket
    }

    /// The threats on a ticket (those withdrawn from it too, with `removed` set).
    public func threats(onTicket id: Int64) async throws -> [(threat: ThreatID, kind: ThreatKind, indicator: String, removed: Bool)] {
        try await sql.rows("""
            SELECT tt.threat_id, t.kind, t.indicator, tt.removed_at FROM ticket_threats tt JOIN threats t ON t.id = tt.threat_id
            WHERE tt.ticket_id = ? ORDER BY tt.threat_id
            """, [.integer(id)]).map { r in
            (ThreatID(rawValue: r[int: 0]), ThreatKind(rawValue: r[text: 1]) ?? .other, r[text: 2], !r[3].isNull)
        }
    }

    /// The open ticket a threat is on, if any.
    public func openTicket(of threat: ThreatID) async throws -> Int64? {
        try await sql.rows("""
            SELECT tt.ticket_id FROM ticket_threats tt JOIN tickets k ON k.id = tt.ticket_id
            WHERE tt.threat_id = ? AND tt.removed_at IS NULL AND k.state NOT IN ('closed', 'withdrawn') ORDER BY tt.ticket_id DESC
            """, [.integer(threat.rawValue)]).first.map { $0[int: 0] }
    }

    /// Moves a ticket by `event`, checked against its state machine; `note` and `evidence` come with the
    /// organization's feedback. Fails, changing nothing, when the event is not allowed or the ticket changed meanwhile.
    @discardableResult
    public func transition(_ id: Int64, _ event: TicketState.Event, by actor: String, note: String? = nil, evidence: String? = nil, at now: Int64) async throws -> Ticket {
        let current = try await ticket(id)
        let next: TicketState
        do {
            next = try current.state.after(event)
        } catch {
            throw StoreError(.conflict, "ticket \(id): \(error)")
        }
        var sets = ["state = ?", "updated_at = ?"]
        var args: [SQLValue] = [.text(next.rawValue), .integer(now)]
        switch event {
        case .acknowledge: sets.append("acknowledged_at = COALESCE(acknowledged_at, ?)"); args.append(.integer(now))
        case .reportDone: sets.append("reported_done_at = ?"); args.append(.integer(now))
        case .verifyFixed: sets.append("verified_at = ?"); args.append(.integer(now))
        case .verifyFailed: sets.append("reopenings = reopenings + 1")
        case .close: sets.append("closed_at = ?"); args.append(.integer(now))
        case .withdraw: break
        }
        if let note {
            sets.append("note = ?")
            args.append(.text(note))
        }
        if let evidence {
            sets.append("evidence = ?")
            args.append(.text(evidence))
        }
        args += [.integer(id), .text(current.state.rawValue), .integer(current.deadline)]
        var detail = [note, evidence.map { "evidence: \($0)" }].compactMap { $0 }.joined(separator: "; ")
        if detail.isEmpty { detail = event.rawValue }
        _ = try await sql.perform([
            SQLStatement("UPDATE tickets SET \(sets.joined(separator: ", ")) WHERE id = ? AND state = ? AND deadline = ? RETURNING id", args,
                         expect: .exactly(1), else: "ticket \(id) changed meanwhile; look again with `vigil tickets show \(id)`"),
            Self.audit(at: now, actor: actor, action: event.rawValue, type: "ticket", id: String(id), from: current.state.rawValue, to: next.rawValue, detail: detail),
        ])
        return try await ticket(id)
    }

    /// Takes the next escalation step of a ticket: counts it, audits it and writes its notices, in one transaction.
    /// Fails when another process took that step meanwhile.
    @discardableResult
    public func escalate(_ id: Int64, step: EscalationPolicy.Step, notices: [NoticeRequest], by actor: String, reason: String, at now: Int64) async throws -> Ticket {
        let current = try await ticket(id)
        let purpose = Self.purpose(of: step, number: current.escalations + 1)
        var statements = [
            SQLStatement("UPDATE tickets SET escalations = escalations + 1, updated_at = ? WHERE id = ? AND escalations = ? RETURNING id",
                         [.integer(now), .integer(id), .integer(Int64(current.escalations))],
                         expect: .exactly(1), else: "ticket \(id) was escalated by someone else meanwhile"),
            Self.audit(at: now, actor: actor, action: "escalate", type: "ticket", id: String(id), from: current.state.rawValue,
                       to: current.state.rawValue, detail: "\(purpose): \(reason)"),
        ]
        statements += notices.map { n in
            SQLStatement("""
                INSERT INTO notices (ticket_id, purpose, channel, recipient, state, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (ticket_id, purpose, channel, recipient) DO NOTHING
                """, [.integer(id), .text(purpose), .text(n.channel.rawValue), .text(n.recipient), .integer(now), .integer(now)])
        }
        _ = try await sql.perform(statements)
        return try await ticket(id)
    }

    /// The notice purpose of an escalation step: `reminder`, `escalation-parent`, `escalation-province`, numbered
    /// after the first so a repeated ladder step is a new notice.
    public static func purpose(of step: EscalationPolicy.Step, number: Int) -> String {
        let base = switch step.target {
        case .organization: "reminder"
        case .parent: "escalation-parent"
        case .provincialAdministration: "escalation-province"
        }
        return "\(base)-\(number)"
    }
}

extension DisposalLedger {
    /// The threats still on a ticket, as threat records (attribution: province, operator, organization).
    public func threatRecords(onTicket id: Int64) async throws -> [Threat] {
        try await sql.rows("""
            SELECT t.id, t.kind, t.indicator_type, t.indicator, t.first_seen, t.last_seen, t.sightings, t.sources, t.country, t.province,
                t.operator, d.organization_id, d.organization_name
            FROM ticket_threats tt JOIN threats t ON t.id = tt.threat_id LEFT JOIN attribution_details d ON d.id = t.details_id
            WHERE tt.ticket_id = ? AND tt.removed_at IS NULL ORDER BY t.id
            """, [.integer(id)]).map { r in
            Threat(id: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other,
                   indicator: Indicator(uncheckedType: IndicatorType(rawValue: r[text: 2]) ?? .ip, value: r[text: 3]),
                   firstSeen: r[int: 4], lastSeen: r[int: 5], sightings: Int(r[int: 6]), sources: Int(r[int: 7]),
                   attribution: Attribution(countryCode: r[opt: 8], provinceCode: r[optInt: 9].map { Int($0) },
                                            networkOperator: NetworkOperator(rawValue: r[text: 10]) ?? .unknown,
                                            organizationID: r[opt: 11], organizationName: r[opt: 12]))
        }
    }
}
