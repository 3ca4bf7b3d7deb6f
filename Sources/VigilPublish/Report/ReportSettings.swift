import VigilAttribution
import VigilCore

/// What the situation report takes from configuration: the type of each reporting source (报送单位类型), the
/// organizations' names and types (from the directory), the author's name, and the next priorities (下一步工作).
public struct ReportSettings: Sendable {
    /// An organization as the report names it.
    public struct OrganizationInfo: Sendable, Hashable {
        public var name: String
        public var type: OrgType

        public init(name: String, type: OrgType) {
            self.name = name
            self.type = type
        }
    }

    /// Source name → type of reporting organization. A source not named here takes the type of the directory's
    /// organization of that id or name, else it counts as "other".
    public var sourceTypes: [String: OrgType]
    /// Organization id → name and type.
    public var organizations: [String: OrganizationInfo] {
        didSet { typesByName = Self.index(organizations) }
    }
    /// Organization name → type, for sources named after an organization (the first id in order wins).
    private var typesByName: [String: OrgType] = [:]
    /// Who issues the report, per language.
    public var author: [Language: String]
    /// The next priorities, per language, in order.
    public var priorities: [Language: [String]]

    public init(sourceTypes: [String: OrgType] = [:], organizations: [String: OrganizationInfo] = [:], author: [Language: String] = [:],
                priorities: [Language: [String]] = [:]) {
        self.sourceTypes = sourceTypes
        self.organizations = organizations
        typesByName = Self.index(organizations)
        self.author = author
        self.priorities = priorities
    }

    /// The settings with the organizations of a directory.
    public init(directory: OrganizationDirectory, sourceTypes: [String: OrgType] = [:], author: [Language: String] = [:], priorities: [Language: [String]] = [:]) {
        var organizations: [String: OrganizationInfo] = [:]
        for (id, org) in directory.organizations { organizations[id] = OrganizationInfo(name: org.name, type: org.type) }
        self.init(sourceTypes: sourceTypes, organizations: organizations, author: author, priorities: priorities)
    }

    /// Sources whose type is known without configuration (by lower-cased name): CNCERT is a professional
    /// institution, and the Shadowserver Foundation counts with the security organizations.
    public static let knownSourceTypes: [String: OrgType] = ["cncert": .professionalInstitution, "cncert/cc": .professionalInstitution, "shadowserver": .securityCompany]

    /// The type of a reporting source: as configured, else as the directory's organization of that id or name, else
    /// as ``knownSourceTypes`` says; nil for "other".
    public func type(ofSource name: String) -> OrgType? {
        if let type = sourceTypes[name] { return type }
        if let org = organizations[name] { return org.type }
        if let type = typesByName[name] { return type }
        return Self.knownSourceTypes[name.lowercased()]
    }

    static func index(_ organizations: [String: OrganizationInfo]) -> [String: OrgType] {
        var out: [String: OrgType] = [:]
        for id in organizations.keys.sorted() { if let org = organizations[id], out[org.name] == nil { out[org.name] = org.type } }
        return out
    }
}
