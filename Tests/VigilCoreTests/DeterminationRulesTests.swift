import Testing
@testable import VigilCore

/// The determination rules, one at a time and in their order of precedence.
@Suite struct DeterminationRulesTests {
    static let lists = WarninglistSet([
        Warninglist(name: "Top sites", type: .hostname, list: ["baidu.com", "blogspot.com"], matchingAttributes: ["hostname", "domain", "url"]),
        Warninglist(name: "List of known dynamic DNS domains", type: .hostname, list: ["no-ip.org"], matchingAttributes: ["hostname", "domain"]),
        Warninglist(name: "Resolvers", type: .cidr, list: ["114.114.114.114"], matchingAttributes: ["ip-dst"]),
    ])
    static var policy: DeterminationPolicy {
        var p = DeterminationPolicy.standard
        p.trust["partner-untrusted"] = .untrusted
        p.allowlist = ["203.0.114.0/24", "ourcompany.example", "d41d8cd98f00b204e9800998ecf8427e"]
        return p
    }
    static let rules = DeterminationRules(policy: policy, warninglists: lists)

    func decide(_ indicator: Indicator, _ kind: ThreatKind = .maliciousIP, sources: [(String, Int64)], probe: Bool? = nil) -> Determination {
        Self.rules.decide(ThreatFacts(kind: kind, indicator: indicator, reports: sources.map { .init(source: $0.0, seenAt: $0.1) }, probeSawIt: probe))
    }

    @Test func falsePositivesAreRejectedFirst() throws {
        let reserved = decide(try .ip("10.0.0.5"), sources: [("CNCERT", 0)], probe: true)
        #expect(reserved.decision == .rejected && reserved.rule == .reservedRange && reserved.evidence[0].contains("RFC 1918"))
        #expect(decide(try .ip("203.0.114.9"), sources: [("CNCERT", 0)]).rule == .allowlist)
        #expect(decide(try .url("http://www.ourcompany.example/x"), .phishingURL, sources: [("CNCERT", 0)]).rule == .allowlist)
        #expect(decide(try .hash("D41D8CD98F00B204E9800998ECF8427E"), .malwareSample, sources: [("CNCERT", 0)]).rule == .allowlist)
        let top = decide(try .domain("baidu.com"), .maliciousDomain, sources: [("CNCERT", 0)])
        #expect(top.decision == .rejected && top.rule == .warninglist && top.evidence == ["on the warninglist 'Top sites'"])
        #expect(decide(try .ip("114.114.114.114"), sources: [("a", 0), ("b", 1)]).rule == .warninglist)
    }

    @Test func insideAListedNameIsNotRejected() throws {
        // A phishing page on a listed hosting platform, or on a dynamic DNS name, is not a false positive.
        let page = decide(try .url("http://evil.blogspot.com/login"), .phishingURL, sources: [("feed", 0)])
        #expect(page.decision == .needsReview && page.evidence.contains { $0.contains("inside the warninglist 'Top sites'") })
        #expect(decide(try .domain("no-ip.org"), .maliciousDomain, sources: [("CNCERT", 0)]).rule == .trustedSource)
        var strict = Self.policy
        strict.warninglistExactOnly = false
        #expect(DeterminationRules(policy: strict, warninglists: Self.lists).decide(
            ThreatFacts(kind: .phishingURL, indicator: try .url("http://evil.blogspot.com/login"), reports: [.init(source: "feed", seenAt: 0)])).rule == .warninglist)
    }

    @Test func confirmingRules() throws {
        let probe = decide(try .ip("1.2.3.4"), sources: [("feed", 0)], probe: true)
        #expect(probe.decision == .confirmed && probe.rule == .probeEvidence)
        #expect(decide(try .ip("1.2.3.4"), sources: [("feed", 0), ("CNCERT", 5)]).rule == .trustedSource)
        let two = decide(try .ip("1.2.3.4"), sources: [("a", 0), ("b", 6 * 86_400)])
        #expect(two.decision == .confirmed && two.rule == .corroborated && two.evidence[0].contains("a, b"))
    }

    @Test func everythingElseGoesToReview() throws {
        // Two sources too far apart, the same source twice, or an untrusted one: not corroboration.
        #expect(decide(try .ip("1.2.3.4"), sources: [("a", 0), ("b", 8 * 86_400)]).decision == .needsReview)
        #expect(decide(try .ip("1.2.3.4"), sources: [("a", 0), ("a", 10)]).decision == .needsReview)
        #expect(decide(try .ip("1.2.3.4"), sources: [("a", 0), ("partner-untrusted", 10)]).decision == .needsReview)
        let review = decide(try .ip("1.2.3.4"), sources: [("a", 0)], probe: false)
        #expect(review.rule == .noRule && review.evidence == ["reported by a"] && review.decidedBy == "system")
        // Corroboration is found in any window, not only the first.
        #expect(decide(try .ip("1.2.3.4"), sources: [("a", 0), ("b", 30 * 86_400), ("c", 31 * 86_400)]).rule == .corroborated)
    }
}
