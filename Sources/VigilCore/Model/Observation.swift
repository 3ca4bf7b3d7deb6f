import Foundation

/// One normalized report (监测记录) of one indicator by one source at one time: what a feed row becomes.
public struct Observation: Sendable, Hashable {
    /// The kind of threat reported.
    public var kind: ThreatKind
    /// The canonical indicator.
    public var indicator: Indicator
    /// When the source saw it, UTC seconds since 1970.
    public var seenAt: Int64
    /// The 1-based data row in the batch.
    public var row: Int
    /// ASN the source reported, if any (kept as evidence; attribution decides the final value).
    public var reportedASN: Int?
    /// A short free-text note from the source (tag, reason, score).
    public var note: String?
    /// The address the indicator is about, when the parser already decoded it (saves a re-parse in attribution); for a
    /// domain or URL, the address its name resolved to when the source says so (its A/AAAA record).
    public var address: IPAddress?

    /// Creates an observation.
    public init(kind: ThreatKind, indicator: Indicator, seenAt: Int64, row: Int, reportedASN: Int? = nil, note: String? = nil,
        address: IPAddress? = nil
    ) {
        self.address = address
        self.kind = kind
        self.indicator = indicator
        self.seenAt = seenAt
        self.row = row
        self.reportedASN = reportedASN
        self.note = note
    }

    /// The id of the threat this observation is evidence of.
    public var threatID: ThreatID { ThreatID(kind: kind, indicator: indicator) }

    /// ``seenAt`` as a `Date`.
    public var seenDate: Date { Date(timeIntervalSince1970: TimeInterval(seenAt)) }
}
