#if Postgres
import Foundation
import Logging
import PostgresNIO
import Synchronization
import VigilStore

/// Errors, retries and the watchdog: what makes every store operation survive a lost connection or a restarted
/// server, and say plainly what went wrong when it cannot.
extension PostgresStore {
    /// A readable account of a PostgresNIO error.
    static func explain(_ error: any Error) -> String {
        if let t = error as? PostgresTransactionError {
            if let inner = t.closureError ?? t.beginError ?? t.commitError { return explain(inner) }
            if let rollback = t.rollbackError { return explain(rollback) }
        }
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(e.serverInfo?[.sqlState] ?? "?"))"
            }
            return "\(e.code)\(e.underlying.map { ": \($0)" } ?? "")"
        }
        if isPoolFailure(error) {
            return "no connection from the pool: " + ("\(error)".contains("CircuitBreaker") ? "it could not connect to the server" : "it was shut down")
        }
        return "\(error)"
    }

    /// An attempt abandoned: it took longer than its limit, or its server went away under it.
    struct AttemptTimedOut: Error, CustomStringConvertible {
        /// True when given up because the server restarted or went away, rather than for taking too long.
        var restarted: Bool
        var description: String { restarted ? "the server restarted or went away under the operation" : "no answer from the server in time" }
    }

    /// The longest one attempt of a store operation may take before it is abandoned and retried.
    var attemptLimit: Duration { .seconds(30) }

    /// Runs `work` but gives up waiting after `limit`. The work is not awaited past that (a lease stuck in a pool
    /// that lost its server may never return); it is cancelled and left behind.
    ///
    /// Every `every` while it waits, `abandon` is asked whether the attempt is lost already (the server restarted
    /// under it: PostgresNIO does not always fail the queries of a connection the server dropped); if so it gives up
    /// at once.
    static func withTimeLimit<T: Sendable>(
        _ limit: Duration, every: Duration = .seconds(3), abandon: (@Sendable () async -> Bool)? = nil,
        _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let once = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let worker = Task {
                do {
                    let value = try await work()
                    if once.claim() { continuation.resume(returning: value) }
                } catch {
                    if once.claim() { continuation.resume(throwing: error) }
                }
            }
            Task {
                let end = ContinuousClock.now + limit
                while ContinuousClock.now < end {
                    try? await Task.sleep(for: min(every, end - ContinuousClock.now))
                    if once.isClaimed { return }
                    if let abandon, ContinuousClock.now < end, await abandon() {
                        if once.claim() {
                            worker.cancel()
                            continuation.resume(throwing: AttemptTimedOut(restarted: true))
                        }
                        return
                    }
                }
                if once.claim() {
                    worker.cancel()
                    continuation.resume(throwing: AttemptTimedOut(restarted: false))
                }
            }
        }
    }

    /// When the server started, read on a connection of its own; nil when it cannot be reached.
    func serverStartTime() async -> String? {
        var config = singleConfiguration
        config.options.connectTimeout = .seconds(3)
        var logger = Logger(label: "vigil.postgres.watch")
        logger.logLevel = .critical
        guard let conn = try? await PostgresConnection.connect(configuration: config, id: 1, logger: logger) else { return nil }
        var started: String?
        do {
            for try await text in try await conn.query("SELECT pg_postmaster_start_time()::text", logger: logger).decode(String.self) {
                started = text
            }
        } catch {
            started = nil
        }
        try? await conn.close()
        return started
    }

    /// True when the server is unreachable or has restarted since this process last saw it start.
    func serverWentAway() async -> Bool {
        let now = await serverStartTime()
        guard let now else { return true }
        return serverStarted.withLock { recorded in recorded.map { $0 != now } ?? false }
    }

    /// A flag that can be claimed once.
    final class Once: Sendable {
        private let claimed = Mutex(false)

        /// True once claimed.
        var isClaimed: Bool { claimed.withLock { $0 } }

        /// True the first time only.
        func claim() -> Bool {
            claimed.withLock { done in
                defer { done = true }
                return !done
            }
        }
    }

    /// What to do about a failed operation, when the error says it plainly ("" otherwise).
    static func advice(_ error: any Error) -> String {
        if let t = error as? PostgresTransactionError, let inner = t.closureError ?? t.beginError ?? t.commitError {
            return advice(inner)
        }
        guard let e = error as? PSQLError, e.code == .server else { return "" }
        switch e.serverInfo?[.sqlState] ?? "" {
        case "25006": return "; this server is a read-only replica: run commands that write (ingest, refdata apply, demo) against the primary"
        case "53300": return "; the server has no free connection slots: lower --pool-size or raise max_connections"
        case "42501": return "; the user lacks a privilege: grant it, or use the user that owns Vigil's tables"
        default: return ""
        }
    }

    /// True for the pool's own failures (it was shut down under a running operation when it was replaced, or it gave
    /// up creating connections). PostgresNIO does not export the pool's error type, so it is known by name.
    static func isPoolFailure(_ error: any Error) -> Bool {
        let inner = (error as? PostgresTransactionError).flatMap { $0.beginError ?? $0.closureError ?? $0.commitError } ?? error
        return String(reflecting: type(of: inner)).hasSuffix(".ConnectionPoolError")
    }

    /// True when the connection itself is gone (as opposed to a statement failing on a live one).
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let t = error as? PostgresTransactionError {
            return [t.beginError, t.closureError, t.commitError].contains { $0.map(isConnectionLoss) ?? false }
        }
        guard let e = error as? PSQLError else { return false }
        switch e.code {
        case .serverClosedConnection, .connectionError, .clientClosedConnection, .uncleanShutdown: return true
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            return ["57P01", "57P02", "57P03"].contains(state) || state.hasPrefix("08")
        default: return false
        }
    }

    /// True for errors after which the same idempotent work can simply be tried again.
    static func isTransient(_ error: any Error) -> Bool {
        if error is AttemptTimedOut { return true }
        if let t = error as? PostgresTransactionError {
            return [t.beginError, t.closureError, t.commitError].contains { $0.map(isTransient) ?? false }
        }
        guard let e = error as? PSQLError else { return false }
        switch e.code {
        case .serverClosedConnection, .connectionError, .clientClosedConnection, .uncleanShutdown:
            return true
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            // Deadlock, serialization failure, admin shutdown, crash shutdown, cannot connect now, connection errors.
            return ["40P01", "40001", "57P01", "57P02", "57P03"].contains(state) || state.hasPrefix("08")
        default:
            return false
        }
    }

    /// Runs idempotent work, retrying transient failures (a lost connection, a restarting server, a deadlock) for up
    /// to two minutes. Each attempt may take at most `limit` (``attemptLimit`` unless the work is known to be long),
    /// and is abandoned sooner when its server restarted: a pool waiting for a server that is gone does not hang the
    /// caller.
    func retrying<T: Sendable>(_ what: String, limit: Duration? = nil, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(120)
        var delay = Duration.milliseconds(100)
        let limit = limit ?? attemptLimit
        while true {
            let generation = poolGeneration
            do {
                return try await PostgresStore.withTimeLimit(limit, abandon: { await self.serverWentAway() }, work)
            } catch {
                // Vigil's own verdicts (a busy batch, bad accounting) pass through as they are.
                if let own = (error as? PostgresTransactionError)?.closureError as? StoreError ?? error as? StoreError { throw own }
                // The pool is gone or cannot reach the server: a new one will, once the server answers again.
                let poolLost = error is AttemptTimedOut || PostgresStore.isConnectionLoss(error) || PostgresStore.isPoolFailure(error)
                guard poolLost || PostgresStore.isTransient(error), ContinuousClock.now < deadline else {
                    throw StoreError(.write, "\(what) failed on \(location.redacted): \(PostgresStore.explain(error))\(PostgresStore.advice(error))")
                }
                let left = Int((deadline - ContinuousClock.now).components.seconds)
                FileHandle.standardError.write(Data("vigil: \(what) on \(location.redacted): \(PostgresStore.explain(error)); retrying for up to \(left) s\n".utf8))
                if poolLost {
                    // Wait for the server to accept connections (a restart: refused, then "starting up"), then start
                    // a fresh pool, unless another operation already has.
                    try? await PostgresStore.probe(singleConfiguration, location, wait: deadline - ContinuousClock.now)
                    renewPool(replacing: generation)
                    if let started = await serverStartTime() { serverStarted.withLock { $0 = started } }
                } else {
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(2))
                }
            }
        }
    }
}
#endif
