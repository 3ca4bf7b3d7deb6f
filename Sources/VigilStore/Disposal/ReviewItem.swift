import VigilCore

/// One entry of the review queue: a threat no rule decided, or a confirmed threat under appeal.
public struct ReviewItem: Sendable, Hashable {
    public var threat: ThreatID
    public var kind: ThreatKind
    public var indicator: String
    public var organization: String?
    public var province: Int?
    public var determination: StoredDetermination
    /// The pending appeal, when that is why it is here.
    public var appeal: Appeal?

    public init(threat: ThreatID, kind: ThreatKind, indicator: String, organization: String?, province: Int?, determination: StoredDetermination, appeal: Appeal?) {
        self.threat = threat
        self.kind = kind
        self.indicator = indicator
        self.organization = organization
        self.province = province
        self.determination = determination
        self.appeal = appeal
    }
}
