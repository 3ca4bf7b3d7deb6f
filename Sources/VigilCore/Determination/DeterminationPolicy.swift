/// How much a source's word counts in determination.
public enum SourceTrust: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its reports are confirmed on their own (CNCERT, the regulator's own probes, a vetted partner).
    case trusted
    /// Its reports need corroboration.
    case normal
    /// Its reports never confirm anything alone and do not count towards corroboration.
    case untrusted
}

/// The determination rules' settings (`[determination]` in vigil.toml); every value has a default.
public struct DeterminationPolicy: Sendable, Hashable {
    /// Trust per source name; sources not named are ``defaultTrust``.
    public var trust: [String: SourceTrust]
    /// The trust of sources not named.
    public var defaultTrust: SourceTrust
    /// How many independent (non-untrusted) sources confirm a threat.
    public var corroboratingSources: Int
    /// Within how many seconds those sources must report it.
    public var corroborationWindow: Int64
    /// Reject only when the indicator itself is on a warninglist; a subdomain of a listed name or an address inside a
    /// listed network goes to review instead (a phishing page on a listed hosting platform is still phishing).
    public var warninglistExactOnly: Bool
    /// Warninglists that never reject (dynamic DNS providers, URL shorteners: malicious use is common there).
    public var warninglistsThatDoNotReject: Set<String>
    /// The organization's own allowlist: indicators (canonical text), networks (CIDR) and domains (with subdomains).
    public var allowlist: [String]

    /// The defaults: CNCERT and Vigil's own probes trusted, two independent sources within seven days, exact
    /// warninglist hits reject.
    public static let standard = DeterminationPolicy(
        trust: ["CNCERT": .trusted, "vigil-probe": .trusted], defaultTrust: .normal, corroboratingSources: 2,
        corroborationWindow: 7 * 86_400, warninglistExactOnly: true,
        warninglistsThatDoNotReject: ["List of known dynamic DNS domains", "List of known URL Shorteners domains"], allowlist: [])

    /// A policy.
    public init(
        trust: [String: SourceTrust], defaultTrust: SourceTrust, corroboratingSources: Int, corroborationWindow: Int64,
        warninglistExactOnly: Bool, warninglistsThatDoNotReject: Set<String>, allowlist: [String]
    ) {
        self.trust = trust
        self.defaultTrust = defaultTrust
        self.corroboratingSources = corroboratingSources
        self.corroborationWindow = corroborationWindow
        self.warninglistExactOnly = warninglistExactOnly
        self.warninglistsThatDoNotReject = warninglistsThatDoNotReject
        self.allowlist = allowlist
    }

    /// The trust of a source.
    public func trust(of source: String) -> SourceTrust { trust[source] ?? defaultTrust }
}
