import VigilCore

/// Criteria for listing threats. Empty criteria match everything; results are newest `lastSeen` first.
public struct ThreatFilter: Sendable, Hashable {
    public var kind: ThreatKind?
    public var category: ThreatCategory?
    /// GB/T 2260 province code; 0 selects threats with no province.
    public var provinceCode: Int?
    public var networkOperator: NetworkOperator?
    /// Only threats seen at or after this time, UTC seconds.
    public var since: Int64?
    /// At most this many results.
    public var limit: Int

    /// Creates a filter.
    public init(
        kind: ThreatKind? = nil, category: ThreatCategory? = nil, provinceCode: Int? = nil,
        networkOperator: NetworkOperator? = nil, since: Int64? = nil, limit: Int = 100
    ) {
        self.kind = kind
        self.category = category
        self.provinceCode = provinceCode
        self.networkOperator = networkOperator
        self.since = since
        self.limit = limit
    }
}
