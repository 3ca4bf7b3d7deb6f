import Foundation
import VigilCore

/// Re-checks and probe evidence, in portable SQL for both stores: scheduling a round of re-checks when a ticket is
/// reported done (once per round, idempotent), handing out the due ones, recording each attempt with its evidence in
/// one transaction (guarded by the attempt count, so two workers cannot both record one attempt), and fix rates.
public struct ProbeLedger: Sendable {
    let sql: any SQLExecutor

    /// A ledger on a store.
    public init(_ store: any SQLExecutor) { sql = store }

    static let columns = "r.id, r.ticket_id, r.threat_id, r.round, r.probe, r.target, r.attempts, r.due_at, r.verdict, r.fingerprint, r.created_at, r.completed_at"

    static func recheck(_ r: [SQLValue]) -> Recheck {
        Recheck(id: r[int: 0], ticketID: r[int: 1], threat: ThreatID(rawValue: r[int: 2]), round: Int(r[int: 3]), probe: r[text: 4], target: r[text: 5],
                attempts: Int(r[int: 6]), dueAt: r[int: 7], verdict: r[opt: 8], fingerprint: r[opt: 9], createdAt: r[int: 10], completedAt: r[optInt: 11])
    }

    /// Threats of tickets reported done that have no re-check in the ticket's current round.
    public func candidates(limit: Int = 1_000) async throws -> [RecheckCandidate] {
        try await sql.rows("""
            SELECT k.id, k.reopenings, tt.threat_id, t.kind, t.indicator FROM tickets k
            JOIN ticket_threats tt ON tt.ticket_id = k.id AND tt.removed_at IS NULL
            JOIN threats t ON t.id = tt.threat_id
            WHERE k.state = 'reportedDone'
              AND NOT EXISTS (SELECT 1 FROM rechecks r WHERE r.ticket_id = k.id AND r.threat_id = tt.threat_id AND r.round = k.reopenings)
            ORDER BY k.id, tt.threat_id LIMIT ?
            """, [.integer(Int64(limit))]).map { r in
            RecheckCandidate(ticketID: r[int: 0], round: Int(r[int: 1]), threat: ThreatID(rawValue: r[int: 2]), kind: ThreatKind(rawValue: r[text: 3]) ?? .other,
                             indicator: r[text: 4])
        }
    }

    /// Schedules re-checks (once per ticket, threat and round: repeating this changes nothing). A candidate without
    /// a probe (`probe` nil) is recorded as done with `skipped` as its verdict (`noProbe`, `outOfScope`), so that it is
    /// not offered again.
    @discardableResult
    public func schedule(_ rechecks: [(candidate: RecheckCandidate, probe: String?, target: String, fingerprint: String?)], due: Int64, skipped: String = "noProbe",
                         at now: Int64) async throws -> Int {
        guard !rechecks.isEmpty else { return 0 }
        let statements = rechecks.map { r in
            SQLStatement("""
                INSERT INTO rechecks (ticket_id, threat_id, round, probe, target, attempts, due_at, verdict, fingerprint, created_at, completed_at)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id, threat_id, round) DO NOTHING RETURNING id
                """, [.integer(r.candidate.ticketID), .integer(r.candidate.threat.rawValue), .integer(Int64(r.candidate.round)), .text(r.probe ?? "none"),
                      .text(r.target), .integer(due), r.probe == nil ? .text(skipped) : .null, .of(r.fingerprint), .integer(now),
                      r.probe == nil ? .integer(now) : .null])
        }
        return try await sql.perform(statements).reduce(0) { $0 + $1.count }
    }

    /// Re-checks due at `now`, oldest first: only those of the current round of a ticket still reported done (a
    /// round left behind by a reopening, a withdrawal or a person's verification is not probed).
    public func due(at now: Int64, limit: Int = 100) async throws -> [Recheck] {
        try await sql.rows("""
            SELECT \(Self.columns) FROM rechecks r JOIN tickets k ON k.id = r.ticket_id
            WHERE r.verdict IS NULL AND r.due_at <= ? AND k.state = 'reportedDone' AND r.round = k.reopenings
            ORDER BY r.due_at, r.id LIMIT ?
            """, [.integer(now), .integer(Int64(limit))]).map(Self.recheck)
    }

