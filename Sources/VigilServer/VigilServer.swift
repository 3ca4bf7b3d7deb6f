import Foundation
import Hummingbird
import Logging
import NIOCore
import VigilCore
import VigilStore

/// The HTTP side of `vigil serve` (Hummingbird 2): the operations endpoints — `/healthz` (the process is up), `/readyz`
/// (the store answers), `/metrics` (Prometheus text: threats, rows ingested, batches running, tickets by state, overdue
/// tickets, the review queue, waiting notices, request latency) — and the API under `/api/v1`, which needs a token and shows each caller only its
/// own part: threats, tickets and their feedback actions, the review queue, organizations, statistics, performance,
/// submissions, batches and rejects, and the audit log. `/openapi.json` describes the API.
public enum VigilServer {
    /// The application, ready to run as a `Service` (in a `ServiceGroup` with the engine loop).
    public static func application(
        _ env: ServerEnvironment, host: String, port: Int, onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let store = env.store
        let router = Router(context: VigilRequestContext.self)
        router.add(middleware: LatencyMiddleware(metrics: env.metrics))
        router.add(middleware: InternalErrorMiddleware(logger: env.logger))
        router.add(middleware: AuditOriginMiddleware())
        router.get("healthz") { _, _ -> Response in
            text("ok\n")
        }
        router.get("readyz") { _, _ -> Response in
            do {
                _ = try await store.statistics()
                return text("ready\n")
            } catch {
                return text("not ready: the store does not answer: \(error)\n", status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ -> Response in
            do {
                let stats = try await store.statistics()
                let gauges = try await DisposalLedger(store).gauges(at: env.clock())
                let ingest = try await env.platform.ingestTotals()
                return text(MetricsText.render(statistics: stats, gauges: gauges, ingest: ingest) + env.metrics.render(),
                            contentType: "text/plain; version=0.0.4; charset=utf-8")
            } catch {
                return text("the store does not answer: \(error)\n", status: .serviceUnavailable)
            }
        }
        router.get("openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.json)))
        }
        DashboardRoutes(env: env).add(to: router)
        let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(access: env.access, limiter: env.limiter))
        TicketRoutes(env: env).add(to: api)
        ThreatRoutes(env: env).add(to: api)
        ReviewRoutes(env: env).add(to: api)
        OrganizationRoutes(env: env).add(to: api)
        StatisticsRoutes(env: env).add(to: api)
        BatchRoutes(env: env).add(to: api)
        AuditRoutes(env: env).add(to: api)
        WatchRoutes(env: env).add(to: api)
        BlocklistRoutes(env: env).add(to: api)
        TAXIIRoutes(env: env).add(to: router.group("taxii2").add(middleware: BearerAuthMiddleware(access: env.access, limiter: env.limiter)))
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Vigil"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: env.logger)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Times every request for `/metrics`, by route pattern (not raw path, so the series stay few).
struct LatencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: RequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.record(route: context.endpointPath ?? "unmatched", status: status, seconds: seconds)
        }
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            return response
        } catch let error as HTTPError {
            status = Int(error.status.code)
            throw error
        }
    }
}
