/// A decision on a threat (认定), with the rule that made it, the evidence it rests on and who made it.
public struct Determination: Sendable, Hashable, Codable {
    /// What was decided.
    public enum Decision: String, Sendable, Hashable, Codable {
        /// A threat to dispose of.
        case confirmed
        /// A false positive.
        case rejected
        /// Left to a person (the review queue).
        case needsReview
    }

    /// The rule behind a decision; the raw value is stable and stored.
    public enum Rule: String, Sendable, Hashable, CaseIterable, Codable {
        /// A trusted source reported it.
        case trustedSource = "trusted_source"
        /// Enough independent sources reported it within the window.
        case corroborated
        /// Vigil's own probe saw it.
        case probeEvidence = "probe_evidence"
        /// It is on a warninglist (a top site, a public resolver, a CDN range …).
        case warninglist
        /// It is in a reserved or bogon range (RFC 6890).
        case reservedRange = "reserved_range"
        /// It is on the organization's own allowlist.
        case allowlist
        /// No rule decided: a person must.
        case noRule = "no_rule"
        /// A person decided.
        case manual
        /// An appeal reversed it.
        case appealReversed = "appeal_reversed"
        /// An appeal was turned down: the threat stands.
        case appealRejected = "appeal_rejected"
    }

    /// The decision.
    public var decision: Decision
    /// The rule.
    public var rule: Rule
    /// What the rule saw: the list hit, the sources, the probe's verdict.
    public var evidence: [String]
    /// Who decided: `system` for rules, else a person's user name.
    public var decidedBy: String

    /// A determination.
    public init(_ decision: Decision, rule: Rule, evidence: [String], decidedBy: String = "system") {
        self.decision = decision
        self.rule = rule
        self.evidence = evidence
        self.decidedBy = decidedBy
    }
}
