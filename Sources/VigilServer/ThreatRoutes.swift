import Foundation
import Hummingbird
import NIOCore
import VigilCore
import VigilStore

/// `/api/v1/threats`: the threats the caller may see, newest sighting first, in cursor pages; and one threat with its
/// sightings, determination, ticket and grade. Scope is part of the store query.
struct ThreatRoutes {
    let env: ServerEnvironment
    var store: any Store { env.store }
    var ledger: DisposalLedger { env.ledger }

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("threats") { request, context in try await list(request, context) }
        group.get("threats/:id") { request, context in try await detail(request, context) }
        group.post("threats/:id/determination") { request, context in try await decide(request, context) }
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let principal = try context.caller()
        let q = request.uri.queryParameters
        var filter = ThreatFilter(limit: 50)
        if let text = q["kind"] {
            guard let kind = ThreatKind(wireName: String(text)) else { throw APIError(.badRequest, "bad_kind", "kind is a wire name from `vigil kinds`, e.g. c2Server") }
            filter.kind = kind
        }
        if let text = q["category"] {
            guard let category = ThreatCategory(rawValue: String(text)) else {
                throw APIError(.badRequest, "bad_category", "category is one of " + ThreatCategory.allCases.map(\.rawValue).joined(separator: ", "))
            }
            filter.category = category
        }
        if let text = q["province"] {
            guard let code = Int(text) else { throw APIError(.badRequest, "bad_province", "province is a GB/T 2260 code such as 440000 (0: none)") }
            filter.provinceCode = code
        }
        if let text = q["operator"] {
            guard let op = NetworkOperator(rawValue: String(text)) else { throw APIError(.badRequest, "bad_operator", "operator is e.g. chinaTelecom, chinaUnicom, chinaMobile") }
            filter.networkOperator = op
        }
        if let text = q["organization"] { filter.organization = String(text) }
        if let text = q["since"] {
            guard let t = UTCTime.parse(text) else { throw APIError(.badRequest, "bad_since", "since is a time: YYYY-MM-DD or ISO 8601") }
            filter.since = t
        }
        if let text = q["limit"] {
            guard let n = Int(text), (1...1000).contains(n) else { throw APIError(.badRequest, "bad_limit", "limit is a whole number from 1 to 1000") }
            filter.limit = n
        }
        if let text = q["cursor"] {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let seen = Int64(parts[0]), let id = ThreatID(hex: parts[1]) else {
                throw APIError(.badRequest, "bad_cursor", "cursor is the next_cursor of the page before")
            }
            filter.after = (seen, id)
        }
        guard let scoped = filter.scoped(to: principal) else { return try JSONResponse.page([ThreatJSON](), next: String?.none) }
        if let text = q["q"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard !ThreatSearch.indicators(text).isEmpty else {
                throw APIError(.badRequest, "bad_q", "q is an indicator: an IP, a CIDR, ip:port/proto, a domain, a URL, an e-mail address, a phone number or a hash")
            }
            return try JSONResponse.page(try await ThreatSearch.indicator(store, text, scoped).map(ThreatJSON.init), next: String?.none)
        }
        let threats = try await store.latestThreats(matching: scoped)
        let next = threats.count == scoped.limit ? threats.last.map { "\($0.lastSeen)_\($0.id)" } : nil
        return try JSONResponse.page(threats.map(ThreatJSON.init), next: next)
    }

    /// The threat of the `:id` path parameter, if the caller may see it; else 404.
    func visibleThreat(_ context: VigilRequestContext) async throws -> (Principal, Threat) {
        let principal = try context.caller()
        guard let text = context.parameters.get("id"), let id = ThreatID(hex: text.lowercased()),
              let scoped = ThreatFilter(limit: 1).with(id: id).scoped(to: principal), let threat = try await store.threats(matching: scoped).first else {
            throw APIError.notFound("threat")
        }
        return (principal, threat)
    }

    struct DecisionBody: Decodable {
        /// `confirm` or `reject`.
        var decision: String
        var reason: String
    }

    /// A person's decision (ministry, or the threat's province): confirm or reject, or decide its pending appeal.
    func decide(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (principal, threat) = try await visibleThreat(context)
        try RouteSupport.require(principal, [.ministry, .province], to: "decide on a threat")
        let body = try await RouteSupport.body(DecisionBody.self, request)
        guard ["confirm", "reject"].contains(body.decision) else {
            throw APIError(.badRequest, "bad_decision", "decision is 'confirm' or 'reject' (with a pending appeal: uphold or reverse it)")
        }
        let stored = try await RouteSupport.explain {
            try await ledger.decide(threat.id, confirm: body.decision == "confirm", reason: body.reason, by: principal.name, at: env.clock())
        }
        return try JSONResponse.object(DeterminationJSON(stored))
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (_, threat) = try await visibleThreat(context)
        let id = threat.id
        let sightings = try await store.sightings(of: id, limit: 1000).map { SightingJSON(seenAt: UTCTime.format($0.seenAt), sourceId: $0.sourceID, batch: $0.batchID, row: $0.row) }
        let determination = try await ledger.determination(of: id)
        let ticket = try await ledger.openTicket(of: id)
        return try JSONResponse.object(Detail(
            threat: ThreatJSON(threat), sightings: sightings,
            determination: determination.map(DeterminationJSON.init), ticket: ticket, appeals: try await ledger.appeals(threat: id).map(AppealJSON.init),
            grade: try await ledger.grade(of: id)?.rawValue))
    }

    struct Detail: Encodable {
        var threat: ThreatJSON
        var sightings: [SightingJSON]
        var determination: DeterminationJSON?
        var ticket: Int64?
        var appeals: [AppealJSON]
        var grade: String?
    }

    struct SightingJSON: Encodable {
        var seenAt: String
        var sourceId: Int64
        var batch: Int64
        var row: Int
    }

    struct DeterminationJSON: Encodable {
        var decision: String
        var rule: String
        var evidence: [String]
        var decidedBy: String
        var decidedAt: String
        var reason: String?

        init(_ d: StoredDetermination) {
            decision = d.determination.decision.rawValue
            rule = d.determination.rule.rawValue
            evidence = d.determination.evidence
            decidedBy = d.determination.decidedBy
            decidedAt = UTCTime.format(d.decidedAt)
            reason = d.reason
        }
    }
}

