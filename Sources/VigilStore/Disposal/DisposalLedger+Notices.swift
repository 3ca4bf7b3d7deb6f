import VigilCore

extension DisposalLedger {
    static let noticeColumns = "id, ticket_id, purpose, channel, recipient, state, attempts, next_attempt_at, last_error, created_at, sent_at"

    static func notice(_ r: [SQLValue]) -> Notice {
        Notice(id: r[int: 0], ticket: r[int: 1], purpose: r[text: 2], channel: Notice.Channel(rawValue: r[text: 3]) ?? .email, recipient: r[text: 4],
               state: Notice.State(rawValue: r[text: 5]) ?? .pending, attempts: Int(r[int: 6]), nextAttemptAt: r[int: 7], lastError: r[opt: 8],
               createdAt: r[int: 9], sentAt: r[optInt: 10])
    }

    /// Writes notices for a ticket, once per (purpose, channel, recipient); a notice that cannot be sent (no contact)
    /// is written as failed with `failure`, so it shows.
    public func enqueue(_ requests: [NoticeRequest], ticket: Int64, failure: String? = nil, at now: Int64) async throws {
        guard !requests.isEmpty else { return }
        _ = try await sql.perform(requests.map { n in
            SQLStatement("""
                INSERT INTO notices (ticket_id, purpose, channel, recipient, state, attempts, next_attempt_at, created_at, last_error)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (ticket_id, purpose, channel, recipient) DO NOTHING
                """, [.integer(ticket), .text(n.purpose), .text(n.channel.rawValue), .text(n.recipient), .text(failure == nil ? "pending" : "failed"),
                      .integer(now), .integer(now), .of(failure)])
        })
    }

    /// Notices on `channels` due for an attempt at `now`, oldest first.
    public func dueNotices(at now: Int64, channels: Set<Notice.Channel> = [.email, .webhook], limit: Int = 100) async throws -> [Notice] {
        guard !channels.isEmpty else { return [] }
        return try await sql.rows("""
            SELECT \(Self.noticeColumns) FROM notices WHERE state = 'pending' AND next_attempt_at <= ? AND channel IN (\(Self.marks(channels.count)))
            ORDER BY next_attempt_at, id LIMIT ?
            """, [.integer(now)] + channels.map(\.rawValue).sorted().map { .text($0) } + [.integer(Int64(limit))]).map(Self.notice)
    }

    /// How many notices wait on `channel`.
    public func pendingNotices(channel: Notice.Channel) async throws -> Int {
        Int(try await sql.rows("SELECT COUNT(*) FROM notices WHERE state = 'pending' AND channel = ?", [.text(channel.rawValue)]).first?[int: 0] ?? 0)
    }

    /// Claims a due notice for one delivery attempt, until `until`: another worker (or this one after a kill) does not
    /// take it before then. Nil when someone else claimed it first.
    public func claim(_ notice: Notice, until: Int64, at now: Int64) async throws -> Notice? {
        let rows = try await sql.perform([SQLStatement(
            "UPDATE notices SET next_attempt_at = ? WHERE id = ? AND state = 'pending' AND attempts = ? AND next_attempt_at <= ? RETURNING id",
            [.integer(until), .integer(notice.id), .integer(Int64(notice.attempts)), .integer(now)])])
        guard !(rows.first ?? []).isEmpty else { return nil }
        var claimed = notice
        claimed.nextAttemptAt = until
        return claimed
    }

    /// Records one delivery attempt: sent, or failed with the next attempt's time (nil: give up).
    public func recordDelivery(_ notice: Notice, ok: Bool, detail: String, nextAttemptAt: Int64?, at now: Int64) async throws {
        let attempt = Int64(notice.attempts + 1)
        let state: Notice.State = ok ? .sent : (nextAttemptAt == nil ? .failed : .pending)
        _ = try await sql.perform([
            SQLStatement("INSERT INTO deliveries (notice_id, attempt, at, ok, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT (notice_id, attempt) DO NOTHING",
                         [.integer(notice.id), .integer(attempt), .integer(now), .of(ok), .text(detail)]),
            SQLStatement("""
                UPDATE notices SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
                WHERE id = ? AND state = 'pending' AND attempts = ? RETURNING id
                """, [.text(state.rawValue), .integer(attempt), .integer(nextAttemptAt ?? now), ok ? .null : .text(detail), ok ? .integer(now) : .null,
                      .integer(notice.id), .integer(Int64(notice.attempts))],
                expect: .exactly(1), else: "notice \(notice.id) was delivered by another worker meanwhile"),
        ])
    }

