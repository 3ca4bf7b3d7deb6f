import VigilCore

/// How Vigil publishes (`[publish]` in vigil.toml): the RPZ zone's name, its policy per kind, which kinds block whole
/// subtrees, where redirects point, and which kinds are published at all.
public struct PublishSettings: Sendable, Hashable {
    /// The policy zone's name, with the final dot.
    public var zone: String
    /// Per kind, what resolvers do (kinds not named: NXDOMAIN).
    public var policies: [ThreatKind: RPZPolicy]
    /// Kinds whose domains block their subdomains too (`*.domain`).
    public var subtreeKinds: Set<ThreatKind>
    /// Where `redirect` points: an address (an A or AAAA record) or a name (a CNAME), such as the warning page's host.
    public var redirectTo: String
    /// The kinds that go on blocklists.
    public var kinds: Set<ThreatKind>
    /// The TTL of the zone's records.
    public var ttl: Int

    /// Malicious addresses, domains, URLs and C2 servers: the network resources blocklists exist for.
    public static let defaultKinds: Set<ThreatKind> = [.maliciousIP, .c2Server, .maliciousDomain, .phishingURL, .malwareURL]

    public init(zone: String = "rpz.vigil.", policies: [ThreatKind: RPZPolicy] = [:], subtreeKinds: Set<ThreatKind> = [.maliciousDomain],
                redirectTo: String = "127.0.0.1", kinds: Set<ThreatKind> = PublishSettings.defaultKinds, ttl: Int = 300) {
        self.zone = zone.hasSuffix(".") ? zone.lowercased() : zone.lowercased() + "."
        self.policies = policies
        self.subtreeKinds = subtreeKinds
        self.redirectTo = redirectTo
        self.kinds = kinds
        self.ttl = ttl
    }

    /// The policy for a kind.
    public func policy(_ kind: ThreatKind) -> RPZPolicy { policies[kind] ?? .nxdomain }
}
