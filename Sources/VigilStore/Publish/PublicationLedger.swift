import Foundation
import VigilCore

/// What Vigil publishes (blocklists), kept in step with determinations and tickets, in portable SQL for both stores.
///
/// An indicator is listable while its threat is confirmed and no ticket holding it has been verified fixed (verified
/// or closed). Each list's entries are stored; ``refresh(list:entries:at:)`` compares what should be listed with what
/// is, records every entry listed or lifted (with the reason: reversed on appeal or by a person, verified fixed, or
/// no longer selected) and moves the list's serial forward when anything changed, all in one transaction.
public struct PublicationLedger: Sendable {
    let sql: any SQLExecutor

    /// A ledger on a store.
    public init(_ store: any SQLExecutor) { sql = store }

    /// A threat that may be published.
    public struct Listable: Sendable, Hashable {
        public var threat: ThreatID
        public var kind: ThreatKind
        public var indicator: Indicator
        /// When it was decided (confirmed).
        public var decidedAt: Int64
        /// First and last sighting, how many sightings, and the source that reported it first.
        public var firstSeen: Int64
        public var lastSeen: Int64
        public var sightings: Int
        public var source: String
    }

    /// One entry of a list: its text (the RPZ owner, the address, the domain …), and the threat it comes from.
    public struct Entry: Sendable, Hashable {
        public var entry: String
        public var threat: ThreatID
        public var kind: ThreatKind

        public init(entry: String, threat: ThreatID, kind: ThreatKind) {
            self.entry = entry
            self.threat = threat
            self.kind = kind
        }
    }

    /// A recorded change.
    public struct Change: Sendable, Hashable, Codable {
        public var id: Int64
        public var list: String
        public var entry: String
        /// `listed` or `lifted`.
        public var change: String
        public var threat: ThreatID
        public var kind: ThreatKind
        /// Why: `confirmed`, `reversed`, `verifiedFixed`, `notSelected`.
        public var reason: String
        public var serial: Int64
        public var at: Int64
    }

    /// What a refresh did.
    public struct Refresh: Sendable, Hashable {
        public var serial: Int64
        public var entries: Int
        public var listed: Int
        public var lifted: Int
    }

    /// Confirmed threats of `kinds` (all when empty) not verified fixed, in id order, a page at a time.
    public func listable(kinds: Set<ThreatKind> = [], after: ThreatID? = nil, limit: Int = 10_000) async throws -> [Listable] {
        var args: [SQLValue] = [.integer(after?.rawValue ?? Int64.min)]
        var kindClause = ""
        if !kinds.isEmpty {
            kindClause = "AND t.kind IN (\(DisposalLedger.marks(kinds.count)))"
            args += kinds.map { .text($0.rawValue) }.sorted { ($0.string ?? "") < ($1.string ?? "") }
        }
        args.append(.integer(Int64(max(1, limit))))
        return try await sql.rows("""
            SELECT x.threat_id, t.kind, t.indicator_type, t.indicator, x.decided_at, t.first_seen, t.last_seen, t.sightings, s.name
            FROM determinations x JOIN threats t ON t.id = x.threat_id JOIN sources s ON s.id = t.origin_source
            WHERE x.decision = 'confirmed' AND x.threat_id > ? \(kindClause)
              AND NOT EXISTS (SELECT 1 FROM ticket_threats tt JOIN tickets k ON k.id = tt.ticket_id
                              WHERE tt.threat_id = x.threat_id AND tt.removed_at IS NULL AND k.state IN ('verified', 'closed'))
            ORDER BY x.threat_id LIMIT ?
            """, args).compactMap { r in
            guard let type = IndicatorType(rawValue: r[text: 2]) else { return nil }
            return Listable(threat: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other,
                            indicator: Indicator(uncheckedType: type, value: r[text: 3]), decidedAt: r[int: 4], firstSeen: r[int: 5], lastSeen: r[int: 6],
                            sightings: Int(r[int: 7]), source: r[text: 8])
        }
    }

    /// Every listable threat of `kinds`.
    public func allListable(kinds: Set<ThreatKind> = []) async throws -> [Listable] {
        var out: [Listable] = [], after: ThreatID?
        while true {
            let page = try await listable(kinds: kinds, after: after, limit: 10_000)
            out += page
            guard let last = page.last, page.count == 10_000 else { return out }
            after = last.threat
        }
    }

    /// A list's serial and size now (0 and 0 before its first refresh).
    public func serial(of list: String) async throws -> (serial: Int64, entries: Int, changedAt: Int64?) {
        guard let r = try await sql.rows("SELECT serial, entries, changed_at FROM publication_serials WHERE list = ?", [.text(list)]).first else { return (0, 0, nil) }
        return (r[int: 0], Int(r[int: 1]), r[int: 2])
    }