    /// Tickets reported done whose current round has a verdict: each pass looks at them again, so that a round is
    /// concluded even when the pass that recorded its last verdict did not get to it.
    public func concludable(limit: Int = 1_000) async throws -> [(ticket: Int64, round: Int)] {
        try await sql.rows("""
            SELECT k.id, k.reopenings FROM tickets k WHERE k.state = 'reportedDone'
              AND EXISTS (SELECT 1 FROM rechecks r WHERE r.ticket_id = k.id AND r.round = k.reopenings AND r.verdict IS NOT NULL)
            ORDER BY k.id LIMIT ?
            """, [.integer(Int64(limit))]).map { ($0[int: 0], Int($0[int: 1])) }
    }

    /// Records one attempt of `recheck` with its evidence: a verdict ends it, otherwise it is due again at `nextDue`.
    /// Fails with a conflict, recording nothing, when another worker recorded this attempt first.
    @discardableResult
    public func record(_ recheck: Recheck, evidence: [StoredEvidence], verdict: String?, nextDue: Int64, at now: Int64) async throws -> Recheck {
        var statements = [SQLStatement("""
            UPDATE rechecks SET attempts = attempts + 1, due_at = ?, verdict = ?, completed_at = ? WHERE id = ? AND attempts = ? AND verdict IS NULL RETURNING id
            """, [.integer(nextDue), .of(verdict), verdict == nil ? .null : .integer(now), .integer(recheck.id), .integer(Int64(recheck.attempts))],
            expect: .exactly(1), else: "re-check \(recheck.id) attempt \(recheck.attempts + 1) was recorded by another worker")]
        statements += evidence.map { e in Self.insert(e, recheck: recheck.id, threat: recheck.threat) }
        _ = try await sql.perform(statements)
        var updated = recheck
        updated.attempts += 1
        updated.dueAt = nextDue
        updated.verdict = verdict
        updated.completedAt = verdict == nil ? nil : now
        return updated
    }

    /// Ends the round's other open re-checks of a ticket (`superseded`): the ticket reopened on one threat.
    public func supersede(ticket: Int64, round: Int, at now: Int64) async throws {
        _ = try await sql.perform([SQLStatement("UPDATE rechecks SET verdict = 'superseded', completed_at = ? WHERE ticket_id = ? AND round = ? AND verdict IS NULL",
                                                [.integer(now), .integer(ticket), .integer(Int64(round))])])
    }

    /// A ticket's re-checks, newest round first.
    public func rechecks(ticket: Int64) async throws -> [Recheck] {
        try await sql.rows("SELECT \(Self.columns) FROM rechecks r WHERE r.ticket_id = ? ORDER BY r.round DESC, r.threat_id", [.integer(ticket)]).map(Self.recheck)
    }

