/// The write side of collect and correlate: batches, observations, rejects, threats and sightings.
///
/// Promises of every implementation:
/// - ``openBatch(_:)`` records a batch before anything is parsed, and answers ``BatchOpening/alreadyIngested(_:)``
///   for bytes (by SHA-256) that completed before;
/// - each ``write(chunk:rejects:batchID:sourceID:)`` commits in one or more transactions, each consistent with its
///   counters (SQLite uses one, PostgreSQL one per threat-id range), and re-writing rows already written changes nothing,
///   so a killed ingest that is run again ends in the same state as one clean run;
/// - counters and rollups are updated in the same transaction as the rows they count.
public protocol IngestStore: Sendable {
    /// Records (or finds) a batch.
    func openBatch(_ descriptor: BatchDescriptor) async throws -> BatchOpening
    /// Writes one chunk of observations and rejects; every transaction it commits is consistent on its own.
    func write(chunk: [ResolvedObservation], rejects: [StoredReject], batchID: Int64, sourceID: Int64) async throws -> ChunkOutcome
    /// Marks a batch complete with its final row accounting; returns the stored record.
    func completeBatch(id: Int64, rows: Int, observations: Int, rejects: Int) async throws -> BatchRecord
    /// How many chunks of one batch may be written at once (1: one after the other).
    var writeConcurrency: Int { get }
}

extension IngestStore {
    /// One chunk at a time, unless a store says otherwise.
    public var writeConcurrency: Int { 1 }
}
