import VigilCore

/// A threat's current determination as stored, with when it was made and the person's reason, if any.
public struct StoredDetermination: Sendable, Hashable {
    public var threat: ThreatID
    public var determination: Determination
    /// UTC seconds.
    public var decidedAt: Int64
    /// A person's reason (manual decisions and appeals).
    public var reason: String?

    public init(threat: ThreatID, determination: Determination, decidedAt: Int64, reason: String?) {
        self.threat = threat
        self.determination = determination
        self.decidedAt = decidedAt
        self.reason = reason
    }
}
