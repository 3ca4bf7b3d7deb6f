import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigilEngine
import VigilServer

/// `vigil serve`: the HTTP server and, in the same process, the engine loop, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve Vigil over HTTP and run the engine loop in the same process.",
        discussion: """
            Serves /healthz, /readyz, Prometheus /metrics, /openapi.json, and the API under /api/v1, which \
            needs a token from `vigil tokens create` and shows each user only its own part (docs/api.md). SIGINT or \
            SIGTERM stops both the server and the engine loop cleanly.
            """)

    @Option(help: "Address to listen on (loopback by default; anything else exposes the server to the network).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed on start).") var port = 8080
    @Flag(help: "Do not run the engine loop in this process (run `vigil run` elsewhere).") var noEngine = false
    @Option(help: "Seconds between engine passes.") var interval: Int = 60
    @Option(help: "API requests a second allowed per user (bursts of four times as many).") var rateLimit: Int = 50
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        guard rateLimit >= 1 else { throw ValidationError("--rate-limit must be at least 1 request a second") }
        let context = try await DisposalContext.open(db, attribution)
        var logger = Logger(label: "vigil.serve")
        logger.logLevel = .notice
        let (host, noEngine, interval) = (self.host, self.noEngine, self.interval)
        let pipeline = IngestPipeline(store: context.store, attributor: try attribution.makeAttributor())
        let env = ServerEnvironment(
            store: context.store, engine: context.engine, pipeline: pipeline, clock: { (try? DisposalContext.now()) ?? Int64(Date().timeIntervalSince1970) },
            limiter: RateLimiter(perSecond: Double(rateLimit), burst: Double(rateLimit * 4)), logger: logger)
        let app = VigilServer.application(
            env, host: host, port: port,
            onListening: { bound in
                DisposalService.say("vigil serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound) (/healthz, /readyz, /metrics, /openapi.json, /api/v1)"
                    + (noEngine ? "; engine loop off" : "; engine loop on, a pass every \(interval) s"))
            })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if !noEngine { services.append(.init(service: DisposalService(engine: context.engine, interval: .seconds(interval)))) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        DisposalService.say("vigil serve: stopped")
    }
}
