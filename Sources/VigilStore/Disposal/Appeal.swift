import VigilCore

/// An appeal (申诉) by a responsible organization against a confirmed threat.
public struct Appeal: Sendable, Hashable, Codable {
    /// Where an appeal stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting in the review queue.
        case pending
        /// Upheld by review: the threat was reversed (rejected) and its ticket withdrawn.
        case reversed
        /// Turned down by review: the threat stands.
        case upheld
    }

    public var id: Int64
    public var threat: ThreatID
    /// The ticket the threat was on when the appeal was filed.
    public var ticket: Int64?
    public var filedBy: String
    public var reason: String
    public var state: State
    public var filedAt: Int64
    public var decidedBy: String?
    public var decidedAt: Int64?
    public var decisionReason: String?

    public init(id: Int64, threat: ThreatID, ticket: Int64?, filedBy: String, reason: String, state: State, filedAt: Int64,
                decidedBy: String?, decidedAt: Int64?, decisionReason: String?) {
        self.id = id
        self.threat = threat
        self.ticket = ticket
        self.filedBy = filedBy
        self.reason = reason
        self.state = state
        self.filedAt = filedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionReason = decisionReason
    }
}
