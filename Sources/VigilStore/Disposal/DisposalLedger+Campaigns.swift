import Foundation
import VigilCore

extension DisposalLedger {
    /// Adds (or replaces, by name) a campaign.
    public func addCampaign(_ campaign: Campaign, by person: String, at now: Int64) async throws {
        guard !campaign.name.trimmingCharacters(in: .whitespaces).isEmpty, campaign.end > campaign.start else {
            throw StoreError(.invalidArgument, "a campaign needs a name and a period whose end is after its start")
        }
        let definition = String(decoding: try JSONEncoder().encode(campaign), as: UTF8.self)
        _ = try await sql.perform([
            SQLStatement("""
                INSERT INTO campaigns (name, definition, created_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET definition = excluded.definition
                """, [.text(campaign.name), .text(definition), .integer(now)]),
            Self.audit(at: now, actor: person, action: "defineCampaign", type: "campaign", id: campaign.name, from: nil, to: nil, detail: definition),
        ])
    }

    /// Every campaign, by name.
    public func campaigns() async throws -> [Campaign] {
        try await sql.rows("SELECT definition FROM campaigns ORDER BY name", []).compactMap { r in
            try? JSONDecoder().decode(Campaign.self, from: Data(r[text: 0].utf8))
        }
    }

    /// One campaign by name.
    public func campaign(named name: String) async throws -> Campaign {
        guard let campaign = try await campaigns().first(where: { $0.name == name }) else {
            throw StoreError(.notFound, "no campaign '\(name)'; list them with `vigil campaigns list`")
        }
        return campaign
    }

    /// A campaign's progress at `now`: the threats in its scope found in its period, how many were confirmed,
    /// disposed of (reported done or further), verified fixed, and overdue; plus the tickets carrying them.
    public func progress(of campaign: Campaign, at now: Int64) async throws -> (progress: Campaign.Progress, tickets: [Int64]) {
        // last_seen >= start follows from first_seen >= start; it lets the (kind, last_seen) index narrow the read.
        var clauses = ["t.first_seen >= ?", "t.first_seen < ?", "t.last_seen >= ?"]
        var args: [SQLValue] = [.integer(campaign.start), .integer(campaign.end), .integer(campaign.start)]
        if !campaign.kinds.isEmpty {
            clauses.append("t.kind IN (\(Self.marks(campaign.kinds.count)))")
            args += campaign.kinds.map(\.rawValue).sorted().map { .text($0) }
        }
        if !campaign.provinces.isEmpty {
            clauses.append("t.province IN (\(Self.marks(campaign.provinces.count)))")
            args += campaign.provinces.sorted().map { .integer(Int64($0)) }
        }
        if !campaign.organizations.isEmpty {
            clauses.append("d.organization_id IN (\(Self.marks(campaign.organizations.count)))")
            args += campaign.organizations.sorted().map { .text($0) }
        }
        let rows = try await sql.rows("""
            SELECT t.id, x.decision, k.id, k.state, k.deadline FROM threats t
            LEFT JOIN attribution_details d ON d.id = t.details_id
            LEFT JOIN determinations x ON x.threat_id = t.id
            LEFT JOIN ticket_threats tt ON tt.threat_id = t.id AND tt.removed_at IS NULL
            LEFT JOIN tickets k ON k.id = tt.ticket_id
            WHERE \(clauses.joined(separator: " AND "))
            """, args)
        var found = Set<Int64>(), confirmed = Set<Int64>(), disposed = Set<Int64>(), verified = Set<Int64>(), overdue = Set<Int64>()
        var tickets = Set<Int64>()
        for r in rows {
            let id = r[int: 0]
            found.insert(id)
            if r[opt: 1] == Determination.Decision.confirmed.rawValue { confirmed.insert(id) }
            guard let ticket = r[optInt: 2], let state = TicketState(rawValue: r[text: 3]) else { continue }
            tickets.insert(ticket)
            if [.reportedDone, .verified, .closed].contains(state) { disposed.insert(id) }
            if state == .verified || state == .closed { verified.insert(id) }
            if EscalationPolicy.isOverdue(state: state, deadline: r[int: 4], now: now) { overdue.insert(id) }
        }
        return (Campaign.Progress(found: found.count, confirmed: confirmed.count, disposed: disposed.count, verified: verified.count,
                                  overdue: overdue.count), tickets.sorted())
    }

