/// A responsible organization's request for more time on a ticket (延期申请).
public struct ExtensionRequest: Sendable, Hashable, Codable {
    /// Where a request stands.
    public enum State: String, Sendable, Hashable, Codable {
        case pending, granted, denied
    }

    public var id: Int64
    public var ticket: Int64
    public var requestedBy: String
    /// Hours asked for, added to the deadline when granted.
    public var hours: Int
    public var reason: String
    public var state: State
    public var requestedAt: Int64
    public var decidedBy: String?
    public var decidedAt: Int64?
    public var decisionReason: String?

    public init(id: Int64, ticket: Int64, requestedBy: String, hours: Int, reason: String, state: State, requestedAt: Int64,
                decidedBy: String?, decidedAt: Int64?, decisionReason: String?) {
        self.id = id
        self.ticket = ticket
        self.requestedBy = requestedBy
        self.hours = hours
        self.reason = reason
        self.state = state
        self.requestedAt = requestedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionReason = decisionReason
    }
}
