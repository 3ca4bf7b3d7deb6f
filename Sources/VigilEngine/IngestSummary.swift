/// The result of ingesting one input.
public struct IngestSummary: Sendable, Hashable, Codable {
    /// The file.
    public var path: String
    /// The batch id in the store.
    public var batchID: Int64
    /// The input's SHA-256.
    public var sha256: String
    /// The format used.
    public var format: String
    /// Data rows; always `observations + rejects`.
    public var rows: Int
    public var observations: Int
    public var rejects: Int
    /// Threats first seen in this batch.
    public var newThreats: Int
    /// Sightings first recorded from this batch.
    public var newSightings: Int
    /// Wall time of this run.
    public var seconds: Double
    /// True when the same bytes had been ingested already, so nothing was done.
    public var alreadyIngested: Bool
    /// True when this run completed a batch an earlier run left unfinished.
    public var resumed: Bool

    enum CodingKeys: String, CodingKey {
        case path, sha256, format, rows, observations, rejects, seconds, resumed
        case batchID = "batch_id"
        case newThreats = "new_threats"
        case newSightings = "new_sightings"
        case alreadyIngested = "already_ingested"
    }
}
