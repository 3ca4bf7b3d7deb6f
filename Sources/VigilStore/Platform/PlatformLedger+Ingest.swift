import Foundation
import VigilCore

extension PlatformLedger {
    /// Rows taken in by every batch so far (accepted and rejected, counted as each chunk commits), and batches by
    /// status: a monitor derives the ingest rate from the totals and the backlog from the running batches.
    public func ingestTotals() async throws -> IngestTotals {
        var totals = IngestTotals()
        for r in try await sql.rows("""
            SELECT status, COUNT(*), CAST(COALESCE(SUM(observations), 0) AS BIGINT), CAST(COALESCE(SUM(rejects), 0) AS BIGINT),
                CAST(COALESCE(SUM(new_threats), 0) AS BIGINT) FROM batches GROUP BY status
            """, []) {
            let status = r[text: 0]
            totals.batches[status] = Int(r[int: 1])
            totals.observations += Int(r[int: 2])
            totals.rejects += Int(r[int: 3])
            totals.newThreats += Int(r[int: 4])
        }
        return totals
    }
}

/// What every batch so far took in.
public struct IngestTotals: Sendable, Hashable {
    /// Batches by status (`running`, `complete`).
    public var batches: [String: Int] = [:]
    public var observations = 0
    public var rejects = 0
    public var newThreats = 0

    public init() {}
}
