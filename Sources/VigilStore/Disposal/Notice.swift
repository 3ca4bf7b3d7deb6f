/// A notice about a ticket, to one recipient on one channel: written with the change that calls for it, delivered
/// afterwards (an outbox), at most once per (ticket, purpose, channel, recipient).
public struct Notice: Sendable, Hashable, Codable {
    /// Where a notice stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// Waiting for its next attempt.
        case pending
        /// Accepted by the mail server or the webhook receiver.
        case sent
        /// Given up after the retry schedule ran out.
        case failed
    }

    /// How a notice travels.
    public enum Channel: String, Sendable, Hashable, Codable {
        case email, webhook
    }

    public var id: Int64
    public var ticket: Int64
    /// Why: `issued`, `reminder`, `escalation-parent`, `escalation-province`, `withdrawn`, `extension-granted` …
    public var purpose: String
    public var channel: Channel
    /// The e-mail address or webhook URL.
    public var recipient: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var createdAt: Int64
    public var sentAt: Int64?

    public init(id: Int64, ticket: Int64, purpose: String, channel: Channel, recipient: String, state: State, attempts: Int,
                nextAttemptAt: Int64, lastError: String?, createdAt: Int64, sentAt: Int64?) {
        self.id = id
        self.ticket = ticket
        self.purpose = purpose
        self.channel = channel
        self.recipient = recipient
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}

/// A notice to write: purpose, channel, recipient.
public struct NoticeRequest: Sendable, Hashable {
    public var purpose: String
    public var channel: Notice.Channel
    public var recipient: String

    public init(purpose: String, channel: Notice.Channel, recipient: String) {
        self.purpose = purpose
        self.channel = channel
        self.recipient = recipient
    }
}
