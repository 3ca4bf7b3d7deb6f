import VigilCore

/// Criteria for listing tickets; empty criteria match everything, newest (highest id) first.
public struct TicketFilter: Sendable, Hashable {
    public var organization: String?
    public var states: Set<TicketState>
    public var province: Int?
    public var measure: Measure?
    /// Only tickets open and past their deadline at this time.
    public var overdueAt: Int64?
    /// Only this ticket (a detail read through the caller's scope).
    public var id: Int64?
    /// Only tickets with a smaller id (the cursor of the page before).
    public var beforeID: Int64?
    public var limit: Int

    public init(organization: String? = nil, states: Set<TicketState> = [], province: Int? = nil, measure: Measure? = nil, overdueAt: Int64? = nil,
                id: Int64? = nil, beforeID: Int64? = nil, limit: Int = 100) {
        self.organization = organization
        self.measure = measure
        self.states = states
        self.province = province
        self.overdueAt = overdueAt
        self.id = id
        self.beforeID = beforeID
        self.limit = limit
    }

    /// This filter narrowed to what `principal` may see, or nil when the role reads no tickets. The narrowing is part
    /// of the query: an organization user's filter names its organization whatever was asked, a province user's its
    /// province.
    public func scoped(to principal: Principal) -> TicketFilter? {
        guard let scope = principal.narrow(province: province, organization: organization) else { return nil }
        var f = self
        f.province = scope.province
        f.organization = scope.organization
        return f
    }
}
