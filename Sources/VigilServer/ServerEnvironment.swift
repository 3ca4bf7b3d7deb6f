import Foundation
import Logging
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// Everything the server's routes work with: the store, the engine (for escalations and its directory), the ingest
/// pipeline (for submitted observations), the clock, and the server's limits.
public struct ServerEnvironment: Sendable {
    public var store: any Store
    public var engine: DisposalEngine
    public var pipeline: IngestPipeline
    /// Seconds since 1970 (the engine's clock, so `$VIGIL_NOW` drills move both).
    public var clock: @Sendable () -> Int64
    public var metrics: RequestMetrics
    public var limiter: RateLimiter
    /// Where uploads are spooled while they are ingested.
    public var spoolDirectory: String
    /// The largest upload accepted, in bytes.
    public var maxUploadBytes: Int
    /// Send the session cookie with `Secure` (on unless the server is told it is served over plain HTTP on loopback).
    public var secureCookies: Bool
    public var logger: Logger
    /// How blocklists are published (`[publish]`).
    public var publish = PublishSettings()
    /// The situation report's author, priorities, source types and organizations (`[report]` and the directory).
    public var report = ReportSettings()

    public init(store: any Store, engine: DisposalEngine, pipeline: IngestPipeline, clock: @escaping @Sendable () -> Int64, metrics: RequestMetrics = RequestMetrics(),
                limiter: RateLimiter = RateLimiter(), spoolDirectory: String = NSTemporaryDirectory(), maxUploadBytes: Int = 1 << 30,
                secureCookies: Bool = true, logger: Logger) {
        self.store = store
        self.engine = engine
        self.pipeline = pipeline
        self.clock = clock
        self.metrics = metrics
        self.limiter = limiter
        self.spoolDirectory = spoolDirectory
        self.maxUploadBytes = maxUploadBytes
        self.secureCookies = secureCookies
        self.logger = logger
    }

    var ledger: DisposalLedger { DisposalLedger(store) }
    var platform: PlatformLedger { PlatformLedger(store) }
    var access: AccessLedger { AccessLedger(store) }

    /// The tickets of a filter narrowed to what `principal` may see; none when it may see no tickets.
    func tickets(_ filter: TicketFilter, for principal: Principal) async throws -> [Ticket] {
        guard let scoped = filter.scoped(to: principal) else { return [] }
        return try await ledger.tickets(scoped)
    }
}
