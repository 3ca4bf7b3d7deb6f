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

    /// True when the role reads tickets at all (a reporter sees only its own submissions).
    public var readsTickets: Bool { role != .reporter }
}
