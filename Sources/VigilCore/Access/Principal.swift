/// Who is calling: a user with a role and, for `province` and `organization`, the part of the data that is theirs.
public struct Principal: Sendable, Hashable {
    public var userID: Int64
    public var name: String
    public var role: Role
    /// GB/T 2260 code, for the `province` role.
    public var province: Int?
    /// Directory id, for the `organization` role.
    public var organization: String?

    public init(userID: Int64, name: String, role: Role, province: Int? = nil, organization: String? = nil) {
        self.userID = userID
        self.name = name
        self.role = role
        self.province = province
        self.organization = organization
    }

    /// The province and organization a query must be narrowed to for this caller, given what was asked; nil when the
    /// caller may see nothing of it (a reporter, a role without its scope, or a request for another's part). Every
    /// scoped filter (`TicketFilter`, `ThreatFilter`) goes through this one rule.
    public func narrow(province asked: Int?, organization askedOrganization: String?) -> (province: Int?, organization: String?)? {
        switch role {
        case .ministry, .auditor: return (asked, askedOrganization)
        case .reporter: return nil
        case .province:
            guard let province, asked == nil || asked == province else { return nil }
            return (province, askedOrganization)
        case .organization:
            guard let organization, askedOrganization == nil || askedOrganization == organization else { return nil }
            return (asked, organization)
        }
    }
}
