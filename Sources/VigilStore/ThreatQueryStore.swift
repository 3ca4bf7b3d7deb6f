import VigilCore

/// The read side: threats, statistics, batches and rejects.
public protocol ThreatQueryStore: Sendable {
    /// Threats matching a filter, newest first.
    func threats(matching filter: ThreatFilter) async throws -> [Threat]
    /// Rolled-up counts.
    func statistics() async throws -> ThreatStatistics
    /// Rejects, optionally of one batch, in batch and row order.
    func rejects(batchID: Int64?, limit: Int) async throws -> [StoredReject]
    /// Batches, newest first.
    func batches(limit: Int) async throws -> [BatchRecord]
    /// The sightings of one threat, oldest first.
    func sightings(of threatID: ThreatID, limit: Int) async throws -> [Sighting]
}

/// Maintenance of stored attributions after a reference-data update.
public protocol AttributionMaintenance: Sendable {
    /// Recomputes every threat's attribution with `attribute` and rebuilds the rollups, in one transaction.
    /// `attribute` gets the kind, the indicator and what new reference data cannot recompute, as an attribution with
    /// only two fields set: `asn`, the ASN the source reported (if any), and ``Attribution/viaAddress``.
    /// Returns the number of threats updated.
    func reattribute(_ attribute: @escaping @Sendable (ThreatKind, Indicator, Attribution) -> Attribution) async throws -> Int
}

/// Everything a Vigil store provides.
public typealias Store = IngestStore & ThreatQueryStore & AttributionMaintenance & SQLExecutor
