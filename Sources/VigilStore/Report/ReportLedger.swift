import Foundation
import VigilCore

/// The situation report's figures for a span of days (``ThreatDay`` numbers, Beijing time, inclusive), read from the
/// rollups kept on write (`threat_daily`, `source_daily`, `disposal_daily`) and from the few rows of tickets,
/// incidents, campaigns and watches; never from a scan of the threats. Portable SQL for both stores.
public struct ReportLedger: Sendable {
    let sql: any SQLExecutor

    public init(_ store: any SQLExecutor) { sql = store }

    /// When each ticket's threats were disposed of, for stores made before `disposed_at` was kept: the first report
    /// of done (in the audit log) at or after the threat joined the ticket, unless the threat left before it.
    public static let backfillDisposedAt = [
        """
        UPDATE ticket_threats SET disposed_at = (SELECT MIN(a.at) FROM audit_log a WHERE a.object_type = 'ticket'
            AND a.object_id = CAST(ticket_threats.ticket_id AS TEXT) AND a.action = 'reportDone' AND a.at >= ticket_threats.added_at)
        """,
        "UPDATE ticket_threats SET disposed_at = NULL WHERE removed_at IS NOT NULL AND disposed_at IS NOT NULL AND removed_at <= disposed_at",
    ]

    /// `disposal_daily` computed afresh from the tickets, under the threats' current province and operator: each
    /// threat disposed of on the day of its `disposed_at`, and verified on its ticket's `verified_at` if it was on the
    /// ticket then. The same figures the ticket transitions keep (after `DELETE FROM disposal_daily`).
    public static let rebuildDisposalDaily = """
        INSERT INTO disposal_daily (day, organization, kind, province, operator, disposed, verified)
        SELECT day, organization, kind, province, operator, SUM(d), SUM(v) FROM (
            SELECT \(ThreatDay.sql("tt.disposed_at")) AS day, k.organization AS organization, t.kind AS kind, COALESCE(t.province, 0) AS province,
                   t.operator AS operator, 1 AS d, 0 AS v
            FROM ticket_threats tt JOIN tickets k ON k.id = tt.ticket_id JOIN threats t ON t.id = tt.threat_id
            WHERE tt.disposed_at IS NOT NULL
            UNION ALL
            SELECT \(ThreatDay.sql("k.verified_at")), k.organization, t.kind, COALESCE(t.province, 0), t.operator, 0, 1
            FROM tickets k JOIN ticket_threats tt ON tt.ticket_id = k.id AND tt.added_at <= k.verified_at AND (tt.removed_at IS NULL OR tt.removed_at > k.verified_at)
            JOIN threats t ON t.id = tt.threat_id
            WHERE k.verified_at IS NOT NULL
        ) x GROUP BY day, organization, kind, province, operator
        """

    /// New threats (by the day of their first sighting) of one kind, province and operator.
    public struct Monitored: Sendable, Hashable {
        public var kind: ThreatKind
        /// GB/T 2260 code; 0 when unknown.
        public var province: Int
        public var networkOperator: NetworkOperator
        public var threats: Int
    }

    /// New threats of one kind reported first by one source.
    public struct Reported: Sendable, Hashable {
        public var source: String
        public var kind: ThreatKind
        public var threats: Int
    }

    /// Threats of one kind, province and operator that an organization disposed of (first reported done) and that
    /// were verified fixed.
    public struct Disposed: Sendable, Hashable {
        public var organization: String
        public var kind: ThreatKind
        public var province: Int
        public var networkOperator: NetworkOperator
        public var disposed: Int
        public var verified: Int
    }

    /// A ticket issued in the span, for disposal performance.
    public struct IssuedTicket: Sendable, Hashable {
        public var organization: String
        public var record: DisposalPerformance.TicketRecord
    }

    /// A graded incident whose threat was first seen in the span.
    public struct GradedIncident: Sendable, Hashable {
        public var threat: ThreatID
        public var kind: ThreatKind
        public var indicator: String
        public var grade: IncidentGrade
        public var usersAffected: Int?
        public var recordsLeaked: Int?
    }

    /// A watch's alerts raised in the span, by kind, and its checks.
    public struct WatchActivity: Sendable, Hashable {
        public var name: String
        public var checks: Int
        public var alerts: [String: Int]
    }

    /// The first and last second (UTC) of a span of days.
    static func seconds(_ firstDay: Int64, _ lastDay: Int64) -> (Int64, Int64) {
        (ThreatDay.start(firstDay), ThreatDay.start(lastDay + 1) - 1)
    }

    /// Every threat in the store: the rollup `vigil stats` reads.
    public func storeTotal() async throws -> Int {
        try await PlatformLedger(sql).statistics(province: nil, organization: nil).total
    }

    public func monitored(from firstDay: Int64, to lastDay: Int64) async throws -> [Monitored] {
        try await sql.rows("""
            SELECT kind, province, operator, CAST(SUM(threats) AS BIGINT) FROM threat_daily WHERE day >= ? AND day <= ?
            GROUP BY kind, province, operator
            """, [.integer(firstDay), .integer(lastDay)]).map { r in
            Monitored(kind: ThreatKind(rawValue: r[text: 0]) ?? .other, province: Int(r[int: 1]),
                      networkOperator: NetworkOperator(rawValue: r[text: 2]) ?? .unknown, threats: Int(r[int: 3]))
        }
    }

