import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import VigilCore
import VigilEngine
import VigilPublish
import VigilServer
import VigilStore

/// `vigil serve`: the dashboard and API over HTTP and, in the same process, the engine loop, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the dashboard and API over HTTP and run the engine loop in the same process.",
        discussion: """
            Serves the dashboard (/, log in with a password from `vigil users add --password-stdin`), the API under \
            /api/v1 (a token from `vigil tokens create`; docs/api.md, /openapi.json), /healthz, /readyz and Prometheus \
            /metrics. Each user sees only its own part. SIGINT or SIGTERM stops the server and the engine loop cleanly.

            vigil serve --demo seeds a quarter of demo data into vigil-demo.db on first start and prints the log-ins.
            """)

    @Option(help: "Address to listen on (loopback by default; anything else exposes the server to the network).") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed on start).") var port = 8080
    @Flag(help: "Seed demo data (a quarter of threats, tickets in every state, demo log-ins) on first start; the database defaults to vigil-demo.db.")
    var demo = false
    @Flag(help: "Do not run the engine loop in this process (run `vigil run` elsewhere).") var noEngine = false
    @Option(help: "Seconds between engine passes.") var interval: Int = 60
    @Option(help: "API requests a second allowed per user (bursts of four times as many).") var rateLimit: Int = 50
    @Flag(help: "Send the session cookie without Secure, for plain HTTP on a host other than loopback (browsers keep Secure cookies only over HTTPS or on localhost). Prefer TLS in front.")
    var insecureCookies = false
    @Option(help: "Largest upload accepted, in MB.") var maxUploadMb: Int = 1024
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var attribution: AttributionOptions

    func run() async throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        guard rateLimit >= 1 else { throw ValidationError("--rate-limit must be at least 1 request a second") }
        guard maxUploadMb >= 1 else { throw ValidationError("--max-upload-mb must be at least 1") }
        var db = self.db
        if demo {
            guard ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") else {
                throw ValidationError("--demo makes log-ins with a published password: serve it on loopback only (--host 127.0.0.1)")
            }
            if db.database == nil && ProcessInfo.processInfo.environment["VIGIL_DATABASE"] == nil { db.database = "vigil-demo.db" }
        }
        let store = try await db.open()
        let context = try await DisposalContext.open(store: store, attribution)
        let pipeline = IngestPipeline(store: context.store, attributor: try attribution.makeAttributor())
        let clock: @Sendable () -> Int64 = { (try? DisposalContext.now()) ?? Int64(Date().timeIntervalSince1970) }
        if demo {
            if try await DemoPlatform.isSeeded(store) {
                DisposalService.say("vigil serve: \(db.path) holds the demo already")
            } else if !(try await DemoPlatform.isEmpty(store)) {
                throw ValidationError("--demo seeds demo data and log-ins with a published password into an empty database only, and \(db.path) "
                    + "holds data already; leave out --database (vigil-demo.db) or name a new file")
            } else {
                let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-serve-demo-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let s = try await DemoPlatform.seed(store: store, engine: context.engine, pipeline: pipeline, directory: dir, now: clock()) {
                    DisposalService.say("vigil serve: \($0)")
                }
                let states = s.tickets.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
                DisposalService.say("vigil serve: demo seeded into \(db.path): \(s.batches) batches, \(s.threats) threats; tickets: \(states); overdue \(s.overdue); appeals \(s.appeals)")
            }
        }
        var logger = Logger(label: "vigil.serve")
        logger.logLevel = .notice
        let (host, noEngine, interval, demo) = (self.host, self.noEngine, self.interval, self.demo)
        let spool = (NSTemporaryDirectory() as NSString).appendingPathComponent("vigil-uploads")
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        var env = ServerEnvironment(
            store: context.store, engine: context.engine, pipeline: pipeline, clock: clock,
            limiter: RateLimiter(perSecond: Double(rateLimit), burst: Double(rateLimit * 4)), spoolDirectory: spool, maxUploadBytes: maxUploadMb << 20,
            secureCookies: !insecureCookies, logger: logger)
        env.publish = context.config.publish
        env.report = context.config.report.settings(directory: context.engine.directory)
        let app = VigilServer.application(
            env, host: host, port: port,
            onListening: { bound in
                let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(bound)"
                DisposalService.say("vigil serve: listening on \(url) (dashboard /, API /api/v1, /openapi.json, /healthz, /readyz, /metrics)"
                    + (noEngine ? "; engine loop off" : "; engine loop on, a pass every \(interval) s"))
                if demo {
                    DisposalService.say("vigil serve: open \(url)/ and log in with password \(DemoPlatform.password) as one of:")
                    for u in DemoPlatform.users {
                        DisposalService.say("    \(u.name) (\(u.role.rawValue)\(u.province.map { " \($0)" } ?? "")\(u.organization.map { " \($0)" } ?? ""))")
                    }
                }
            })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if !noEngine {
            services.append(.init(service: DisposalService(engine: context.engine, interval: .seconds(interval))))
            if let watcher = context.watcher { services.append(.init(service: WatchService(watcher: watcher))) }
        }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        DisposalService.say("vigil serve: stopped")
    }
}
