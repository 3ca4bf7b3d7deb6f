#if Postgres
import Foundation
import Logging
import Synchronization
import PostgresNIO
import VigilCore
import VigilStore

/// The scale-out store: PostgreSQL through PostgresNIO, with a connection pool. Several `vigil` processes can work
/// against one database at once: batches are claimed with `FOR UPDATE SKIP LOCKED`, threat upserts use
/// `INSERT … ON CONFLICT`, and every chunk commits atomically with its counters and rollups.
///
/// Writes are idempotent, so a chunk whose connection broke is retried; a restarted server is waited for.
public final class PostgresStore: Store, Sendable {
    /// The pool in use; replaced by a fresh one when the old one stops answering (a server that went away).
    private let pool: Mutex<(client: PostgresClient, runner: Task<Void, Never>, generation: Int)>
    private let configuration: PostgresClient.Configuration
    /// The same place, for a single connection: what waits for a server to come back before a new pool is started.
    let singleConfiguration: PostgresConnection.Configuration
    /// When the server last started (`pg_postmaster_start_time()`), as seen by this process: a different answer means
    /// it restarted, and every connection of the pool is gone.
    let serverStarted = Mutex<String?>(nil)
    var client: PostgresClient { pool.withLock { $0.client } }
    let logger: Logger
    /// Where the database is (without the password).
    public let location: PostgresLocation
    /// Chunks of one batch written at once: two when the pool allows, so that the client prepares one while the
    /// server writes the other.
    public var writeConcurrency: Int { poolSize >= 4 ? 2 : 1 }
    /// Transactions one chunk is written in at once, each on its own connection and its own range of threat ids: the
    /// pool shared among the chunks in flight (at most three each), so that no write waits for a connection.
    var writeParts: Int { max(1, min(3, poolSize / writeConcurrency)) }
    let poolSize: Int
    /// This process's name in batch claims.
    public let workerID: String
    /// How long a batch claim holds without renewal; a worker that dies releases its batch after this.
    public let leaseSeconds: Int
    let partitions = PartitionRegistry()
    /// `attribution_details` ids this process saw committed.
    let details = Mutex(KnownDetails())

    /// Committed `attribution_details` ids, by content and by ``Attribution/detailsToken``.
    struct KnownDetails: Sendable {
        var byKey: [ChunkWriter.DetailKey: Int64] = [:]
        var byToken: [UInt64: Int64] = [:]
    }
    /// The PostgreSQL schema everything lives in, when not `public`.
    public let schema: String?

