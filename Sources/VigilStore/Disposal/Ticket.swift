import VigilCore

/// A disposal ticket (处置工单) as stored: one (responsible organization, measure), its threats, its clock.
public struct Ticket: Sendable, Hashable, Codable {
    public var id: Int64
    public var organization: String
    public var measure: Measure
    public var state: TicketState
    public var severity: Severity
    /// The province of its threats (the first one's), for escalation to the provincial administration.
    public var province: Int?
    public var issuedAt: Int64
    public var deadline: Int64
    public var acknowledgedAt: Int64?
    public var reportedDoneAt: Int64?
    public var verifiedAt: Int64?
    public var closedAt: Int64?
    /// Escalation steps already taken.
    public var escalations: Int
    /// Times a re-check reopened it.
    public var reopenings: Int
    public var notifyParent: Bool
    public var notifyCyberspaceAdministration: Bool
    /// The organization's last note (reported done, acknowledged).
    public var note: String?
    /// Evidence the organization gave with its report.
    public var evidence: String?
    /// Threats on the ticket (not counting ones withdrawn from it).
    public var threats: Int

    /// True when open and past its deadline at `now`.
    public func isOverdue(at now: Int64) -> Bool { EscalationPolicy.isOverdue(state: state, deadline: deadline, now: now) }

    public init(
        id: Int64, organization: String, measure: Measure, state: TicketState, severity: Severity, province: Int?, issuedAt: Int64,
        deadline: Int64, acknowledgedAt: Int64?, reportedDoneAt: Int64?, verifiedAt: Int64?, closedAt: Int64?, escalations: Int,
        reopenings: Int, notifyParent: Bool, notifyCyberspaceAdministration: Bool, note: String?, evidence: String?, threats: Int
    ) {
        self.id = id
        self.organization = organization
        self.measure = measure
        self.state = state
        self.severity = severity
        self.province = province
        self.issuedAt = issuedAt
        self.deadline = deadline
        self.acknowledgedAt = acknowledgedAt
        self.reportedDoneAt = reportedDoneAt
        self.verifiedAt = verifiedAt
        self.closedAt = closedAt
        self.escalations = escalations
        self.reopenings = reopenings
        self.notifyParent = notifyParent
        self.notifyCyberspaceAdministration = notifyCyberspaceAdministration
        self.note = note
        self.evidence = evidence
        self.threats = threats
    }
}
