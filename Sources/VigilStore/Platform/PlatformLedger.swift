import Foundation
import VigilCore

/// What the API and the dashboard read beyond threats and tickets — batches and their rejects, submissions, and
/// statistics — in portable SQL for both stores, always narrowed to the caller's part in the query itself.
public struct PlatformLedger: Sendable {
    let sql: any SQLExecutor

    /// A ledger on a store.
    public init(_ store: any SQLExecutor) { sql = store }

    static let batchColumns = """
        b.id, b.sha256, s.name, b.format, b.report_type, b.file_name, b.size, b.received_at, b.status, b.rows, b.observations, b.rejects,
        b.new_threats, b.new_sightings
        """

    static func batch(_ r: [SQLValue]) -> BatchRecord {
        BatchRecord(id: r[int: 0], sha256: r[text: 1], sourceName: r[text: 2], format: r[text: 3], reportType: r[opt: 4], fileName: r[text: 5],
                    size: r[int: 6], receivedAt: r[int: 7], status: BatchRecord.Status(rawValue: r[text: 8]) ?? .running, rows: Int(r[int: 9]),
                    observations: Int(r[int: 10]), rejects: Int(r[int: 11]), newThreats: Int(r[int: 12]), newSightings: Int(r[int: 13]))
    }

    /// Records that a user submitted a batch (again: nothing changes), with its audit row.
    public func recordSubmission(batch: Int64, user: Principal, fileName: String, at now: Int64) async throws {
        _ = try await sql.perform([
            SQLStatement("INSERT INTO submissions (batch_id, user_id, submitted_at) VALUES (?, ?, ?) ON CONFLICT (batch_id, user_id) DO NOTHING",
                         [.integer(batch), .integer(user.userID), .integer(now)]),
            DisposalLedger.audit(at: now, actor: user.name, action: "submit", type: "batch", id: String(batch), from: nil, to: nil, detail: fileName),
        ])
    }

    /// Batches, newest first: all of them, or only those `submittedBy` a user submitted. `beforeID` pages backwards.
    public func batches(submittedBy user: Int64?, beforeID: Int64? = nil, limit: Int) async throws -> [BatchRecord] {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let user { clauses.append("b.id IN (SELECT batch_id FROM submissions WHERE user_id = ?)"); values.append(.integer(user)) }
        if let beforeID { clauses.append("b.id < ?"); values.append(.integer(beforeID)) }
        values.append(.integer(Int64(max(0, limit))))
        return try await sql.rows("""
            SELECT \(Self.batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")) ORDER BY b.id DESC LIMIT ?
            """, values).map(Self.batch)
    }

    /// One batch, if it exists and (with `submittedBy`) that user submitted it.
    public func batch(_ id: Int64, submittedBy user: Int64?) async throws -> BatchRecord? {
        var values: [SQLValue] = [.integer(id)]
        if let user { values.append(.integer(user)) }
        return try await sql.rows("""
            SELECT \(Self.batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id
            WHERE b.id = ?\(user == nil ? "" : " AND b.id IN (SELECT batch_id FROM submissions WHERE user_id = ?)")
            """, values).first.map(Self.batch)
    }

    /// Rejects, in batch and row order, after the cursor `(batch, row)`: of one batch, or of every batch (with
    /// `submittedBy`, only the batches that user submitted).
    public func rejects(batch: Int64?, submittedBy user: Int64?, after: (batch: Int64, row: Int)? = nil, limit: Int) async throws -> [StoredReject] {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let batch { clauses.append("batch_id = ?"); values.append(.integer(batch)) }
        if let user { clauses.append("batch_id IN (SELECT batch_id FROM submissions WHERE user_id = ?)"); values.append(.integer(user)) }
        if let after {
            clauses.append("(batch_id > ? OR (batch_id = ? AND row > ?))")
            values += [.integer(after.batch), .integer(after.batch), .integer(Int64(after.row))]
        }
        values.append(.integer(Int64(max(0, limit))))
        return try await sql.rows("""
            SELECT batch_id, row, code, reason, raw FROM rejects
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")) ORDER BY batch_id, row LIMIT ?
            """, values).map { r in
            StoredReject(batchID: r[int: 0], reject: Reject(row: Int(r[int: 1]), reason: RejectReason(RejectReason.Code(rawValue: r[text: 2]), r[text: 3]), raw: r[text: 4]))
        }
    }
}
