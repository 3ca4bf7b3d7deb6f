import Foundation
import VigilCore

extension PlatformLedger {
    /// Ticket counts per organization — all, open, and open past the deadline at `now` — for everything or narrowed to
    /// a province or one organization.
    public func ticketCounts(province: Int?, organization: String?, at now: Int64) async throws -> [String: TicketCounts] {
        var clauses: [String] = []
        var values: [SQLValue] = [.integer(now)]
        if let province { clauses.append("province = ?"); values.append(.integer(Int64(province))) }
        if let organization { clauses.append("organization = ?"); values.append(.text(organization)) }
        let rows = try await sql.rows("""
            SELECT organization, COUNT(*),
                SUM(CASE WHEN state IN ('issued', 'acknowledged', 'reopened') THEN 1 ELSE 0 END),
                SUM(CASE WHEN state IN ('issued', 'acknowledged', 'reopened') AND deadline < ? THEN 1 ELSE 0 END)
            FROM tickets \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")) GROUP BY organization
            """, values)
        var out: [String: TicketCounts] = [:]
        for r in rows { out[r[text: 0]] = TicketCounts(total: Int(r[int: 1]), open: Int(r[int: 2]), overdue: Int(r[int: 3])) }
        return out
    }

    /// Tickets by state, and open tickets past their deadline at `now`, for everything or narrowed to a province or an
    /// organization.
    public func ticketStates(province: Int?, organization: String?, at now: Int64) async throws -> (byState: [TicketState: Int], overdue: Int) {
        var clauses: [String] = []
        var values: [SQLValue] = [.integer(now)]
        if let province { clauses.append("province = ?"); values.append(.integer(Int64(province))) }
        if let organization { clauses.append("organization = ?"); values.append(.text(organization)) }
        var byState: [TicketState: Int] = [:]
        var overdue = 0
        for r in try await sql.rows("""
            SELECT state, COUNT(*), SUM(CASE WHEN state IN ('issued', 'acknowledged', 'reopened') AND deadline < ? THEN 1 ELSE 0 END)
            FROM tickets \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")) GROUP BY state
            """, values) {
            if let state = TicketState(rawValue: r[text: 0]) { byState[state] = Int(r[int: 1]) }
            overdue += Int(r[int: 2])
        }
        return (byState, overdue)
    }
}

/// An organization's tickets: all of them, the open ones, and the open ones past their deadline.
public struct TicketCounts: Sendable, Hashable, Codable {
    public var total: Int
    public var open: Int
    public var overdue: Int

    public init(total: Int = 0, open: Int = 0, overdue: Int = 0) {
        self.total = total
        self.open = open
        self.overdue = overdue
    }
}
