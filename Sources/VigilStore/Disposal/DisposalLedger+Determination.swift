import VigilCore

extension DisposalLedger {
    /// What a determination pass reads.
    public enum Pending: Sendable {
        /// Threats with no determination yet.
        case undetermined
        /// Threats left to review that more sources have reported since.
        case reviewWithNewSources
    }

    /// Threats awaiting determination, in id order after `after`, at most `limit`. The two kinds are read apart, so
    /// that each is one index range scan on both stores (an `OR` of the two defeats PostgreSQL's anti-join).
    public func pendingDeterminations(_ kind: Pending = .undetermined, after: ThreatID?, limit: Int) async throws -> [PendingThreat] {
        let select = """
            SELECT t.id, t.kind, t.indicator_type, t.indicator, t.sources, d.organization_id, t.province, s.name, t.origin_seen_at
            FROM threats t
            JOIN sources s ON s.id = t.origin_source
            LEFT JOIN attribution_details d ON d.id = t.details_id
            """
        let args: [SQLValue] = [.integer(after?.rawValue ?? Int64.min), .integer(Int64(max(1, limit)))]
        let rows = switch kind {
        case .undetermined:
            try await sql.rows("""
                \(select)
                WHERE t.id > ? AND NOT EXISTS (SELECT 1 FROM determinations x WHERE x.threat_id = t.id)
                ORDER BY t.id LIMIT ?
                """, args)
        case .reviewWithNewSources:
            try await sql.rows("""
                \(select)
                JOIN determinations x ON x.threat_id = t.id
                WHERE x.decision = 'needsReview' AND x.threat_id > ? AND x.rule = 'no_rule' AND x.sources_seen < t.sources
                ORDER BY x.threat_id LIMIT ?
                """, args)
        }
        var pending = rows.map { r in
            PendingThreat(
                id: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other,
                indicator: Indicator(uncheckedType: IndicatorType(rawValue: r[text: 2]) ?? .ip, value: r[text: 3]),
                sources: Int(r[int: 4]), organization: r[opt: 5], province: r[optInt: 6].map { Int($0) },
                reports: [ThreatFacts.Report(source: r[text: 7], seenAt: r[int: 8])])
        }
        let several = pending.filter { $0.sources > 1 }.map { SQLValue.integer($0.id.rawValue) }
        guard !several.isEmpty else { return pending }
        let reports = try await sql.rows("""
            SELECT ts.threat_id, s.name, MIN(ts.seen_at) FROM threat_sightings ts JOIN sources s ON s.id = ts.source_id
            WHERE ts.threat_id IN (\(Self.marks(several.count))) GROUP BY ts.threat_id, s.name
            """, several)
        var bySource: [Int64: [String: Int64]] = [:]
        for r in reports { bySource[r[int: 0], default: [:]][r[text: 1]] = r[int: 2] }
        for i in pending.indices {
            guard var seen = bySource[pending[i].id.rawValue] else { continue }
            for report in pending[i].reports { seen[report.source] = min(seen[report.source] ?? .max, report.seenAt) }
            pending[i].reports = seen.keys.sorted().map { ThreatFacts.Report(source: $0, seenAt: seen[$0] ?? 0) }
        }
        return pending
    }

