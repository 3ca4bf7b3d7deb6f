/// The organization that must act on an indicator, and why.
public struct Responsible: Sendable, Hashable {
    /// The organization.
    public var organization: Organization
    /// The rule that chose it.
    public var rule: ResolutionRule
    /// What matched, e.g. `operator:chinaUnicom@440000`.
    public var detail: String

    /// Creates a result.
    public init(organization: Organization, rule: ResolutionRule, detail: String) {
        self.organization = organization
        self.rule = rule
        self.detail = detail
    }
}