    /// The notices of a ticket, oldest first.
    public func notices(ticket: Int64) async throws -> [Notice] {
        try await sql.rows("SELECT \(Self.noticeColumns) FROM notices WHERE ticket_id = ? ORDER BY id", [.integer(ticket)]).map(Self.notice)
    }

    /// Every notice, newest first.
    public func notices(limit: Int = 100) async throws -> [Notice] {
        try await sql.rows("SELECT \(Self.noticeColumns) FROM notices ORDER BY id DESC LIMIT ?", [.integer(Int64(limit))]).map(Self.notice)
    }

    /// The delivery attempts of a notice: attempt number, time, success and what the receiver said.
    public func deliveries(notice: Int64) async throws -> [(attempt: Int, at: Int64, ok: Bool, detail: String)] {
        try await sql.rows("SELECT attempt, at, ok, detail FROM deliveries WHERE notice_id = ? ORDER BY attempt", [.integer(notice)]).map { r in
            (Int(r[int: 0]), r[int: 1], r[int: 2] != 0, r[text: 3])
        }
    }

    /// The recipient written for a notice nobody could be found for.
    public static let noRecipient = "(none)"

    /// Tickets in `states` with no notice of `purpose` to an actual recipient yet: what a killed pass left behind, and
    /// tickets whose organization had no contact then (it may have one now).
    public func tickets(in states: Set<TicketState>, lacking purpose: String, limit: Int = 100_000) async throws -> [Ticket] {
        try await sql.rows("""
            SELECT \(Self.ticketColumns) FROM tickets k WHERE k.state IN (\(Self.marks(states.count)))
                AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.ticket_id = k.id AND n.purpose = ? AND n.recipient <> '(none)')
            ORDER BY k.id LIMIT ?
            """, states.map(\.rawValue).sorted().map { .text($0) } + [.text(purpose), .integer(Int64(limit))]).map(Self.ticket)
    }

    /// The purposes each ticket of `tickets` has a notice for, to an actual recipient.
    public func noticePurposes(tickets: [Int64]) async throws -> [Int64: Set<String>] {
        var out: [Int64: Set<String>] = [:]
        for part in Self.chunked(tickets, rows: 1000) {
            for r in try await sql.rows("""
                SELECT ticket_id, purpose FROM notices WHERE recipient <> '(none)' AND ticket_id IN (\(Self.marks(part.count)))
                """, part.map { .integer($0) }) {
                out[r[int: 0], default: []].insert(r[text: 1])
            }
        }
        return out
    }

    /// The audit log of one object, oldest first.
    public func auditLog(_ type: String, _ id: String) async throws -> [AuditEntry] {
        try await sql.rows("SELECT \(Self.auditColumns) FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY id", [.text(type), .text(id)])
            .map(Self.auditEntry)
    }

    /// The audit log, newest first.
    public func auditLog(limit: Int = 100) async throws -> [AuditEntry] {
        try await auditLog(AuditFilter(limit: limit))
    }

    /// Audit-log rows matching a filter, newest first.
    public func auditLog(_ filter: AuditFilter) async throws -> [AuditEntry] {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let actor = filter.actor { clauses.append("actor = ?"); values.append(.text(actor)) }
        if let action = filter.action { clauses.append("action = ?"); values.append(.text(action)) }
        if let type = filter.objectType { clauses.append("object_type = ?"); values.append(.text(type)) }
        if let id = filter.objectID { clauses.append("object_id = ?"); values.append(.text(id)) }
        if let since = filter.since { clauses.append("at >= ?"); values.append(.integer(since)) }
        if let before = filter.beforeID { clauses.append("id < ?"); values.append(.integer(before)) }
        values.append(.integer(Int64(max(0, filter.limit))))
        return try await sql.rows("""
            SELECT \(Self.auditColumns) FROM audit_log \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?
            """, values).map(Self.auditEntry)
    }

    static let auditColumns = "id, at, actor, action, object_type, object_id, from_state, to_state, detail, source_ip"

    static func auditEntry(_ r: [SQLValue]) -> AuditEntry {
        AuditEntry(id: r[int: 0], at: r[int: 1], actor: r[text: 2], action: r[text: 3], objectType: r[text: 4], objectID: r[text: 5],
                   fromState: r[opt: 6], toState: r[opt: 7], detail: r[opt: 8], sourceIP: r[opt: 9])
    }
}
