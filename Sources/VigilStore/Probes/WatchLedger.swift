import Foundation
import VigilCore

/// Watches, their checks' last verdicts, alerts and the alerts' deliveries, in portable SQL for both stores. A run's
/// states, evidence, alerts and deliveries are written in one transaction, guarded on the watch's last run, so two
/// workers never both record one interval.
public struct WatchLedger: Sendable {
    let sql: any SQLExecutor

    /// A ledger on a store.
    public init(_ store: any SQLExecutor) { sql = store }

    static let columns = "id, name, spec, interval_seconds, enabled, created_by, created_at, last_run_at"

    static func watch(_ r: [SQLValue]) -> Watch {
        Watch(id: r[int: 0], name: r[text: 1], spec: r[text: 2], intervalSeconds: r[int: 3], enabled: r[int: 4] != 0, createdBy: r[text: 5], createdAt: r[int: 6],
              lastRunAt: r[optInt: 7])
    }

    /// Adds a watch; fails with a conflict when the name is taken.
    public func add(name: String, spec: String, intervalSeconds: Int64, by actor: String, at now: Int64) async throws -> Watch {
        let name = try DisposalLedger.require(name, "a watch name")
        guard intervalSeconds >= 10 else { throw StoreError(.invalidArgument, "a watch's interval is at least 10 seconds") }
        if try await watch(named: name) != nil { throw StoreError(.conflict, "a watch named '\(name)' exists; pick another name or remove it first") }
        let rows = try await sql.perform([
            SQLStatement("INSERT INTO watches (name, spec, interval_seconds, enabled, created_by, created_at) VALUES (?, ?, ?, 1, ?, ?) RETURNING id",
                         [.text(name), .text(spec), .integer(intervalSeconds), .text(actor), .integer(now)]),
            DisposalLedger.audit(at: now, actor: actor, action: "watch-add", type: "watch", id: name, from: nil, to: "enabled", detail: "every \(intervalSeconds) s"),
        ])
        guard let id = rows.first?.first?[int: 0] else { throw StoreError(.write, "the watch was not added") }
        return Watch(id: id, name: name, spec: spec, intervalSeconds: intervalSeconds, enabled: true, createdBy: actor, createdAt: now, lastRunAt: nil)
    }

