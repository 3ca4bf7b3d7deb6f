import Foundation
import Hummingbird
import Logging
import NIOCore
import VigilCore
import VigilStore

/// The HTTP side of `vigil serve` (Hummingbird 2). This version answers the operations endpoints: `/healthz` (the
/// process is up), `/readyz` (the store answers) and `/metrics` (Prometheus text: threats, tickets by state, overdue
/// tickets, the review queue, waiting notices, request latency). It exposes no threat data: the authenticated API
/// and the dashboard come with their access control (issue 7).
public enum VigilServer {
    /// The application, ready to run as a `Service` (in a `ServiceGroup` with the engine loop).
    public static func application(
        store: any Store, host: String, port: Int, metrics: RequestMetrics = RequestMetrics(), clock: @escaping @Sendable () -> Int64,
        logger: Logger, onListening: @escaping @Sendable (_ port: Int) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: LatencyMiddleware(metrics: metrics))
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
                let gauges = try await DisposalLedger(store).gauges(at: clock())
                return text(MetricsText.render(statistics: stats, gauges: gauges) + metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            } catch {
                return text("the store does not answer: \(error)\n", status: .serviceUnavailable)
            }
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Vigil"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: logger)
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
