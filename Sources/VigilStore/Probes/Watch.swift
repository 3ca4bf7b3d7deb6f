/// A watch (重大活动保障) as stored: its name, its specification (JSON, read by the engine), its interval and when it
/// last ran.
public struct Watch: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// The specification, JSON (names, expected answers, pages and baselines, hosts, contacts).
    public var spec: String
    public var intervalSeconds: Int64
    public var enabled: Bool
    public var createdBy: String
    public var createdAt: Int64
    public var lastRunAt: Int64?

    public init(id: Int64, name: String, spec: String, intervalSeconds: Int64, enabled: Bool, createdBy: String, createdAt: Int64, lastRunAt: Int64?) {
        self.id = id
        self.name = name
        self.spec = spec
        self.intervalSeconds = intervalSeconds
        self.enabled = enabled
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastRunAt = lastRunAt
    }
}

/// The last verdict of one check of a watch.
public struct WatchCheckState: Sendable, Hashable, Codable {
    /// `dns:NAME@RESOLVER`, `page:URL#content`, `host:ADDRESS:PORT` …
    public var key: String
    public var verdict: String
    /// Consecutive failed checks (unreachable), for alerting after a threshold.
    public var failures: Int
    /// True while the check is in an alert state.
    public var alerting: Bool
    public var detail: String?
    public var checkedAt: Int64

    public init(key: String, verdict: String, failures: Int, alerting: Bool, detail: String?, checkedAt: Int64) {
        self.key = key
        self.verdict = verdict
        self.failures = failures
        self.alerting = alerting
        self.detail = detail
        self.checkedAt = checkedAt
    }
}

/// An alert a watch raised: a DNS answer changed, a page defaced or carrying hidden links, a host unreachable, or a
/// check recovered.
public struct WatchAlert: Sendable, Hashable, Codable {
    public var id: Int64
    public var watchID: Int64
    public var key: String
    /// `dnsChanged`, `dnsInjected`, `dnsFailure`, `dnssecBogus`, `defaced`, `pageChanged`, `hiddenLink`, `unreachable`, `recovered`.
    public var kind: String
    public var detail: String
    public var raisedAt: Int64

    public init(id: Int64 = 0, watchID: Int64, key: String, kind: String, detail: String, raisedAt: Int64) {
        self.id = id
        self.watchID = watchID
        self.key = key
        self.kind = kind
        self.detail = detail
        self.raisedAt = raisedAt
    }
}

/// One alert to one contact.
public struct AlertDelivery: Sendable, Hashable, Codable {
    public var id: Int64
    public var alertID: Int64
    public var channel: String
    public var recipient: String
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Int64
    public var lastError: String?
    public var sentAt: Int64?
}