    /// Stores the rules' decisions. A threat a person decided (or an appeal) is never overwritten; a review item is
    /// replaced when the rules now decide otherwise, or refreshed with its new source count. Each changed decision gets
    /// its audit row in the same transaction. Returns how many determinations were written or changed.
    @discardableResult
    public func record(_ decisions: [(threat: PendingThreat, determination: Determination)], at now: Int64) async throws -> Int {
        guard !decisions.isEmpty else { return 0 }
        var seen = Set<ThreatID>()
        let unique = decisions.filter { seen.insert($0.threat.id).inserted }
        let ids = unique.map { SQLValue.integer($0.threat.id.rawValue) }
        let results = try await sql.perform(steps: [
            { _ in [SQLStatement("SELECT threat_id, decision, rule, sources_seen FROM determinations WHERE threat_id IN (\(Self.marks(ids.count)))", ids)] },
            { results in
                var current: [Int64: (decision: String, rule: String, sources: Int64)] = [:]
                for r in results[0] { current[r[int: 0]] = (r[text: 1], r[text: 2], r[int: 3]) }
                let writes = unique.filter { threat, d in
                    guard let old = current[threat.id.rawValue] else { return true }
                    return old.rule == Determination.Rule.noRule.rawValue && (old.decision != d.decision.rawValue || old.sources != Int64(threat.sources))
                }
                return Self.chunked(writes, rows: 400).map { part in
                    SQLStatement("""
                        INSERT INTO determinations (threat_id, decision, rule, evidence, decided_by, decided_at, sources_seen)
                        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: part.count).joined(separator: ", "))
                        ON CONFLICT (threat_id) DO UPDATE SET decision = excluded.decision, rule = excluded.rule,
                            evidence = excluded.evidence, decided_by = excluded.decided_by, decided_at = excluded.decided_at,
                            sources_seen = excluded.sources_seen
                        WHERE determinations.rule = 'no_rule'
                            AND (determinations.decision <> excluded.decision OR determinations.sources_seen <> excluded.sources_seen)
                        RETURNING threat_id
                        """, part.flatMap { threat, d -> [SQLValue] in
                            [.integer(threat.id.rawValue), .text(d.decision.rawValue), .text(d.rule.rawValue), .text(Self.encode(d.evidence)),
                             .text(d.decidedBy), .integer(now), .integer(Int64(threat.sources))]
                        })
                }
            },
            { results in
                // Audit what changed: the rows the upserts returned (a concurrent worker's identical write returns none).
                var before: [Int64: String] = [:]
                for r in results[0] { before[r[int: 0]] = r[text: 1] }
                let written = Set(results.dropFirst().flatMap { $0.map { $0[int: 0] } })
                let audited = unique.filter { threat, d in written.contains(threat.id.rawValue) && before[threat.id.rawValue] != d.decision.rawValue }
                return Self.chunked(audited, rows: 500).map { part in
                    SQLStatement("""
                        INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail)
                        VALUES \(Array(repeating: "(?, ?, 'determine', 'threat', ?, ?, ?, ?)", count: part.count).joined(separator: ", "))
                        """, part.flatMap { threat, d -> [SQLValue] in
                            [.integer(now), .text(d.decidedBy), .text(threat.id.description), .of(before[threat.id.rawValue]), .text(d.decision.rawValue),
                             .text(d.rule.rawValue + ": " + d.evidence.joined(separator: "; "))]
                        })
                }
            },
        ])
        return results.dropFirst().reduce(0) { $0 + $1.filter { $0.count == 1 }.count }
    }

