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

        public init(threat: ThreatID, kind: ThreatKind, indicator: Indicator, decidedAt: Int64, firstSeen: Int64, lastSeen: Int64, sightings: Int, source: String) {
            self.threat = threat
            self.kind = kind
            self.indicator = indicator
            self.decidedAt = decidedAt
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
            self.sightings = sightings
            self.source = source
        }
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

    /// One page: the listable threats, how many rows were read, and the last id read (for the next page).
    func page(kinds: Set<ThreatKind>, after: ThreatID?, limit: Int) async throws -> (items: [Listable], rows: Int, last: ThreatID?) {
        var args: [SQLValue] = [.integer(after?.rawValue ?? Int64.min)]
        var kindClause = ""
        if !kinds.isEmpty {
            kindClause = "AND t.kind IN (\(DisposalLedger.marks(kinds.count)))"
            args += kinds.map { .text($0.rawValue) }.sorted { ($0.string ?? "") < ($1.string ?? "") }
        }
        args.append(.integer(Int64(max(1, limit))))
        let rows = try await sql.rows("""
            \(Self.listableSelect)
            WHERE x.decision = 'confirmed' AND x.threat_id > ? \(kindClause) AND NOT \(Self.verifiedFixed("x.threat_id"))
            ORDER BY x.threat_id LIMIT ?
            """, args)
        return (rows.compactMap(Self.listable), rows.count, rows.last.map { ThreatID(rawValue: $0[int: 0]) })
    }

    /// The columns ``listable(_:)`` reads and the tables they come from (`x` determinations, `t` threats, `s` sources).
    static let listableSelect = """
        SELECT x.threat_id, t.kind, t.indicator_type, t.indicator, x.decided_at, t.first_seen, t.last_seen, t.sightings, s.name
        FROM determinations x JOIN threats t ON t.id = x.threat_id JOIN sources s ON s.id = t.origin_source
        """

    /// True when a ticket holding the threat `column` names is verified or closed (verified fixed).
    static func verifiedFixed(_ column: String) -> String {
        "EXISTS (SELECT 1 FROM ticket_threats tt JOIN tickets k ON k.id = tt.ticket_id WHERE tt.threat_id = \(column) AND tt.removed_at IS NULL AND k.state IN ('verified', 'closed'))"
    }

    /// A listable threat from a row of `threat_id, kind, indicator_type, indicator, decided_at, first_seen, last_seen,
    /// sightings, source name`; nil for an indicator type Vigil does not read.
    static func listable(_ r: [SQLValue]) -> Listable? {
        guard let type = IndicatorType(rawValue: r[text: 2]) else { return nil }
        return Listable(threat: ThreatID(rawValue: r[int: 0]), kind: ThreatKind(rawValue: r[text: 1]) ?? .other,
                        indicator: Indicator(uncheckedType: type, value: r[text: 3]), decidedAt: r[int: 4], firstSeen: r[int: 5], lastSeen: r[int: 6],
                        sightings: Int(r[int: 7]), source: r[text: 8])
    }

    /// Every listable threat of `kinds`.
    public func allListable(kinds: Set<ThreatKind> = []) async throws -> [Listable] {
        var out: [Listable] = [], after: ThreatID?
        while true {
            let page = try await page(kinds: kinds, after: after, limit: 10_000)
            out += page.items
            guard let last = page.last, page.rows == 10_000 else { return out }
            after = last
        }
    }

    /// A list's serial and size now (0 and 0 before its first refresh).
    public func serial(of list: String) async throws -> (serial: Int64, entries: Int, changedAt: Int64?) {
        guard let r = try await sql.rows("SELECT serial, entries, changed_at FROM publication_serials WHERE list = ?", [.text(list)]).first, r[int: 2] != 0 else { return (0, 0, nil) }
        return (r[int: 0], Int(r[int: 1]), r[int: 2])
    }

    /// Brings `list` to `entries`: records what is listed and lifted, and moves the serial past both the last one and
    /// `now` when anything changed. Refreshing with the same entries changes nothing. The list's row is locked first
    /// and the stored entries read inside the same transaction, so two exports at once take turns.
    @discardableResult
    public func refresh(list: String, entries desired: [Entry], at now: Int64) async throws -> Refresh {
        var collected: [String: Entry] = [:]
        // Entries longer than an index row allows (a very long URL) are left out.
        for e in desired where collected[e.entry] == nil && e.entry.utf8.count <= 2_000 { collected[e.entry] = e }
        let wanted = collected
        let lock: SQLStep = { _ in
            [SQLStatement("""
                INSERT INTO publication_serials (list, serial, entries, changed_at) VALUES (?, 0, 0, 0)
                ON CONFLICT (list) DO UPDATE SET entries = publication_serials.entries RETURNING serial, changed_at
                """, [.text(list)])]
        }
        let read: SQLStep = { _ in [SQLStatement("SELECT entry, threat_id, kind FROM publication_entries WHERE list = ? ORDER BY entry", [.text(list)])] }
        // The threats of entries that go: their determination and tickets now, for the reason.
        let reasons: SQLStep = { results in
            let gone = Array(Set(results[1].filter { wanted[$0[text: 0]] == nil }.map { $0[int: 1] })).sorted()
            return stride(from: 0, to: gone.count, by: 500).map { i in
                let chunk = Array(gone[i..<min(i + 500, gone.count)])
                return SQLStatement("""
                    SELECT t.id, x.decision,
                      \(Self.verifiedFixed("t.id"))
                    FROM threats t LEFT JOIN determinations x ON x.threat_id = t.id WHERE t.id IN (\(DisposalLedger.marks(chunk.count)))
                    """, chunk.map { .integer($0) })
            }
        }
        let write: SQLStep = { results in
            let previousSerial = results[0].first?[int: 0] ?? 0, neverRefreshed = (results[0].first?[int: 1] ?? 0) == 0
            var have: [String: (Int64, String)] = [:]
            for r in results[1] { have[r[text: 0]] = (r[int: 1], r[text: 2]) }
            var why: [Int64: String] = [:]
            for r in results.dropFirst(2).joined() {
                let fixed = (r[2].int ?? 0) != 0
                why[r[int: 0]] = r[opt: 1] != "confirmed" ? "reversed" : fixed ? "verifiedFixed" : "notSelected"
            }
            let added = wanted.values.filter { have[$0.entry] == nil }.sorted { $0.entry < $1.entry }
            let gone = have.filter { wanted[$0.key] == nil }.sorted { $0.key < $1.key }
            guard !added.isEmpty || !gone.isEmpty || neverRefreshed else { return [] }
            let serial = max(previousSerial + 1, now)
            var statements: [SQLStatement] = []
            for e in added {
                statements.append(SQLStatement("INSERT INTO publication_entries (list, entry, threat_id, kind, listed_at) VALUES (?, ?, ?, ?, ?)",
                                               [.text(list), .text(e.entry), .integer(e.threat.rawValue), .text(e.kind.rawValue), .integer(now)]))
                statements.append(Self.change(list, e.entry, "listed", e.threat, e.kind.rawValue, "confirmed", serial, now))
            }
            for (entry, (threat, kind)) in gone {
                statements.append(SQLStatement("DELETE FROM publication_entries WHERE list = ? AND entry = ?", [.text(list), .text(entry)]))
                statements.append(Self.change(list, entry, "lifted", ThreatID(rawValue: threat), kind, why[threat] ?? "reversed", serial, now))
            }
            statements.append(SQLStatement("UPDATE publication_serials SET serial = ?, entries = ?, changed_at = ? WHERE list = ?",
                                           [.integer(serial), .integer(Int64(have.count + added.count - gone.count)), .integer(now), .text(list)]))
            return statements
        }
        _ = try await sql.perform(steps: [lock, read, reasons, write])
        // What the transaction left: the serial, the size, and the changes it made at that serial.
        let state = try await serial(of: list)
        guard state.changedAt == now else { return Refresh(serial: state.serial, entries: state.entries, listed: 0, lifted: 0) }
        let made = try await sql.rows("SELECT change, count(*) FROM publication_changes WHERE list = ? AND serial = ? GROUP BY change", [.text(list), .integer(state.serial)])
        var counts: [String: Int] = [:]
        for r in made { counts[r[text: 0]] = Int(r[int: 1]) }
        return Refresh(serial: state.serial, entries: state.entries, listed: counts["listed"] ?? 0, lifted: counts["lifted"] ?? 0)
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
