import VigilCore

/// A confirmed threat not yet on a ticket, with what the planner and the notices need.
public struct ConfirmedThreat: Sendable, Hashable {
    public var threat: ThreatID
    public var kind: ThreatKind
    public var indicator: String
    public var organization: String?
    public var province: Int?
    /// The incident grade, when one was set (it raises the severity).
    public var grade: IncidentGrade?

    public init(threat: ThreatID, kind: ThreatKind, indicator: String, organization: String?, province: Int?, grade: IncidentGrade?) {
        self.threat = threat
        self.kind = kind
        self.indicator = indicator
        self.organization = organization
        self.province = province
        self.grade = grade
    }

    /// The kind's usual severity, raised by the incident grade.
    public var severity: Severity { max(.default(for: kind), grade?.severity ?? .low) }
}
