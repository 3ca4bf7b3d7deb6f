import Foundation
import VigilCore

extension PlatformLedger {
    /// Threat counts by kind, province and operator, for everything or narrowed to a province or an organization.
    /// Everything and a province come from the rollup kept on write; an organization's are counted from its threats.
    public func statistics(province: Int?, organization: String?) async throws -> ScopedStatistics {
        let rows: [[SQLValue]]
        if let organization {
            var values: [SQLValue] = [.text(organization)]
            if let province { values.append(.integer(Int64(province))) }
            rows = try await sql.rows("""
                SELECT t.kind, COALESCE(t.province, 0), t.operator, COUNT(*) FROM threats t
                WHERE t.details_id IN (SELECT id FROM attribution_details WHERE organization_id = ?)\(province == nil ? "" : " AND t.province = ?") GROUP BY t.kind, COALESCE(t.province, 0), t.operator
                """, values)
        } else if let province {
            rows = try await sql.rows("SELECT kind, province, operator, threats FROM threat_rollup WHERE province = ? AND threats > 0",
                                      [.integer(Int64(province))])
        } else {
            rows = try await sql.rows("SELECT kind, province, operator, threats FROM threat_rollup WHERE threats > 0", [])
        }
        var out = ScopedStatistics()
        for r in rows {
            let kind = ThreatKind(rawValue: r[text: 0]) ?? .other
            let n = Int(r[int: 3])
            out.total += n
            out.byKind[kind, default: 0] += n
            out.byProvince[Int(r[int: 1]), default: 0] += n
            out.byOperator[NetworkOperator(rawValue: r[text: 2]) ?? .unknown, default: 0] += n
        }
        return out
    }
}

extension PlatformLedger {
    /// New threats per day (``ThreatDay``) from `firstDay` to `lastDay` inclusive, by kind, for everything or a
    /// province (from the daily rollup kept on write) or an organization (counted from its threats).
    public func daily(from firstDay: Int64, to lastDay: Int64, province: Int?, organization: String?) async throws -> [DailyCount] {
        let rows: [[SQLValue]]
        if let organization {
            var values: [SQLValue] = [.text(organization), .integer(ThreatDay.start(firstDay)), .integer(ThreatDay.start(lastDay + 1))]
            if let province { values.append(.integer(Int64(province))) }
            rows = try await sql.rows("""
                SELECT \(ThreatDay.sql("t.origin_seen_at")), t.kind, COUNT(*) FROM threats t
                WHERE t.details_id IN (SELECT id FROM attribution_details WHERE organization_id = ?) AND t.origin_seen_at >= ? AND t.origin_seen_at < ?\(province == nil ? "" : " AND t.province = ?")
                GROUP BY 1, 2
                """, values)
        } else {
            var values: [SQLValue] = [.integer(firstDay), .integer(lastDay)]
            if let province { values.append(.integer(Int64(province))) }
            rows = try await sql.rows("""
                SELECT day, kind, CAST(SUM(threats) AS BIGINT) FROM threat_daily WHERE day >= ? AND day <= ?\(province == nil ? "" : " AND province = ?") GROUP BY day, kind
                """, values)
        }
        return rows.map { DailyCount(day: $0[int: 0], kind: ThreatKind(rawValue: $0[text: 1]) ?? .other, threats: Int($0[int: 2])) }
    }
}

/// New threats of one kind on one day.
public struct DailyCount: Sendable, Hashable {
    public var day: Int64
    public var kind: ThreatKind
    public var threats: Int

    public init(day: Int64, kind: ThreatKind, threats: Int) {
        self.day = day
        self.kind = kind
        self.threats = threats
    }
}

/// Threat counts for one caller's part of the data.
public struct ScopedStatistics: Sendable, Hashable {
    public var total = 0
    public var byKind: [ThreatKind: Int] = [:]
    /// Key 0: no province.
    public var byProvince: [Int: Int] = [:]
    public var byOperator: [NetworkOperator: Int] = [:]

    public init() {}

    /// Threats per category, summed from ``byKind``.
    public var byCategory: [ThreatCategory: Int] {
        var out: [ThreatCategory: Int] = [:]
        for (kind, n) in byKind { out[kind.category, default: 0] += n }
        return out
    }
}