    /// Replaces a watch's specification (a baseline taken on its first run, an edit).
    public func update(_ id: Int64, spec: String, by actor: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("UPDATE watches SET spec = ? WHERE id = ? RETURNING id", [.text(spec), .integer(id)], expect: .exactly(1), else: "no watch \(id)"),
            DisposalLedger.audit(at: now, actor: actor, action: "watch-update", type: "watch", id: String(id), from: nil, to: nil, detail: "specification replaced"),
        ])
    }

    /// Turns a watch off (its history stays) or on again.
    public func setEnabled(_ id: Int64, _ enabled: Bool, by actor: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("UPDATE watches SET enabled = ? WHERE id = ? RETURNING id", [.of(enabled), .integer(id)], expect: .exactly(1), else: "no watch \(id); list them with `vigil watch list`"),
            DisposalLedger.audit(at: now, actor: actor, action: enabled ? "watch-enable" : "watch-disable", type: "watch", id: String(id), from: nil,
                                 to: enabled ? "enabled" : "disabled", detail: nil),
        ])
    }

    /// Every watch, by name.
    public func watches() async throws -> [Watch] {
        try await sql.rows("SELECT \(Self.columns) FROM watches ORDER BY name", []).map(Self.watch)
    }

    public func watch(_ id: Int64) async throws -> Watch? {
        try await sql.rows("SELECT \(Self.columns) FROM watches WHERE id = ?", [.integer(id)]).first.map(Self.watch)
    }

    public func watch(named name: String) async throws -> Watch? {
        try await sql.rows("SELECT \(Self.columns) FROM watches WHERE name = ?", [.text(name)]).first.map(Self.watch)
    }

    /// Enabled watches whose interval has passed at `now`.
    public func due(at now: Int64) async throws -> [Watch] {
        try await sql.rows("SELECT \(Self.columns) FROM watches WHERE enabled = 1 AND (last_run_at IS NULL OR last_run_at + interval_seconds <= ?) ORDER BY id",
                           [.integer(now)]).map(Self.watch)
    }

    /// The checks' last verdicts.
    public func checks(watch id: Int64) async throws -> [WatchCheckState] {
        try await sql.rows("SELECT check_key, verdict, failures, alerting, detail, checked_at FROM watch_checks WHERE watch_id = ? ORDER BY check_key", [.integer(id)]).map { r in
            WatchCheckState(key: r[text: 0], verdict: r[text: 1], failures: Int(r[int: 2]), alerting: r[int: 3] != 0, detail: r[opt: 4], checkedAt: r[int: 5])
        }
    }

    /// Records one run: the checks' states, their evidence, the alerts raised and a delivery per alert and contact.
    /// Fails with a conflict, writing nothing, when another worker recorded a run since `watch.lastRunAt`.
    public func recordRun(
        _ watch: Watch, states: [WatchCheckState], evidence: [StoredEvidence], alerts: [WatchAlert], contacts: [(channel: String, recipient: String)], at now: Int64
    ) async throws -> [WatchAlert] {
        var steps: [SQLStep] = [{ _ in
            [SQLStatement("UPDATE watches SET last_run_at = ? WHERE id = ? AND \(watch.lastRunAt == nil ? "last_run_at IS NULL" : "last_run_at = ?") RETURNING id",
                          [.integer(now), .integer(watch.id)] + (watch.lastRunAt.map { [SQLValue.integer($0)] } ?? []),
                          expect: .exactly(1), else: "watch \(watch.name) ran in another worker meanwhile")]
        }]
        steps.append { _ in
            states.map { s in
                SQLStatement("""
                    INSERT INTO watch_checks (watch_id, check_key, verdict, failures, alerting, detail, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (watch_id, check_key) DO UPDATE SET verdict = excluded.verdict, failures = excluded.failures, alerting = excluded.alerting,
                    detail = excluded.detail, checked_at = excluded.checked_at
                    """, [.integer(watch.id), .text(s.key), .text(s.verdict), .integer(Int64(s.failures)), .of(s.alerting), .of(s.detail), .integer(s.checkedAt)])
            } + evidence.map { e in
                var e = e
                e.watchID = watch.id
                return ProbeLedger.insert(e, recheck: nil, threat: nil)
            } + alerts.map { a in
                SQLStatement("INSERT INTO watch_alerts (watch_id, check_key, kind, detail, raised_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                             [.integer(watch.id), .text(a.key), .text(a.kind), .text(a.detail), .integer(a.raisedAt)])
            }
        }
        let first = 1 + states.count + evidence.count
        steps.append { results in
            let ids = results[first..<(first + alerts.count)].compactMap { $0.first?[int: 0] }
            return ids.flatMap { id in
                contacts.map { c in
                    SQLStatement("""
                        INSERT INTO alert_deliveries (alert_id, channel, recipient, state, attempts, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?)
                        ON CONFLICT (alert_id, channel, recipient) DO NOTHING
                        """, [.integer(id), .text(c.channel), .text(c.recipient), .integer(now)])
                }
            }
        }
        let results = try await sql.perform(steps: steps)
        let ids = results[first..<(first + alerts.count)].compactMap { $0.first?[int: 0] }
        return zip(alerts, ids).map { a, id in
            var a = a
            a.id = id
            return a
        }
    }

    /// Alerts, newest first, of one watch or all.
    public func alerts(watch id: Int64? = nil, beforeID: Int64? = nil, limit: Int = 100) async throws -> [WatchAlert] {
        var clauses: [String] = [], args: [SQLValue] = []
        if let id {
            clauses.append("watch_id = ?")
            args.append(.integer(id))
        }
        if let beforeID {
            clauses.append("id < ?")
            args.append(.integer(beforeID))
        }
        args.append(.integer(Int64(limit)))
        return try await sql.rows("""
            SELECT id, watch_id, check_key, kind, detail, raised_at FROM watch_alerts \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY id DESC LIMIT ?
            """, args).map { r in WatchAlert(id: r[int: 0], watchID: r[int: 1], key: r[text: 2], kind: r[text: 3], detail: r[text: 4], raisedAt: r[int: 5]) }
    }

    static let deliveryColumns = "id, alert_id, channel, recipient, state, attempts, next_attempt_at, last_error, sent_at"

    static func delivery(_ r: [SQLValue]) -> AlertDelivery {
        AlertDelivery(id: r[int: 0], alertID: r[int: 1], channel: r[text: 2], recipient: r[text: 3], state: r[text: 4], attempts: Int(r[int: 5]),
                      nextAttemptAt: r[int: 6], lastError: r[opt: 7], sentAt: r[optInt: 8])
    }

    /// Deliveries waiting to be tried at `now`.
    public func dueDeliveries(at now: Int64, limit: Int = 100) async throws -> [AlertDelivery] {
        try await sql.rows("SELECT \(Self.deliveryColumns) FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                           [.integer(now), .integer(Int64(limit))]).map(Self.delivery)
    }

    /// The deliveries of an alert.
    public func deliveries(alert id: Int64) async throws -> [AlertDelivery] {
        try await sql.rows("SELECT \(Self.deliveryColumns) FROM alert_deliveries WHERE alert_id = ? ORDER BY id", [.integer(id)]).map(Self.delivery)
    }

    /// Records an attempt: sent, failed for good, or pending again at `retryAt`. Guarded on the attempt count.
    public func recordDelivery(_ d: AlertDelivery, sent: Bool, retryAt: Int64?, detail: String, at now: Int64) async throws {
        let state = sent ? "sent" : retryAt == nil ? "failed" : "pending"
        _ = try await sql.perform([SQLStatement("""
            UPDATE alert_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, sent_at = ?
            WHERE id = ? AND attempts = ? AND state = 'pending' RETURNING id
            """, [.text(state), .integer(retryAt ?? now), sent ? .null : .text(String(detail.prefix(500))), sent ? .integer(now) : .null, .integer(d.id),
                  .integer(Int64(d.attempts))], expect: .exactly(1), else: "alert delivery \(d.id) was attempted by another worker")])
    }

    /// One alert.
    public func alert(_ id: Int64) async throws -> WatchAlert? {
        try await sql.rows("SELECT id, watch_id, check_key, kind, detail, raised_at FROM watch_alerts WHERE id = ?", [.integer(id)]).first.map { r in
            WatchAlert(id: r[int: 0], watchID: r[int: 1], key: r[text: 2], kind: r[text: 3], detail: r[text: 4], raisedAt: r[int: 5])
        }
    }
}
