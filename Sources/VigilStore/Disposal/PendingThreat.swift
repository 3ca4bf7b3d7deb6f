import VigilCore

/// A threat awaiting determination, with what the rules need: its reports, its owner and its place.
public struct PendingThreat: Sendable, Hashable {
    public var id: ThreatID
    public var kind: ThreatKind
    public var indicator: Indicator
    /// Distinct sources that reported it when read.
    public var sources: Int
    /// The responsible organization's directory id, if attribution found one.
    public var organization: String?
    /// GB/T 2260 province code, if known.
    public var province: Int?
    /// The earliest report of each source.
    public var reports: [ThreatFacts.Report]

    /// A pending threat.
    public init(id: ThreatID, kind: ThreatKind, indicator: Indicator, sources: Int, organization: String?, province: Int?, reports: [ThreatFacts.Report]) {
        self.id = id
        self.kind = kind
        self.indicator = indicator
        self.sources = sources
        self.organization = organization
        self.province = province
        self.reports = reports
    }

    /// What determination sees. Vigil's own probe (`vigil-probe`) reporting it counts as probe evidence.
    public var facts: ThreatFacts {
        ThreatFacts(kind: kind, indicator: indicator, reports: reports,
                    probeSawIt: reports.contains { $0.source == DisposalLedger.probeSource } ? true : nil)
    }
}
