/// What writing one chunk changed.
public struct ChunkOutcome: Sendable, Hashable {
    /// Threats that did not exist before.
    public var newThreats: Int
    /// Sightings that did not exist before (exact repeats of a sighting are not new).
    public var newSightings: Int

    /// Creates an outcome.
    public init(newThreats: Int = 0, newSightings: Int = 0) {
        self.newThreats = newThreats
        self.newSightings = newSightings
    }
}
