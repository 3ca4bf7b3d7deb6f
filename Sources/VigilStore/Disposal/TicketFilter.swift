import VigilCore

/// Criteria for listing tickets; empty criteria match everything, newest first.
public struct TicketFilter: Sendable, Hashable {
    public var organization: String?
    public var states: Set<TicketState>
    public var province: Int?
    /// Only tickets open and past their deadline at this time.
    public var overdueAt: Int64?
    public var limit: Int

    public init(organization: String? = nil, states: Set<TicketState> = [], province: Int? = nil, overdueAt: Int64? = nil, limit: Int = 100) {
        self.organization = organization
        self.states = states
        self.province = province
        self.overdueAt = overdueAt
        self.limit = limit
    }
}
