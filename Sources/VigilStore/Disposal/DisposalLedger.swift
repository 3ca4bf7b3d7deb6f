import Foundation
import VigilCore

/// Determination and disposal records — determinations, the review queue, tickets, feedback, appeals, extensions,
/// notices, the audit log and campaigns — written once, in portable SQL, for both stores.
///
/// Promises:
/// - every change of a determination or a ticket commits together with its audit-log row;
/// - state changes are checked (``TicketState/after(_:)``) and applied only if nobody changed the object meanwhile,
///   so an illegal or stale change is an error, never a silent no-op;
/// - writes are idempotent where the engine repeats them: a threat is placed on a ticket once, one ticket is open per
///   (organization, measure) — a unique index holds it even across processes — and a notice exists once per
///   (ticket, purpose, channel, recipient).
public struct DisposalLedger: Sendable {
    /// The source name of Vigil's own probes: their reports count as probe evidence.
    public static let probeSource = "vigil-probe"
    /// Ticket states during which the organization must act, and one ticket per (organization, measure) may exist.
    static let openStates = "('issued', 'acknowledged', 'reopened')"

    let sql: any SQLExecutor

    /// A ledger on a store.
    public init(_ store: any SQLExecutor) { sql = store }

    /// `?, ?, …` for `n` values.
    static func marks(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }

    /// An audit-log row.
    static func audit(
        at: Int64, actor: String, action: String, type: String, id: String, from: String?, to: String?, detail: String?
    ) -> SQLStatement {
        SQLStatement(
            "INSERT INTO audit_log (at, actor, action, object_type, object_id, from_state, to_state, detail, source_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.integer(at), .text(actor), .text(action), .text(type), .text(id), .of(from), .of(to), .of(detail), .of(AuditOrigin.sourceIP)])
    }

    /// Evidence lines as stored (a JSON array of strings).
    static func encode(_ lines: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(lines), as: UTF8.self)) ?? "[]"
    }

    static func decode(_ text: String?) -> [String] {
        guard let text, let lines = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else { return [] }
        return lines
    }

    static func require(_ text: String, _ what: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw StoreError(.invalidArgument, "\(what) is required: say why, for the audit log") }
        return trimmed
    }
}

extension Array where Element == SQLValue {
    subscript(int i: Int) -> Int64 { self[i].int ?? 0 }
    subscript(text i: Int) -> String { self[i].string ?? "" }
    subscript(opt i: Int) -> String? { self[i].string }
    subscript(optInt i: Int) -> Int64? { self[i].int }
}
