/// A stored batch and its accounting. For a complete batch `rows == observations + rejects`.
public struct BatchRecord: Sendable, Hashable, Codable {
    /// The lifecycle of a batch.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Recorded and being ingested, or interrupted; ingesting the same bytes again completes it.
        case running
        /// Every row is accounted for.
        case complete
    }

    public var id: Int64
    public var sha256: String
    public var sourceName: String
    public var format: String
    public var reportType: String?
    public var fileName: String
    public var size: Int64
    public var receivedAt: Int64
    public var status: Status
    public var rows: Int
    public var observations: Int
    public var rejects: Int
    /// Threats first seen in this batch (accumulated per committed chunk, so exact across resumes).
    public var newThreats: Int
    /// Sightings first recorded from this batch.
    public var newSightings: Int

    /// Creates a record.
    public init(
        id: Int64, sha256: String, sourceName: String, format: String, reportType: String?, fileName: String, size: Int64,
        receivedAt: Int64, status: Status, rows: Int, observations: Int, rejects: Int, newThreats: Int, newSightings: Int
    ) {
        self.id = id
        self.sha256 = sha256
        self.sourceName = sourceName
        self.format = format
        self.reportType = reportType
        self.fileName = fileName
        self.size = size
        self.receivedAt = receivedAt
        self.status = status
        self.rows = rows
        self.observations = observations
        self.rejects = rejects
        self.newThreats = newThreats
        self.newSightings = newSightings
    }
}
