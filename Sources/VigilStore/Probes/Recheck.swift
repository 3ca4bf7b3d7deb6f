import VigilCore

/// One re-check (复核) of one threat of a ticket reported done: the probe to repeat, where, how many attempts so far,
/// and, once done, the verdict (`fixed`, `fixedServiceAlive`, `stillPresent`, `unreachable`, `churned`, or
/// `superseded` when another threat of the round was still present and the ticket reopened first).
public struct Recheck: Sendable, Hashable, Codable {
    public var id: Int64
    public var ticketID: Int64
    public var threat: ThreatID
    /// The ticket's reopenings when it was scheduled: one round per report of done.
    public var round: Int
    /// The probe (`ntp-readvar`, `redis` …) and its target (`address:port`, or a URL).
    public var probe: String
    public var target: String
    public var attempts: Int
    public var dueAt: Int64
    public var verdict: String?
    /// The device fingerprint of the original finding, when Vigil saw it (mode 6 version, banner), to tell churn.
    public var fingerprint: String?
    public var createdAt: Int64
    public var completedAt: Int64?

    public init(id: Int64, ticketID: Int64, threat: ThreatID, round: Int, probe: String, target: String, attempts: Int, dueAt: Int64, verdict: String?,
                fingerprint: String?, createdAt: Int64, completedAt: Int64?) {
        self.id = id
        self.ticketID = ticketID
        self.threat = threat
        self.round = round
        self.probe = probe
        self.target = target
        self.attempts = attempts
        self.dueAt = dueAt
        self.verdict = verdict
        self.fingerprint = fingerprint
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

/// A threat of a ticket reported done that has no re-check in the ticket's current round yet.
public struct RecheckCandidate: Sendable, Hashable {
    public var ticketID: Int64
    public var round: Int
    public var threat: ThreatID
    public var kind: ThreatKind
    public var indicator: String
}

/// One probe attempt's evidence as stored: the probe's JSON, with the fields the store indexes.
public struct StoredEvidence: Sendable, Hashable, Codable {
    public var id: Int64
    public var recheckID: Int64?
    public var threat: ThreatID?
    public var watchID: Int64?
    public var probe: String
    public var target: String
    public var verdict: String
    public var positive: Bool
    public var fingerprint: String?
    public var sentAt: Int64
    /// The probe's evidence, JSON.
    public var evidence: String

    public init(id: Int64 = 0, recheckID: Int64? = nil, threat: ThreatID? = nil, watchID: Int64? = nil, probe: String, target: String, verdict: String,
                positive: Bool, fingerprint: String? = nil, sentAt: Int64, evidence: String) {
        self.id = id
        self.recheckID = recheckID
        self.threat = threat
        self.watchID = watchID
        self.probe = probe
        self.target = target
        self.verdict = verdict
        self.positive = positive
        self.fingerprint = fingerprint
        self.sentAt = sentAt
        self.evidence = evidence
    }
}

/// Re-check outcomes counted for one organization or one network prefix.
public struct FixRate: Sendable, Hashable, Codable {
    /// The organization id, or the prefix (`61.135.1.0/24`).
    public var key: String
    /// Completed re-checks by verdict.
    public var verdicts: [String: Int]

    /// Re-checks that verified a fix.
    public var fixed: Int { (verdicts["fixed"] ?? 0) + (verdicts["fixedServiceAlive"] ?? 0) }
    /// Re-checks with a conclusion (fixed or still present; unreachable, churned and superseded are not).
    public var concluded: Int { fixed + (verdicts["stillPresent"] ?? 0) }
    /// Fixed over concluded, or nil when nothing concluded.
    public var rate: Double? { concluded > 0 ? Double(fixed) / Double(concluded) : nil }
}
