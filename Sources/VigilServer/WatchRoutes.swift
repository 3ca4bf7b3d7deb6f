import Foundation
import Hummingbird
import VigilCore
import VigilEngine
import VigilStore

/// `/api/v1/watches`, `/api/v1/alerts` and `/api/v1/rechecks/rates`: watches (重大活动保障) with their checks and alerts,
/// and the fix rates re-checks measured. The ministry and auditors read them.
struct WatchRoutes {
    let env: ServerEnvironment

    func add(to group: RouterGroup<VigilRequestContext>) {
        group.get("watches") { request, context in try await list(request, context) }
        group.get("watches/:id") { request, context in try await detail(request, context) }
        group.get("alerts") { request, context in try await alerts(request, context) }
        group.get("rechecks/rates") { request, context in try await rates(request, context) }
    }

    var watches: WatchLedger { WatchLedger(env.store) }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read watches")
        var items: [WatchJSON] = []
        for w in try await watches.watches() { items.append(WatchJSON(w, checks: try await watches.checks(watch: w.id))) }
        return try JSONResponse.page(items, next: Int64?.none)
    }

    func detail(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read watches")
        guard let text = context.parameters.get("id"), let id = Int64(text), let w = try await watches.watch(id) else { throw APIError.notFound("watch") }
        let checks = try await watches.checks(watch: id)
        struct Detail: Encodable {
            var watch: WatchJSON
            var spec: WatchSpec?
            var checks: [CheckJSON]
            var alerts: [AlertJSON]
        }
        let spec = try? JSONDecoder().decode(WatchSpec.self, from: Data(w.spec.utf8))
        return try JSONResponse.object(Detail(watch: WatchJSON(w, checks: checks), spec: spec, checks: checks.map(CheckJSON.init),
                                              alerts: try await watches.alerts(watch: id, limit: 20).map(AlertJSON.init)))
    }

    func alerts(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read watch alerts")
        let limit = try RouteSupport.limit(request, default: 50)
        var watch: Int64?
        if let text = request.uri.queryParameters["watch"] {
            guard let id = Int64(text) else { throw APIError(.badRequest, "bad_watch", "watch is a watch's id (see /api/v1/watches)") }
            watch = id
        }
        let rows = try await watches.alerts(watch: watch, beforeID: try RouteSupport.idCursor(request), limit: limit)
        return try JSONResponse.page(rows.map(AlertJSON.init), next: rows.count == limit ? rows.last?.id : nil)
    }

    func rates(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        try RouteSupport.require(try context.caller(), [.ministry, .auditor], to: "read fix rates")
        let rates = try await ProbeLedger(env.store).fixRates(since: try RouteSupport.time(request, "since") ?? 0)
        struct Rates: Encodable {
            var organizations: [RateJSON]
            var prefixes: [RateJSON]
        }
        return try JSONResponse.object(Rates(organizations: rates.organizations.map(RateJSON.init), prefixes: rates.prefixes.map(RateJSON.init)))
    }
}

/// A watch as the API writes it.
struct WatchJSON: Encodable {
    var id: Int64
    var name: String
    var intervalSeconds: Int64
    var enabled: Bool
    var createdBy: String
    var createdAt: String
    var lastRunAt: String?
    var checks: Int
    var alerting: Int

    init(_ w: Watch, checks: [WatchCheckState]) {
        id = w.id
        name = w.name
        intervalSeconds = w.intervalSeconds
        enabled = w.enabled
        createdBy = w.createdBy
        createdAt = UTCTime.format(w.createdAt)
        lastRunAt = w.lastRunAt.map(UTCTime.format)
        self.checks = checks.count
        alerting = checks.filter(\.alerting).count
    }
}

/// A watch check's last verdict.
struct CheckJSON: Encodable {
    var key: String
    var verdict: String
    var alerting: Bool
    var failures: Int
    var detail: String?
    var checkedAt: String

    init(_ c: WatchCheckState) {
        key = c.key
        verdict = c.verdict
        alerting = c.alerting
        failures = c.failures
        detail = c.detail
        checkedAt = UTCTime.format(c.checkedAt)
    }
}

/// An alert.
struct AlertJSON: Encodable {
    var id: Int64
    var watch: Int64
    var check: String
    var kind: String
    var title: String
    var detail: String
    var raisedAt: String

    init(_ a: WatchAlert) {
        id = a.id
        watch = a.watchID
        check = a.key
        kind = a.kind
        title = Watcher.title(a.kind)
        detail = a.detail
        raisedAt = UTCTime.format(a.raisedAt)
    }
}

/// A fix rate.
struct RateJSON: Encodable {
    var key: String
    var verdicts: [String: Int]
    var fixed: Int
    var concluded: Int
    var rate: Double?

    init(_ r: FixRate) {
        key = r.key
        verdicts = r.verdicts
        fixed = r.fixed
        concluded = r.concluded
        rate = r.rate
    }
}
