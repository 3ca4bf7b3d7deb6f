import VigilCore

/// A user as stored (never with the password hash).
public struct UserRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var role: Role
    public var province: Int?
    public var organization: String?
    public var disabled: Bool
    public var createdAt: Int64

    public init(id: Int64, name: String, role: Role, province: Int?, organization: String?, disabled: Bool, createdAt: Int64) {
        self.id = id
        self.name = name
        self.role = role
        self.province = province
        self.organization = organization
        self.disabled = disabled
        self.createdAt = createdAt
    }

    /// The caller this user is.
    public var principal: Principal { Principal(userID: id, name: name, role: role, province: province, organization: organization) }
}

/// An API token as stored: its hash only, never the token.
public struct TokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var user: String
    public var label: String
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(id: Int64, user: String, label: String, createdAt: Int64, revokedAt: Int64?) {
        self.id = id
        self.user = user
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
