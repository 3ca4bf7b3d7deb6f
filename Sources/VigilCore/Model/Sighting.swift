/// One distinct report of a threat: by one source at one time. Reports identical in all three are one sighting.
public struct Sighting: Sendable, Hashable {
    /// The threat.
    public var threatID: ThreatID
    /// The reporting source's id in the store.
    public var sourceID: Int64
    /// When the source saw it, UTC seconds.
    public var seenAt: Int64
    /// The batch that carried it.
    public var batchID: Int64
    /// The row in that batch.
    public var row: Int

    /// Creates a sighting.
    public init(threatID: ThreatID, sourceID: Int64, seenAt: Int64, batchID: Int64, row: Int) {
        self.threatID = threatID
        self.sourceID = sourceID
        self.seenAt = seenAt
        self.batchID = batchID
        self.row = row
    }
}