/// A threat as the API writes it.
struct ThreatJSON: Encodable {
    var id: String
    var kind: String
    var category: String
    var indicatorType: String
    var indicator: String
    var firstSeen: String
    var lastSeen: String
    var sightings: Int
    var sources: Int
    var country: String?
    var province: Int?
    var city: String?
    var networkOperator: String
    var asn: Int?
    var organization: String?

    init(_ t: Threat) {
        id = t.id.description
        kind = t.kind.rawValue
        category = t.category.rawValue
        indicatorType = t.indicator.type.rawValue
        indicator = t.indicator.value
        firstSeen = UTCTime.format(t.firstSeen)
        lastSeen = UTCTime.format(t.lastSeen)
        sightings = t.sightings
        sources = t.sources
        country = t.attribution.countryCode
        province = t.attribution.provinceCode
        city = t.attribution.city
        networkOperator = t.attribution.networkOperator.rawValue
        asn = t.attribution.asn
        organization = t.attribution.organizationID
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, category, indicatorType, indicator, firstSeen, lastSeen, sightings, sources, country, province, city, asn, organization
        case networkOperator = "operator"
    }
}

extension ThreatFilter {
    /// The same filter for one threat.
    func with(id: ThreatID) -> ThreatFilter {
        var f = self
        f.id = id
        return f
    }
}

/// JSON responses: sorted snake_case keys; lists as `{"items": [...], "next_cursor": … or null}`.
enum JSONResponse {
    static func object(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func page<Item: Encodable, Cursor: Encodable>(_ items: [Item], next: Cursor?) throws -> Response {
        try object(Page(items: items, nextCursor: next))
    }

    struct Page<Item: Encodable, Cursor: Encodable>: Encodable {
        var items: [Item]
        var nextCursor: Cursor?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(items, forKey: .items)
            try c.encode(nextCursor, forKey: .nextCursor)  // null on the last page, not missing
        }

        enum CodingKeys: String, CodingKey { case items, nextCursor }
    }
}
