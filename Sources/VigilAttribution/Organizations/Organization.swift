/// A unit (单位) that reports threats or must act on them.
public struct Organization: Sendable, Hashable {
    /// A stable id, e.g. `unicom-440000`.
    public var id: String
    /// The name, e.g. 中国联通广东分公司.
    public var name: String
    /// The type.
    public var type: OrgType
    /// The parent's id (group → provincial branch).
    public var parent: String?
    /// The province it belongs to, when it is provincial.
    public var provinceCode: Int?
    /// Where notices go.
    public var contacts: [Contact]
    /// What it answers for.
    public var responsibilities: [Responsibility]
    /// A Party or government body (党政机关) or critical information infrastructure (关键信息基础设施): tickets for
    /// its threats also notify its parent organization and the cyberspace administration.
    public var sensitive: Bool

    /// Creates an organization.
    public init(id: String, name: String, type: OrgType, parent: String? = nil, provinceCode: Int? = nil, contacts: [Contact] = [], responsibilities: [Responsibility] = [], sensitive: Bool = false) {
        self.id = id
        self.name = name
        self.type = type
        self.parent = parent
        self.provinceCode = provinceCode
        self.contacts = contacts
        self.responsibilities = responsibilities
        self.sensitive = sensitive
    }
}
