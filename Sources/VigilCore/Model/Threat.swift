/// A deduplicated threat (威胁): one per `(kind, canonical indicator)`.
public struct Threat: Sendable, Hashable {
    /// The stable id.
    public var id: ThreatID
    /// The kind.
    public var kind: ThreatKind
    /// The canonical indicator.
    public var indicator: Indicator
    /// Earliest sighting, UTC seconds.
    public var firstSeen: Int64
    /// Latest sighting, UTC seconds.
    public var lastSeen: Int64
    /// Number of distinct sightings.
    public var sightings: Int
    /// Number of distinct sources that reported it.
    public var sources: Int
    /// Where it lives.
    public var attribution: Attribution

    /// Creates a threat record.
    public init(
        id: ThreatID, kind: ThreatKind, indicator: Indicator, firstSeen: Int64, lastSeen: Int64, sightings: Int,
        sources: Int, attribution: Attribution
    ) {
        self.id = id
        self.kind = kind
        self.indicator = indicator
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.sightings = sightings
        self.sources = sources
        self.attribution = attribution
    }

    /// The category of the kind.
    public var category: ThreatCategory { kind.category }
}
