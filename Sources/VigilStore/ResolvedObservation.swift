import VigilCore

/// An observation after attribution and correlation: ready to be written.
public struct ResolvedObservation: Sendable, Hashable {
    /// The observation.
    public var observation: Observation
    /// Its threat id.
    public var threatID: ThreatID
    /// The threat's attribution.
    public var attribution: Attribution

    /// Creates a resolved observation.
    public init(observation: Observation, threatID: ThreatID, attribution: Attribution) {
        self.observation = observation
        self.threatID = threatID
        self.attribution = attribution
    }
}
