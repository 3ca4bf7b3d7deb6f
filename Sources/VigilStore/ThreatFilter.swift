import VigilCore

/// Criteria for listing threats. Empty criteria match everything; results are newest `lastSeen` first.
public struct ThreatFilter: Sendable {
    public var kind: ThreatKind?
    public var category: ThreatCategory?
    /// GB/T 2260 province code; 0 selects threats with no province.
    public var provinceCode: Int?
    public var networkOperator: NetworkOperator?
    /// Only threats seen at or after this time, UTC seconds.
    public var since: Int64?
    /// Only threats this organization answers for (directory id).
    public var organization: String?
    /// Only this threat (a detail read through the caller's scope).
    public var id: ThreatID?
    /// Only these threats (an indicator search: its id for each kind); empty: no such limit.
    public var ids: [ThreatID] = []
    /// Read these kinds each along the `(kind, last_seen, id)` index and merge them, in one statement: a listing
    /// across kinds that never walks one kind's rows to reach another's. Empty: the plain query.
    public var mergingKinds: [ThreatKind] = []
    /// Only threats after this position in the order (the cursor of the page before): last seen earlier, or as late with
    /// a larger id.
    public var after: (lastSeen: Int64, id: ThreatID)?
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

    /// This filter narrowed to what `principal` may see, or nil when the role reads no threats (a reporter reads its own
    /// submissions instead). The narrowing is part of the query.
    public func scoped(to principal: Principal) -> ThreatFilter? {
        guard let scope = principal.narrow(province: provinceCode, organization: organization) else { return nil }
        var f = self
        f.provinceCode = scope.province
        f.organization = scope.organization
        return f
    }
}