    /// Names of the campaigns a ticket falls under (any of its threats in a campaign's scope).
    public func campaigns(ofTicket id: Int64, at now: Int64) async throws -> [String] {
        var names: [String] = []
        for campaign in try await campaigns() where try await progress(of: campaign, at: now).tickets.contains(id) {
            names.append(campaign.name)
        }
        return names
    }

    /// Disposal performance per organization (or per province, with `byProvince`), at `now`.
    /// With `province` or `organization`, only that part's tickets count (the caller's scope, in the query).
    public func performance(byProvince: Bool = false, province: Int? = nil, organization: String? = nil, at now: Int64) async throws
        -> [(group: String, performance: DisposalPerformance)]
    {
        var clauses: [String] = []
        var values: [SQLValue] = []
        if let province { clauses.append("province = ?"); values.append(.integer(Int64(province))) }
        if let organization { clauses.append("organization = ?"); values.append(.text(organization)) }
        let rows = try await sql.rows(
            "SELECT organization, province, issued_at, deadline, reported_done_at, reopenings, state FROM tickets"
                + (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")), values)
        var groups: [String: [DisposalPerformance.TicketRecord]] = [:]
        for r in rows {
            let key = byProvince ? (r[optInt: 1].map { String($0) } ?? "unknown") : r[text: 0]
            groups[key, default: []].append(DisposalPerformance.TicketRecord(
                issuedAt: r[int: 2], deadline: r[int: 3], reportedDoneAt: r[optInt: 4], reopenings: Int(r[int: 5]),
                state: TicketState(rawValue: r[text: 6]) ?? .issued))
        }
        return groups.keys.sorted().map { ($0, DisposalPerformance(groups[$0] ?? [], now: now)) }
    }
}

extension DisposalLedger {
    /// Figures for monitoring: tickets by state, open tickets past their deadline at `now`, the review queue's depth
    /// and notices waiting by channel.
    public func gauges(at now: Int64) async throws -> DisposalGauges {
        var gauges = DisposalGauges()
        for r in try await sql.rows("SELECT state, COUNT(*) FROM tickets GROUP BY state", []) {
            if let state = TicketState(rawValue: r[text: 0]) { gauges.tickets[state] = Int(r[int: 1]) }
        }
        gauges.overdue = Int(try await sql.rows(
            "SELECT COUNT(*) FROM tickets WHERE state IN \(Self.openStates) AND deadline < ?", [.integer(now)]).first?[int: 0] ?? 0)
        gauges.reviewQueue = Int(try await sql.rows("SELECT COUNT(*) FROM determinations WHERE decision = 'needsReview'", []).first?[int: 0] ?? 0)
            + Int(try await sql.rows("SELECT COUNT(*) FROM appeals WHERE state = 'pending'", []).first?[int: 0] ?? 0)
        for r in try await sql.rows("SELECT channel, COUNT(*) FROM notices WHERE state = 'pending' GROUP BY channel", []) {
            if let channel = Notice.Channel(rawValue: r[text: 0]) { gauges.pendingNotices[channel] = Int(r[int: 1]) }
        }
        return gauges
    }
}

/// Disposal figures for monitoring (`/metrics`).
public struct DisposalGauges: Sendable, Hashable {
    public var tickets: [TicketState: Int] = [:]
    public var overdue = 0
    /// Threats left to review plus pending appeals.
    public var reviewQueue = 0
    public var pendingNotices: [Notice.Channel: Int] = [:]

    public init() {}
}