    /// Brings `list` to `entries`: records what is listed and lifted, and moves the serial past both the last one and
    /// `now` when anything changed. Refreshing with the same entries changes nothing.
    @discardableResult
    public func refresh(list: String, entries desired: [Entry], at now: Int64) async throws -> Refresh {
        var wanted: [String: Entry] = [:]
        for e in desired where wanted[e.entry] == nil { wanted[e.entry] = e }
        let current = try await sql.rows("SELECT entry, threat_id, kind FROM publication_entries WHERE list = ?", [.text(list)])
        var have: [String: (ThreatID, String)] = [:]
        for r in current { have[r[text: 0]] = (ThreatID(rawValue: r[int: 1]), r[text: 2]) }
        let added = wanted.values.filter { have[$0.entry] == nil }.sorted { $0.entry < $1.entry }
        let gone = have.filter { wanted[$0.key] == nil }.sorted { $0.key < $1.key }
        let previous = try await serial(of: list)
        guard !added.isEmpty || !gone.isEmpty || previous.changedAt == nil else {
            return Refresh(serial: previous.serial, entries: have.count, listed: 0, lifted: 0)
        }
        // Why each lifted entry went: its threat's determination and tickets now.
        var reasons: [Int64: String] = [:]
        let goneThreats = Array(Set(gone.map { $0.value.0.rawValue }))
        for chunk in stride(from: 0, to: goneThreats.count, by: 500).map({ Array(goneThreats[$0..<min($0 + 500, goneThreats.count)]) }) {
            for r in try await sql.rows("""
                SELECT t.id, x.decision,
                  EXISTS (SELECT 1 FROM ticket_threats tt JOIN tickets k ON k.id = tt.ticket_id WHERE tt.threat_id = t.id AND tt.removed_at IS NULL AND k.state IN ('verified', 'closed'))
                FROM threats t LEFT JOIN determinations x ON x.threat_id = t.id WHERE t.id IN (\(DisposalLedger.marks(chunk.count)))
                """, chunk.map { .integer($0) }) {
                let fixed = (r[2].int ?? 0) != 0 || r[2].string == "true"
                reasons[r[int: 0]] = r[opt: 1] != "confirmed" ? "reversed" : fixed ? "verifiedFixed" : "notSelected"
            }
        }
        let serial = max(previous.serial + 1, now)
        var statements: [SQLStatement] = []
        for e in added {
            statements.append(SQLStatement("INSERT INTO publication_entries (list, entry, threat_id, kind, listed_at) VALUES (?, ?, ?, ?, ?)",
                                           [.text(list), .text(e.entry), .integer(e.threat.rawValue), .text(e.kind.rawValue), .integer(now)]))
            statements.append(Self.change(list, e.entry, "listed", e.threat, e.kind.rawValue, "confirmed", serial, now))
        }
        for (entry, (threat, kind)) in gone {
            statements.append(SQLStatement("DELETE FROM publication_entries WHERE list = ? AND entry = ?", [.text(list), .text(entry)]))
            statements.append(Self.change(list, entry, "lifted", threat, kind, reasons[threat.rawValue] ?? "reversed", serial, now))
        }
        let count = have.count + added.count - gone.count
        statements.append(SQLStatement("""
            INSERT INTO publication_serials (list, serial, entries, changed_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (list) DO UPDATE SET serial = excluded.serial, entries = excluded.entries, changed_at = excluded.changed_at
            """, [.text(list), .integer(serial), .integer(Int64(count)), .integer(now)]))
        _ = try await sql.perform(statements)
        return Refresh(serial: serial, entries: count, listed: added.count, lifted: gone.count)
    }

    static func change(_ list: String, _ entry: String, _ change: String, _ threat: ThreatID, _ kind: String, _ reason: String, _ serial: Int64, _ at: Int64) -> SQLStatement {
        SQLStatement("INSERT INTO publication_changes (list, entry, change, threat_id, kind, reason, serial, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [.text(list), .text(entry), .text(change), .integer(threat.rawValue), .text(kind), .text(reason), .integer(serial), .integer(at)])
    }

    /// A list's changes, newest first.
    public func changes(list: String, since: Int64 = 0, limit: Int = 1_000) async throws -> [Change] {
        try await sql.rows("""
            SELECT id, list, entry, change, threat_id, kind, reason, serial, at FROM publication_changes WHERE list = ? AND at >= ? ORDER BY id DESC LIMIT ?
            """, [.text(list), .integer(since), .integer(Int64(limit))]).map { r in
            Change(id: r[int: 0], list: r[text: 1], entry: r[text: 2], change: r[text: 3], threat: ThreatID(rawValue: r[int: 4]), kind: ThreatKind(rawValue: r[text: 5]) ?? .other,
                   reason: r[text: 6], serial: r[int: 7], at: r[int: 8])
        }
    }
}