    public func reported(from firstDay: Int64, to lastDay: Int64) async throws -> [Reported] {
        try await sql.rows("""
            SELECT s.name, d.kind, CAST(SUM(d.threats) AS BIGINT) FROM source_daily d JOIN sources s ON s.id = d.source_id
            WHERE d.day >= ? AND d.day <= ? GROUP BY s.name, d.kind
            """, [.integer(firstDay), .integer(lastDay)]).map { r in
            Reported(source: r[text: 0], kind: ThreatKind(rawValue: r[text: 1]) ?? .other, threats: Int(r[int: 2]))
        }
    }

    public func disposed(from firstDay: Int64, to lastDay: Int64) async throws -> [Disposed] {
        try await sql.rows("""
            SELECT organization, kind, province, operator, CAST(SUM(disposed) AS BIGINT), CAST(SUM(verified) AS BIGINT) FROM disposal_daily
            WHERE day >= ? AND day <= ? GROUP BY organization, kind, province, operator
            """, [.integer(firstDay), .integer(lastDay)]).map { r in
            Disposed(organization: r[text: 0], kind: ThreatKind(rawValue: r[text: 1]) ?? .other, province: Int(r[int: 2]),
                     networkOperator: NetworkOperator(rawValue: r[text: 3]) ?? .unknown, disposed: Int(r[int: 4]), verified: Int(r[int: 5]))
        }
    }

    /// Tickets issued in the span (along the `issued_at` index).
    public func tickets(from firstDay: Int64, to lastDay: Int64) async throws -> [IssuedTicket] {
        let (start, end) = Self.seconds(firstDay, lastDay)
        return try await sql.rows("""
            SELECT organization, issued_at, deadline, reported_done_at, reopenings, state FROM tickets WHERE issued_at >= ? AND issued_at <= ?
            """, [.integer(start), .integer(end)]).map { r in
            IssuedTicket(organization: r[text: 0], record: DisposalPerformance.TicketRecord(
                issuedAt: r[int: 1], deadline: r[int: 2], reportedDoneAt: r[optInt: 3], reopenings: Int(r[int: 4]), state: TicketState(rawValue: r[text: 5]) ?? .issued))
        }
    }

    /// Graded incidents first seen in the span, gravest first (grade, then users affected, then records leaked). The
    /// few graded incidents lead the join (`CROSS JOIN` keeps SQLite from scanning the threats instead).
    public func incidents(from firstDay: Int64, to lastDay: Int64) async throws -> [GradedIncident] {
        let (start, end) = Self.seconds(firstDay, lastDay)
        let rows = try await sql.rows("""
            SELECT g.threat_id, t.kind, t.indicator, g.grade, g.users_affected, g.records_leaked
            FROM incident_grades g CROSS JOIN threats t WHERE t.id = g.threat_id AND t.first_seen >= ? AND t.first_seen <= ?
            """, [.integer(start), .integer(end)])
        let incidents = rows.compactMap { r -> GradedIncident? in
            guard let grade = IncidentGrade(rawValue: r[text: 3]) else { return nil }
            return GradedIncident(threat: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other, indicator: r[text: 2], grade: grade,
                                  usersAffected: r[optInt: 4].map { Int($0) }, recordsLeaked: r[optInt: 5].map { Int($0) })
        }
        return incidents.sorted {
            if $0.grade != $1.grade { return $0.grade < $1.grade }
            if ($0.usersAffected ?? 0) != ($1.usersAffected ?? 0) { return ($0.usersAffected ?? 0) > ($1.usersAffected ?? 0) }
            if ($0.recordsLeaked ?? 0) != ($1.recordsLeaked ?? 0) { return ($0.recordsLeaked ?? 0) > ($1.recordsLeaked ?? 0) }
            return $0.threat.rawValue < $1.threat.rawValue
        }
    }

    /// Every watch with the alerts it raised in the span, by kind.
    public func watches(from firstDay: Int64, to lastDay: Int64) async throws -> [WatchActivity] {
        let (start, end) = Self.seconds(firstDay, lastDay)
        var out: [Int64: WatchActivity] = [:]
        var order: [Int64] = []
        for r in try await sql.rows("""
            SELECT w.id, w.name, (SELECT COUNT(*) FROM watch_checks c WHERE c.watch_id = w.id) FROM watches w WHERE w.created_at <= ? ORDER BY w.name
            """, [.integer(end)]) {
            out[r[int: 0]] = WatchActivity(name: r[text: 1], checks: Int(r[int: 2]), alerts: [:])
            order.append(r[int: 0])
        }
        for r in try await sql.rows("""
            SELECT watch_id, kind, COUNT(*) FROM watch_alerts WHERE raised_at >= ? AND raised_at <= ? GROUP BY watch_id, kind
            """, [.integer(start), .integer(end)]) {
            out[r[int: 0]]?.alerts[r[text: 1]] = Int(r[int: 2])
        }
        return order.compactMap { out[$0] }
    }
}