    static func insert(_ e: StoredEvidence, recheck: Int64?, threat: ThreatID?) -> SQLStatement {
        SQLStatement("""
            INSERT INTO probe_evidence (recheck_id, threat_id, watch_id, probe, target, verdict, positive, fingerprint, sent_at, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.of(recheck ?? e.recheckID), .of((threat ?? e.threat)?.rawValue), .of(e.watchID), .text(e.probe), .text(e.target), .text(e.verdict),
                  .of(e.positive), .of(e.fingerprint), .integer(e.sentAt), .text(e.evidence)])
    }

    /// Stores evidence not tied to a re-check (a finding about a threat, a watch's check).
    public func store(_ evidence: [StoredEvidence]) async throws {
        guard !evidence.isEmpty else { return }
        _ = try await sql.perform(evidence.map { Self.insert($0, recheck: nil, threat: nil) })
    }

    static let evidenceColumns = "id, recheck_id, threat_id, watch_id, probe, target, verdict, positive, fingerprint, sent_at, evidence"

    static func evidence(_ r: [SQLValue]) -> StoredEvidence {
        StoredEvidence(id: r[int: 0], recheckID: r[optInt: 1], threat: r[optInt: 2].map(ThreatID.init(rawValue:)), watchID: r[optInt: 3], probe: r[text: 4],
                       target: r[text: 5], verdict: r[text: 6], positive: r[int: 7] != 0, fingerprint: r[opt: 8], sentAt: r[int: 9], evidence: r[text: 10])
    }

    /// The evidence of a re-check, in order.
    public func evidence(recheck: Int64) async throws -> [StoredEvidence] {
        try await sql.rows("SELECT \(Self.evidenceColumns) FROM probe_evidence WHERE recheck_id = ? ORDER BY id", [.integer(recheck)]).map(Self.evidence)
    }

    /// The evidence about a threat, newest first.
    public func evidence(threat: ThreatID, limit: Int = 50) async throws -> [StoredEvidence] {
        try await sql.rows("SELECT \(Self.evidenceColumns) FROM probe_evidence WHERE threat_id = ? ORDER BY id DESC LIMIT ?",
                           [.integer(threat.rawValue), .integer(Int64(limit))]).map(Self.evidence)
    }

    /// The evidence of a watch's checks, newest first.
    public func evidence(watch: Int64, limit: Int = 50) async throws -> [StoredEvidence] {
        try await sql.rows("SELECT \(Self.evidenceColumns) FROM probe_evidence WHERE watch_id = ? ORDER BY id DESC LIMIT ?",
                           [.integer(watch), .integer(Int64(limit))]).map(Self.evidence)
    }

    /// The fingerprint of the first positive finding about a threat, if Vigil's probe saw one.
    public func firstFingerprint(threat: ThreatID) async throws -> String? {
        try await sql.rows("SELECT fingerprint FROM probe_evidence WHERE threat_id = ? AND positive = 1 AND fingerprint IS NOT NULL ORDER BY id LIMIT 1",
                           [.integer(threat.rawValue)]).first?[opt: 0]
    }

    /// Completed re-checks counted by verdict, per organization and per network prefix (IPv4 /24, IPv6 /48): a fix
    /// rate for an operator's home modems means little per address, whose addresses change.
    public func fixRates(since: Int64 = 0) async throws -> (organizations: [FixRate], prefixes: [FixRate]) {
        let rows = try await sql.rows("""
            SELECT k.organization, r.target, r.verdict FROM rechecks r JOIN tickets k ON k.id = r.ticket_id
            WHERE r.verdict IS NOT NULL AND r.verdict NOT IN ('noProbe', 'outOfScope', 'superseded') AND r.completed_at >= ?
            """, [.integer(since)])
        var organizations: [String: [String: Int]] = [:], prefixes: [String: [String: Int]] = [:]
        for r in rows {
            let verdict = r[text: 2]
            organizations[r[text: 0], default: [:]][verdict, default: 0] += 1
            if let prefix = Self.prefix(of: r[text: 1]) { prefixes[prefix, default: [:]][verdict, default: 0] += 1 }
        }
        func rates(_ d: [String: [String: Int]]) -> [FixRate] { d.map { FixRate(key: $0.key, verdicts: $0.value) }.sorted { $0.key < $1.key } }
        return (rates(organizations), rates(prefixes))
    }

    /// The /24 (IPv4) or /48 (IPv6) of a target's address (`a.b.c.d:port`, `[v6]:port`, or a URL with an address).
    static func prefix(of target: String) -> String? {
        var host = Substring(target)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...].prefix { $0 != "/" } }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            host = host[..<colon]
        }
        guard let address = IPAddress(host) else { return nil }
        return CIDRBlock(address: address, prefixLength: address.bitWidth == 32 ? 24 : 48).description
    }
}
