import VigilCore

extension DisposalLedger {
    static let ticketColumns = """
        k.id, k.organization, k.measure, k.state, k.severity, k.province, k.issued_at, k.deadline, k.acknowledged_at,
        k.reported_done_at, k.verified_at, k.closed_at, k.escalations, k.reopenings, k.notify_parent, k.notify_cac, k.note,
        k.evidence, k.threat_count
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

    /// Confirmed threats on no ticket, in id order after `after`, at most `limit`; a threat set aside for want of an owner comes back once it has one
    /// (after `vigil refdata apply`).
    public func confirmedUnticketed(after: ThreatID? = nil, limit: Int) async throws -> [ConfirmedThreat] {
        try await sql.rows("""
            SELECT x.threat_id, t.kind, t.indicator, d.organization_id, t.province, g.grade
            FROM determinations x JOIN threats t ON t.id = x.threat_id
            LEFT JOIN attribution_details d ON d.id = t.details_id
            LEFT JOIN incident_grades g ON g.threat_id = x.threat_id
            WHERE x.decision = 'confirmed' AND x.threat_id > ?
                AND NOT EXISTS (SELECT 1 FROM ticket_threats tt WHERE tt.threat_id = x.threat_id AND tt.removed_at IS NULL)
                AND (d.organization_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM unassigned_threats u WHERE u.threat_id = x.threat_id))
            ORDER BY x.threat_id LIMIT ?
            """, [.integer(after?.rawValue ?? Int64.min), .integer(Int64(max(1, limit)))]).map { r in
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
    /// with no owner set aside. Each ticket commits with its threats, notices and audit rows. Idempotent: a ticket
    /// already open for a key (another process may have opened it) is joined, not duplicated; threats and notices
    /// already written are left alone, and a threat taken off a ticket and confirmed again goes back on. Returns the
    /// tickets the plan touched.
    @discardableResult
    public func issue(_ plan: TicketPlanner.Plan, provinces: [ThreatID: Int], notices: [TicketPlanner.Key: [NoticeRequest]], at now: Int64) async throws -> [Ticket] {
        var touched: [Int64] = []
        for ticket in plan.newTickets {
            let province = ticket.threats.lazy.compactMap { provinces[$0] }.first
            let key = ticket.key
            let insert = SQLStatement("""
                INSERT INTO tickets (organization, measure, state, severity, province, issued_at, deadline, updated_at, notify_parent, notify_cac)
                VALUES (?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (organization, measure) WHERE state IN \(Self.openStates) DO NOTHING RETURNING id
                """, [.text(key.organization), .text(key.measure.rawValue), .text(ticket.severity.rawValue), .of(province), .integer(now),
                      .integer(ticket.deadline), .integer(now), .of(ticket.notifyParent), .of(ticket.notifyCyberspaceAdministration)])
            let detail = "severity \(ticket.severity.rawValue), deadline \(UTCTime.format(ticket.deadline))"
            if let id = try await place(ticket.threats, on: key, creating: insert, detail: detail, notices: notices[key] ?? [], at: now) { touched.append(id) }
        }
        for (key, threats) in plan.additions.sorted(by: { $0.key < $1.key }) {
            if let id = try await place(threats, on: key, creating: nil, detail: "", notices: [], at: now) { touched.append(id) }
        }
        for part in Self.chunked(plan.unassigned, rows: 500) {
            _ = try await sql.perform([SQLStatement("""
                INSERT INTO unassigned_threats (threat_id, province, since) VALUES \(Array(repeating: "(?, ?, ?)", count: part.count).joined(separator: ", "))
                ON CONFLICT (threat_id) DO NOTHING
                """, part.flatMap { [.integer($0.rawValue), .of(provinces[$0]), .integer(now)] })])
        }
        var out: [Ticket] = []
        for id in Set(touched).sorted() { out.append(try await ticket(id)) }
        return out
    }

    /// Puts `threats` on the open ticket of `key` — created first by `creating`, when given — with `notices`, and the
    /// audit row saying what happened (`issue`, or `addThreats` with the threats actually added), in one transaction.
    /// Returns the ticket's id, or nil when no ticket of the key is open (it closed meanwhile: the next pass opens one).
    func place(_ threats: [ThreatID], on key: TicketPlanner.Key, creating: SQLStatement?, detail: String, notices: [NoticeRequest], at now: Int64) async throws -> Int64? {
        let find = SQLStatement("SELECT id FROM tickets WHERE organization = ? AND measure = ? AND state IN \(Self.openStates)",
                                [.text(key.organization), .text(key.measure.rawValue)])
        let findIndex = creating == nil ? 0 : 1
        let parts = Self.chunked(threats, rows: 500)
        let results = try await sql.perform(steps: [
            { _ in (creating.map { [$0] } ?? []) + [find] },
            { results in
                guard let id = results[findIndex].first?[int: 0] else { return [] }
                var statements = parts.map { part in
                    SQLStatement("""
                        INSERT INTO ticket_threats (threat_id, ticket_id, added_at) VALUES \(Array(repeating: "(?, ?, ?)", count: part.count).joined(separator: ", "))
                        ON CONFLICT (threat_id, ticket_id) DO UPDATE SET removed_at = NULL, added_at = excluded.added_at
                        WHERE ticket_threats.removed_at IS NOT NULL
                        RETURNING threat_id
                        """, part.flatMap { [.integer($0.rawValue), .integer(id), .integer(now)] })
                }
                if !notices.isEmpty {
                    statements.append(SQLStatement("""
                        INSERT INTO notices (ticket_id, purpose, channel, recipient, state, attempts, next_attempt_at, created_at)
                        VALUES \(Array(repeating: "(?, ?, ?, ?, 'pending', 0, ?, ?)", count: notices.count).joined(separator: ", "))
                        ON CONFLICT (ticket_id, purpose, channel, recipient) DO NOTHING
                        """, notices.flatMap { n in [.integer(id), .text(n.purpose), .text(n.channel.rawValue), .text(n.recipient), .integer(now), .integer(now)] }))
                }
                return statements
            },
            { results in
                guard let id = results[findIndex].first?[int: 0] else { return [] }
                let created = creating != nil && !results[0].isEmpty
                let added = results.dropFirst(findIndex + 1).prefix(parts.count).reduce(0) { $0 + $1.count }
                // The ticket's count of threats on it, kept with the rows it counts.
                let count = SQLStatement("UPDATE tickets SET threat_count = threat_count + ? WHERE id = ?", [.integer(Int64(added)), .integer(id)])
                if created {
                    return [count, Self.audit(at: now, actor: "system", action: "issue", type: "ticket", id: String(id), from: nil, to: "issued",
                                              detail: "\(added) threats, \(detail)")]
                }
                guard added > 0 else { return [] }
                let sample = threats.prefix(20).map(\.description).joined(separator: ", ")
                return [count, SQLStatement("""
                    INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail, source_ip)
                    SELECT ?, 'system', 'addThreats', 'ticket', CAST(id AS TEXT), state, state, ?, ? FROM tickets WHERE id = ?
                    """, [.integer(now), .text("\(added) threats added (of \(threats.count) planned: \(sample))"), .of(AuditOrigin.sourceIP), .integer(id)])]
            },
        ])
        return results[findIndex].first?[int: 0]
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
        if let measure = filter.measure {
            clauses.append("k.measure = ?")
            args.append(.text(measure.rawValue))
        }
        if let id = filter.id {
            clauses.append("k.id = ?")
            args.append(.integer(id))
        }
        if let before = filter.beforeID {
            clauses.append("k.id < ?")
            args.append(.integer(before))
        }
        args.append(.integer(Int64(max(0, filter.limit))))
        return try await sql.rows("""
            SELECT \(Self.ticketColumns) FROM tickets k \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY k.id DESC LIMIT ?
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
        if next == .reopened {
            // One open ticket per (organization, measure): say so plainly rather than trip over the unique index.
            let other = try await sql.rows("SELECT id FROM tickets WHERE organization = ? AND measure = ? AND id <> ? AND state IN \(Self.openStates)",
                                           [.text(current.organization), .text(current.measure.rawValue), .integer(id)])
            if let open = other.first?[int: 0] {
                throw StoreError(.conflict, "ticket \(id) cannot be reopened while ticket \(open) is open for the same organization and measure; "
                    + "the threats still present belong there: add them to it, or close or withdraw it first")
            }
        }
        args += [.integer(id), .text(current.state.rawValue), .integer(current.deadline)]
        var detail = [note, evidence.map { "evidence: \($0)" }].compactMap { $0 }.joined(separator: "; ")
        if detail.isEmpty { detail = event.rawValue }
        var statements = [
            SQLStatement("UPDATE tickets SET \(sets.joined(separator: ", ")) WHERE id = ? AND state = ? AND deadline = ? RETURNING id", args,
                         expect: .exactly(1), else: "ticket \(id) changed meanwhile; look again with `vigil tickets show \(id)`"),
            Self.audit(at: now, actor: actor, action: event.rawValue, type: "ticket", id: String(id), from: current.state.rawValue, to: next.rawValue, detail: detail),
        ]
        // The report's rollup: threats disposed of (each the first time its ticket is reported done with it on) and
        // verified fixed, that day.
        if event == .reportDone {
            statements.append(Self.disposalRollup(ticket: id, organization: current.organization, disposed: true, at: now))
            statements.append(SQLStatement("UPDATE ticket_threats SET disposed_at = ? WHERE ticket_id = ? AND removed_at IS NULL AND disposed_at IS NULL",
                                           [.integer(now), .integer(id)]))
        } else if event == .verifyFixed {
            statements.append(Self.disposalRollup(ticket: id, organization: current.organization, disposed: false, at: now))
        }
        _ = try await sql.perform(statements)
        return try await ticket(id)
    }

    /// Adds a ticket's threats to `disposal_daily` (Beijing day of `now`): those not yet disposed of as disposed of,
    /// or all of them as verified fixed.
    static func disposalRollup(ticket id: Int64, organization: String, disposed: Bool, at now: Int64) -> SQLStatement {
        SQLStatement("""
            INSERT INTO disposal_daily (day, organization, kind, province, operator, disposed, verified)
            SELECT ?, ?, t.kind, COALESCE(t.province, 0), t.operator, \(disposed ? "COUNT(*), 0" : "0, COUNT(*)")
            FROM ticket_threats tt JOIN threats t ON t.id = tt.threat_id WHERE tt.ticket_id = ? AND tt.removed_at IS NULL\(disposed ? " AND tt.disposed_at IS NULL" : "")
            GROUP BY t.kind, COALESCE(t.province, 0), t.operator
            ON CONFLICT (day, organization, kind, province, operator)
            DO UPDATE SET disposed = disposal_daily.disposed + excluded.disposed, verified = disposal_daily.verified + excluded.verified
            """, [.integer(ThreatDay.of(now)), .text(organization), .integer(id)])
    }

    /// Takes escalation step number `taken + 1` of an open ticket: counts it, audits it and writes its notices, in one
    /// transaction. Fails when the ticket has meanwhile taken that step (another process) or left the open states.
    @discardableResult
    public func escalate(_ id: Int64, taken: Int, step: EscalationPolicy.Step, notices: [NoticeRequest], by actor: String, reason: String, at now: Int64) async throws -> Ticket {
        let current = try await ticket(id)
        let purpose = Self.purpose(of: step, number: taken + 1)
        var statements = [
            SQLStatement("""
                UPDATE tickets SET escalations = escalations + 1, updated_at = ?
                WHERE id = ? AND escalations = ? AND state IN \(Self.openStates) RETURNING id
                """, [.integer(now), .integer(id), .integer(Int64(taken))],
                expect: .exactly(1), else: "ticket \(id) was escalated by someone else meanwhile, or is no longer open; look again with `vigil tickets show \(id)`"),
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
