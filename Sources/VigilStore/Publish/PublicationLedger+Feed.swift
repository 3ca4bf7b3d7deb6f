import Foundation
import VigilCore

extension PublicationLedger {
    /// Where a reader of the published threats is: after the threat `threat` confirmed at `decidedAt`.
    public struct FeedPosition: Sendable, Hashable, Comparable {
        public var decidedAt: Int64
        public var threat: ThreatID

        public init(decidedAt: Int64, threat: ThreatID) {
            self.decidedAt = decidedAt
            self.threat = threat
        }

        public static func < (a: Self, b: Self) -> Bool { (a.decidedAt, a.threat.rawValue) < (b.decidedAt, b.threat.rawValue) }
    }

    /// Whose threats a reader may see: all of them, one province's (GB/T 2260 code), or one organization's.
    public struct FeedScope: Sendable, Hashable {
        public var province: Int?
        public var organization: String?

        public init(province: Int? = nil, organization: String? = nil) {
            self.province = province
            self.organization = organization
        }
    }

    /// Listable threats in the order they were confirmed (then by id), from `from` on (inclusive), narrowed to
    /// `scope`: the feed TAXII serves. Read along the `(decision, decided_at, threat_id)` index.
    public func published(from: FeedPosition?, scope: FeedScope = FeedScope(), limit: Int) async throws -> [Listable] {
        try await publishedPage(from: from, scope: scope, limit: limit).items
    }

    /// The same, with how many rows were read and the position of the last (a row of a type Vigil no longer reads is
    /// left out of `items` but still moves the page on).
    public func publishedPage(from: FeedPosition?, scope: FeedScope = FeedScope(), limit: Int) async throws -> (items: [Listable], rows: Int, last: FeedPosition?) {
        var args: [SQLValue] = []
        var clauses = ["x.decision = 'confirmed'"]
        if let from {
            clauses.append("(x.decided_at > ? OR (x.decided_at = ? AND x.threat_id >= ?))")
            args += [.integer(from.decidedAt), .integer(from.decidedAt), .integer(from.threat.rawValue)]
        }
        if let province = scope.province {
            clauses.append("t.province = ?")
            args.append(.integer(Int64(province)))
        }
        if let organization = scope.organization {
            clauses.append("t.details_id IN (SELECT id FROM attribution_details WHERE organization_id = ?)")
            args.append(.text(organization))
        }
        args.append(.integer(Int64(max(1, limit))))
        let rows = try await sql.rows("""
            \(Self.listableSelect)
            WHERE \(clauses.joined(separator: " AND ")) AND NOT \(Self.verifiedFixed("x.threat_id"))
            ORDER BY x.decided_at, x.threat_id LIMIT ?
            """, args)
        return (rows.compactMap(Self.listable), rows.count, rows.last.map { FeedPosition(decidedAt: $0[int: 4], threat: ThreatID(rawValue: $0[int: 0])) })
    }

    /// Every source's name and when Vigil first heard from it, oldest first.
    public func sources() async throws -> [(name: String, since: Int64)] {
        try await sql.rows("SELECT name, created_at FROM sources ORDER BY created_at, id", []).map { ($0[text: 0], $0[int: 1]) }
    }
}