    /// Connects (with a pool of `poolSize` connections) and migrates the database to the current schema. With
    /// `schema`, everything lives in that PostgreSQL schema (created if needed) instead of `public`.
    /// A server that refuses connections (not yet listening, or still starting up) is waited for up to `connectWait`;
    /// a missing database or a refused login fails at once, in the server's words.
    public init(url: String, poolSize: Int = 6, leaseSeconds: Int = 120, schema: String? = nil, connectWait: Duration = .seconds(10)) async throws {
        let location = try PostgresLocation(url: url)
        self.location = location
        self.leaseSeconds = leaseSeconds
        self.poolSize = max(1, poolSize)
        workerID = "vigil:\(ProcessInfo.processInfo.hostName.prefix(24)):\(getpid()):\(UUID().uuidString.prefix(8))"
        let probeConfig: PostgresConnection.Configuration
        var config: PostgresClient.Configuration
        (config, probeConfig) = try PostgresStore.configurations(location)
        config.options.maximumConnections = max(1, poolSize)
        // The worker's name on every connection: a claim whose worker has no connection left is free at once.
        // Durable commits whatever the server's default: a chunk reported written must survive a server crash,
        // or a finished batch would be missing rows that no re-run brings back.
        config.options.additionalStartupParameters = [("application_name", workerID), ("synchronous_commit", "on")]
        let schema = schema ?? location.schema
        if let schema {
            guard schema.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !schema.isEmpty else {
                throw StoreError(.invalidArgument, "schema '\(schema)' must be letters, digits and underscores")
            }
            config.options.additionalStartupParameters.append(("search_path", schema))
        }
        self.schema = schema
        try await PostgresStore.probe(probeConfig, location, wait: connectWait)
        config.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "vigil.postgres")
        logger.logLevel = .critical
        self.logger = logger
        configuration = config
        singleConfiguration = probeConfig
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        let runner = Task { await client.run() }
        pool = Mutex((client, runner, 0))
        do {
            try await migrate()
            let started = await serverStartTime()
            serverStarted.withLock { $0 = started }
        } catch {
            pool.withLock { $0.runner.cancel() }
            throw StoreError(.cannotOpen, "cannot open PostgreSQL database \(location.redacted): \(PostgresStore.explain(error)); check the URL, that the server runs and that the user may create tables")
        }
    }

    deinit { pool.withLock { $0.runner.cancel() } }

    /// Which pool is in use: it changes each time ``renewPool(replacing:)`` replaces it.
    var poolGeneration: Int { pool.withLock { $0.generation } }

    /// Starts a fresh pool and retires the old one, unless the pool `generation` has already been replaced (by another
    /// operation that failed at the same time; replacing again would cut off the retries running on the new one).
    func renewPool(replacing generation: Int) {
        let old: Task<Void, Never>? = pool.withLock { state in
            guard state.generation == generation else { return nil }
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            let runner = Task { await client.run() }
            defer { state = (client, runner, generation + 1) }
            return state.runner
        }
        old?.cancel()
    }

    /// Closes the pool's connections (releasing this worker's batch claims at once); waits at most five seconds.
    public func shutdown() async {
        let runner = pool.withLock { $0.runner }
        runner.cancel()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await runner.value }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()
        }
    }

    func migrate() async throws {
        // Already up to date (every worker but the first, and read replicas, where nothing may be written): no lock,
        // no DDL.
        if try await appliedMigrations().isSuperset(of: PostgresSchema.migrations.map(\.name)) { return }
        let schema = self.schema
        try await self.client.withTransaction(logger: logger) { conn in
            // One migrator at a time across all workers.
            try await conn.query("SELECT pg_advisory_xact_lock(7410315)", logger: logger)
            if let schema {
                try await conn.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            }
            try await conn.query("CREATE TABLE IF NOT EXISTS vigil_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", logger: logger)
            var applied = Set<String>()
            for try await name in try await conn.query("SELECT name FROM vigil_migrations", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                // The extended protocol takes one statement at a time.
                for statement in migration.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await conn.query("INSERT INTO vigil_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    /// The migrations recorded in the database; none when it has no Vigil tables yet.
    func appliedMigrations() async throws -> Set<String> {
        let logger = self.logger
        return try await client.withConnection { conn in
            var applied = Set<String>()
            do {
                for try await name in try await conn.query("SELECT name FROM vigil_migrations", logger: logger).decode(String.self) {
                    applied.insert(name)
                }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
                return []  // undefined_table: a new database
            }
            return applied
        }
    }

    // MARK: IngestStore

    public func openBatch(_ d: BatchDescriptor) async throws -> BatchOpening {
        // A claimant that has just died may still show its connections for a moment: ask again for a few seconds
        // before answering busy.
        let deadline = ContinuousClock.now + .seconds(3)
        while true {
            do {
                return try await claimBatch(d)
            } catch let error as StoreError where error.code == .busy && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    func claimBatch(_ d: BatchDescriptor) async throws -> BatchOpening {
        let logger = self.logger
        let worker = workerID
        let lease = leaseSeconds
        return try await retrying("opening batch \(d.fileName)") {
            try await self.client.withTransaction(logger: logger) { conn -> BatchOpening in
                var sourceID: Int64 = 0
                for try await id in try await conn.query("""
                    INSERT INTO sources (name, created_at) VALUES (\(d.sourceName), \(d.receivedAt))
                    ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id
                    """, logger: logger).decode(Int64.self) { sourceID = id }
                var inserted: Int64?
                for try await id in try await conn.query("""
                    INSERT INTO batches (sha256, source_id, format, report_type, file_name, size, received_at, status, claimed_by, lease_until)
                    VALUES (\(d.sha256), \(sourceID), \(d.format), \(d.reportType), \(d.fileName), \(d.size), \(d.receivedAt), 'running',
                            \(worker), now() + make_interval(secs => \(lease)))
                    ON CONFLICT (sha256) DO NOTHING RETURNING id
                    """, logger: logger).decode(Int64.self) { inserted = id }
                if let inserted { return .open(batchID: inserted, sourceID: sourceID, resumed: false) }
                // The batch exists: done, or claimable (its claimant gone or its lease run out), or busy elsewhere.
                var existing: (Int64, Int64, String)?
                for try await row in try await conn.query("SELECT id, source_id, status FROM batches WHERE sha256 = \(d.sha256)", logger: logger)
                    .decode((Int64, Int64, String).self) { existing = row }
                guard let (id, batchSource, status) = existing else { throw StoreError(.notFound, "batch \(d.sha256) vanished") }
                if status == BatchRecord.Status.complete.rawValue {
                    guard let record = try await PostgresStore.batch(conn, id: id, logger: logger) else { throw StoreError(.notFound, "batch \(id) vanished") }
                    return .alreadyIngested(record)
                }
                var claimed = false
                for try await _ in try await conn.query("""
                    UPDATE batches SET claimed_by = \(worker), lease_until = now() + make_interval(secs => \(lease))
                    WHERE id = (SELECT id FROM batches b WHERE id = \(id)
                                  AND (claimed_by IS NULL OR lease_until < now() OR claimed_by = \(worker)
                                       OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = b.claimed_by))
                                FOR UPDATE SKIP LOCKED)
                    RETURNING id
                    """, logger: logger).decode(Int64.self) { claimed = true }
                guard claimed else {
                    throw StoreError(.busy, "batch \(id) (\(d.fileName)) is being ingested by another worker; run it again after that worker finishes or its claim expires (\(lease) s)")
                }
                return .open(batchID: id, sourceID: batchSource, resumed: true)
            }
        }
    }

    /// Writes a chunk as a few transactions run at once on separate connections, each over its own range of threat
    /// ids (so they never wait on each other's rows) and each consistent with its counters. Every part is
    /// idempotent: after a failure, writing the chunk again completes it.
    public func write(chunk: [ResolvedObservation], rejects: [StoredReject], batchID: Int64, sourceID: Int64) async throws -> ChunkOutcome {
        let plan = ChunkPlan(chunk: chunk)
        try await ensurePartitions(for: plan.sightingMonths)
        let parts = plan.split(into: writeParts)
        return try await withThrowingTaskGroup(of: ChunkOutcome.self) { group in
            for (i, part) in parts.enumerated() {
                let partRejects = i == 0 ? rejects : []
                group.addTask { try await self.writePart(part, rejects: partRejects, batchID: batchID, sourceID: sourceID) }
            }
            var total = ChunkOutcome()
            for try await outcome in group {
                total.newThreats += outcome.newThreats
                total.newSightings += outcome.newSightings
            }
            return total
        }
    }

    func writePart(_ plan: ChunkPlan, rejects: [StoredReject], batchID: Int64, sourceID: Int64) async throws -> ChunkOutcome {
        let logger = self.logger
        return try await retrying("writing a chunk of batch \(batchID)") {
            let known = self.details.withLock { $0 }
            let (outcome, used, tokens) = try await self.client.withTransaction(logger: logger) { conn in
                var writer = ChunkWriter(conn: conn, logger: logger, batchID: batchID, sourceID: sourceID, worker: self.workerID, leaseSeconds: self.leaseSeconds)
                writer.knownDetails = known.byKey
                writer.knownTokens = known.byToken
                return try await writer.write(plan, rejects: rejects)
            }
            // Committed: these ids exist for good (nothing deletes attribution details). A failed transaction's ids
            // are not remembered; the ones remembered before stay good.
            self.details.withLock {
                $0.byKey.merge(used) { a, _ in a }
                $0.byToken.merge(tokens) { a, _ in a }
            }
            return outcome
        }
    }

    public func completeBatch(id: Int64, rows: Int, observations: Int, rejects: Int) async throws -> BatchRecord {
        guard rows == observations + rejects else {
            throw StoreError(.invalidArgument, "batch \(id): rows (\(rows)) != observations (\(observations)) + rejects (\(rejects))")
        }
        let logger = self.logger
        return try await retrying("completing batch \(id)") {
            try await self.client.withTransaction(logger: logger) { conn in
                try await conn.query("""
                    UPDATE batches SET status = 'complete', rows = \(rows), observations = \(observations), rejects = \(rejects),
                        completed_at = \(Int64(Date().timeIntervalSince1970)), claimed_by = NULL, lease_until = NULL,
                        new_threats = (SELECT coalesce(sum(new_threats), 0) FROM batch_counts WHERE batch_id = \(id)),
                        new_sightings = (SELECT coalesce(sum(new_sightings), 0) FROM batch_counts WHERE batch_id = \(id))
                    WHERE id = \(id)
                    """, logger: logger)
                guard let record = try await PostgresStore.batch(conn, id: id, logger: logger) else { throw StoreError(.notFound, "no batch \(id)") }
                return record
            }
        }
    }

    /// Creates the monthly sightings partitions a chunk needs, outside its transaction.
    func ensurePartitions(for months: Set<Int>) async throws {
        let missing = partitions.missing(months)
        guard !missing.isEmpty else { return }
        let logger = self.logger
        for month in missing.sorted() {
            let (name, from, to) = PartitionRegistry.bounds(month: month)
            try await retrying("creating partition \(name)") {
                do {
                    try await self.client.query(PostgresQuery(unsafeSQL: "CREATE TABLE IF NOT EXISTS \(name) PARTITION OF sightings FOR VALUES FROM (\(from)) TO (\(to))"), logger: logger)
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P07" || error.serverInfo?[.sqlState] == "23505" {
                    // Another worker created it at the same moment.
                }
            }
            partitions.markCreated(month)
        }
    }

    static let batchColumns = """
        b.id, b.sha256, s.name, b.format, b.report_type, b.file_name, b.size, b.received_at, b.status, b.rows,
        b.observations, b.rejects,
        (SELECT coalesce(sum(c.new_threats), 0) FROM batch_counts c WHERE c.batch_id = b.id)::bigint,
        (SELECT coalesce(sum(c.new_sightings), 0) FROM batch_counts c WHERE c.batch_id = b.id)::bigint
        """

    static func batchRecord(_ row: PostgresRow) throws -> BatchRecord {
        let (id, sha, source, format, reportType, fileName, size, receivedAt, status, rows, observations, rejects, newThreats, newSightings) =
            try row.decode((Int64, String, String, String, String?, String, Int64, Int64, String, Int64, Int64, Int64, Int64, Int64).self)
        return BatchRecord(
            id: id, sha256: sha, sourceName: source, format: format, reportType: reportType, fileName: fileName, size: size,
            receivedAt: receivedAt, status: BatchRecord.Status(rawValue: status) ?? .running, rows: Int(rows),
            observations: Int(observations), rejects: Int(rejects), newThreats: Int(newThreats), newSightings: Int(newSightings))
    }

    static func batch(_ conn: PostgresConnection, id: Int64, logger: Logger) async throws -> BatchRecord? {
        for try await row in try await conn.query(PostgresQuery(
            unsafeSQL: "SELECT \(batchColumns) FROM batches b JOIN sources s ON s.id = b.source_id WHERE b.id = $1",
            binds: { var b = PostgresBindings(); b.append(id); return b }()), logger: logger) {
            return try batchRecord(row)
        }
        return nil
    }
}
#endif