    /// `items` in runs of at most `rows`.
    static func chunked<T>(_ items: [T], rows: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: rows).map { items[$0..<min($0 + rows, items.count)] }
    }

    /// A threat's current determination.
    public func determination(of threat: ThreatID) async throws -> StoredDetermination? {
        try await sql.rows(
            "SELECT threat_id, decision, rule, evidence, decided_by, decided_at, reason FROM determinations WHERE threat_id = ?",
            [.integer(threat.rawValue)]
        ).first.map(Self.storedDetermination)
    }

    static func storedDetermination(_ r: [SQLValue]) -> StoredDetermination {
        StoredDetermination(
            threat: ThreatID(rawValue: r[int: 0]),
            determination: Determination(
                Determination.Decision(rawValue: r[text: 1]) ?? .needsReview, rule: Determination.Rule(rawValue: r[text: 2]) ?? .noRule,
                evidence: decode(r[opt: 3]), decidedBy: r[text: 4]),
            decidedAt: r[int: 5], reason: r[opt: 6])
    }

    /// Counts of determinations by decision and rule.
    public func determinationCounts() async throws -> [Determination.Decision: [Determination.Rule: Int]] {
        var out: [Determination.Decision: [Determination.Rule: Int]] = [:]
        for r in try await sql.rows("SELECT decision, rule, COUNT(*) FROM determinations GROUP BY decision, rule", []) {
            guard let decision = Determination.Decision(rawValue: r[text: 0]), let rule = Determination.Rule(rawValue: r[text: 1]) else { continue }
            out[decision, default: [:]][rule] = Int(r[int: 2])
        }
        return out
    }

    /// The review queue: threats no rule decided, and confirmed threats under appeal; appeals first (oldest first),
    /// then threats to review (oldest decision first). With `province`, only that province's threats (the caller's
    /// scope, in the query). `after` continues from the last item of the page before.
    public func reviewQueue(province: Int? = nil, after: ReviewItem.Cursor? = nil, limit: Int = 100) async throws -> [ReviewItem] {
        var items: [ReviewItem] = []
        var afterAppeal: Int64?
        var afterReview: (decidedAt: Int64, threat: ThreatID)?
        switch after {
        case .appeal(let id)?: afterAppeal = id
        case .review(let at, let threat)?: afterReview = (at, threat)
        case nil: break
        }
        if afterReview == nil {
            var values: [SQLValue] = []
            var clauses = ["a.state = 'pending'"]
            if let id = afterAppeal { clauses.append("a.id > ?"); values.append(.integer(id)) }
            if let province { clauses.append("t.province = ?"); values.append(.integer(Int64(province))) }
            values.append(.integer(Int64(max(0, limit))))
            let appeals = try await sql.rows("""
                SELECT a.id, a.threat_id, a.ticket_id, a.filed_by, a.reason, a.state, a.filed_at, a.decided_by, a.decided_at, a.decision_reason
                FROM appeals a JOIN threats t ON t.id = a.threat_id WHERE \(clauses.joined(separator: " AND ")) ORDER BY a.id LIMIT ?
                """, values).map(Self.appeal)
            for appeal in appeals {
                if let item = try await reviewItem(appeal.threat, appeal: appeal) { items.append(item) }
            }
            // A full page of appeals: the next page goes on with appeals, whatever became of this page's rows.
            if appeals.count == limit { return items }
        }
        guard items.count < limit else { return items }
        var values: [SQLValue] = []
        var clauses = ["x.decision = 'needsReview'"]
        if let province { clauses.append("t.province = ?"); values.append(.integer(Int64(province))) }
        if let after = afterReview {
            clauses.append("(x.decided_at > ? OR (x.decided_at = ? AND x.threat_id > ?))")
            values += [.integer(after.decidedAt), .integer(after.decidedAt), .integer(after.threat.rawValue)]
        }
        values.append(.integer(Int64(limit - items.count)))
        let rows = try await sql.rows("""
            SELECT x.threat_id, x.decision, x.rule, x.evidence, x.decided_by, x.decided_at, x.reason,
                t.kind, t.indicator, d.organization_id, t.province
            FROM determinations x JOIN threats t ON t.id = x.threat_id LEFT JOIN attribution_details d ON d.id = t.details_id
            WHERE \(clauses.joined(separator: " AND ")) ORDER BY x.decided_at, x.threat_id LIMIT ?
            """, values)
        items += rows.map { r in
            ReviewItem(threat: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 7]) ?? .other, indicator: r[text: 8],
                       organization: r[opt: 9], province: r[optInt: 10].map { Int($0) }, determination: Self.storedDetermination(r), appeal: nil)
        }
        return items
    }

    /// One review item; nil when the threat has no determination.
    func reviewItem(_ threat: ThreatID, appeal: Appeal?) async throws -> ReviewItem? {
        try await sql.rows("""
            SELECT x.threat_id, x.decision, x.rule, x.evidence, x.decided_by, x.decided_at, x.reason,
                t.kind, t.indicator, d.organization_id, t.province
            FROM determinations x JOIN threats t ON t.id = x.threat_id LEFT JOIN attribution_details d ON d.id = t.details_id
            WHERE x.threat_id = ?
            """, [.integer(threat.rawValue)]).first.map { r in
            ReviewItem(threat: threat, kind: ThreatKind(rawValue: r[text: 7]) ?? .other, indicator: r[text: 8], organization: r[opt: 9],
                       province: r[optInt: 10].map { Int($0) }, determination: Self.storedDetermination(r), appeal: appeal)
        }
    }

    /// A person's decision on a threat, with a reason. With a pending appeal, confirming upholds the threat (the
    /// appeal is turned down) and rejecting reverses it (the appeal succeeds). Rejecting a threat on a ticket takes it
    /// off the ticket, and withdraws a ticket left with no threats.
    @discardableResult
    public func decide(_ threat: ThreatID, confirm: Bool, reason: String, by person: String, at now: Int64) async throws -> StoredDetermination {
        let reason = try Self.require(reason, "a reason")
        guard let current = try await determination(of: threat) else {
            throw StoreError(.notFound, "threat \(threat) has no determination yet; run `vigil run --once` first, or check the id with `vigil threats`")
        }
        let pending = try await appeals(threat: threat).first { $0.state == .pending }
        let decision: Determination.Decision = confirm ? .confirmed : .rejected
        let rule: Determination.Rule = pending == nil ? .manual : (confirm ? .appealRejected : .appealReversed)
        let id = SQLValue.integer(threat.rawValue)
        var statements = [
            SQLStatement("""
                UPDATE determinations SET decision = ?, rule = ?, decided_by = ?, decided_at = ?, reason = ?
                WHERE threat_id = ? AND decision = ? AND rule = ? AND decided_at = ? RETURNING threat_id
                """, [.text(decision.rawValue), .text(rule.rawValue), .text(person), .integer(now), .text(reason), id,
                      .text(current.determination.decision.rawValue), .text(current.determination.rule.rawValue), .integer(current.decidedAt)],
                expect: .exactly(1), else: "threat \(threat) was decided by someone else meanwhile; look again with `vigil review`"),
            Self.audit(at: now, actor: person, action: pending == nil ? "decide" : "decideAppeal", type: "threat", id: threat.description,
                       from: current.determination.decision.rawValue, to: decision.rawValue, detail: "\(rule.rawValue): \(reason)"),
        ]
        if let appeal = pending {
            let outcome: Appeal.State = confirm ? .upheld : .reversed
            statements.append(SQLStatement(
                "UPDATE appeals SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND state = 'pending' RETURNING id",
                [.text(outcome.rawValue), .text(person), .integer(now), .text(reason), .integer(appeal.id)],
                expect: .exactly(1), else: "appeal \(appeal.id) was decided by someone else meanwhile"))
            statements.append(Self.audit(at: now, actor: person, action: "decideAppeal", type: "appeal", id: String(appeal.id),
                                         from: "pending", to: outcome.rawValue, detail: reason))
        }
        if !confirm { statements += Self.withdrawal(of: threat, by: person, reason: reason, at: now) }
        _ = try await sql.perform(statements)
        guard let stored = try await determination(of: threat) else { throw StoreError(.notFound, "threat \(threat) vanished") }
        return stored
    }

    /// Takes a threat off its tickets, and withdraws (with an audit row) any ticket left with no threats.
    static func withdrawal(of threat: ThreatID, by person: String, reason: String, at now: Int64) -> [SQLStatement] {
        let id = SQLValue.integer(threat.rawValue)
        let emptied = """
            FROM tickets k WHERE k.id IN (SELECT ticket_id FROM ticket_threats WHERE threat_id = ?)
                AND k.state NOT IN ('closed', 'withdrawn')
                AND NOT EXISTS (SELECT 1 FROM ticket_threats o WHERE o.ticket_id = k.id AND o.removed_at IS NULL)
            """
        return [
            SQLStatement("""
                UPDATE tickets SET threat_count = threat_count - 1 WHERE id IN (SELECT ticket_id FROM ticket_threats WHERE threat_id = ? AND removed_at IS NULL)
                """, [id]),
            SQLStatement("UPDATE ticket_threats SET removed_at = ? WHERE threat_id = ? AND removed_at IS NULL", [.integer(now), id]),
            SQLStatement("""
                INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail, source_ip)
                SELECT ?, ?, 'withdraw', 'ticket', CAST(k.id AS TEXT), k.state, 'withdrawn', ?, ? \(emptied)
                """, [.integer(now), .text(person), .text("threat \(threat) reversed: \(reason)"), .of(AuditOrigin.sourceIP), id]),
            SQLStatement("UPDATE tickets SET state = 'withdrawn', updated_at = ? WHERE id IN (SELECT k.id \(emptied))", [.integer(now), id]),
        ]
    }
}
