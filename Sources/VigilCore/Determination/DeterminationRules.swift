/// What determination knows about a threat.
public struct ThreatFacts: Sendable, Hashable {
    /// One source's report of the threat.
    public struct Report: Sendable, Hashable {
        public var source: String
        public var seenAt: Int64
        public init(source: String, seenAt: Int64) {
            self.source = source
            self.seenAt = seenAt
        }
    }

    public var kind: ThreatKind
    public var indicator: Indicator
    /// Every source's reports (one per source is enough: the earliest).
    public var reports: [Report]
    /// The verdict of Vigil's own probe, when one ran: true when it saw the threat.
    public var probeSawIt: Bool?

    public init(kind: ThreatKind, indicator: Indicator, reports: [Report], probeSawIt: Bool? = nil) {
        self.kind = kind
        self.indicator = indicator
        self.reports = reports
        self.probeSawIt = probeSawIt
    }
}

/// The determination rules (认定). False-positive rules come first — a reserved range, the allowlist, a
/// warninglist — then the confirming rules — probe evidence, a trusted source, corroboration — and anything left
/// goes to review. Each decision carries its rule and evidence.
public struct DeterminationRules: Sendable {
    public let policy: DeterminationPolicy
    public let warninglists: WarninglistSet
    private var allowPrefixes = PrefixTable()
    private var allowNames: Set<String> = []
    private var allowExact: Set<String> = []

    public init(policy: DeterminationPolicy = .standard, warninglists: WarninglistSet = WarninglistSet([])) {
        self.policy = policy
        self.warninglists = warninglists
        for (i, entry) in policy.allowlist.enumerated() {
            if let block = CIDRBlock(entry) {
                allowPrefixes.insert(block, payload: i)
            } else if let address = IPAddress(entry) {
                allowPrefixes.insert(CIDRBlock(address: address, prefixLength: address.bitWidth), payload: i)
            } else if let domain = DomainName(entry) {
                allowNames.insert(domain.value)
            } else {
                allowExact.insert(entry.lowercased())
            }
        }
    }

    /// The decision for one threat.
    public func decide(_ facts: ThreatFacts) -> Determination {
        let indicator = facts.indicator
        if let reserved = ReservedRanges.reservation(of: indicator) {
            return Determination(.rejected, rule: .reservedRange, evidence: ["\(indicator.value) is in a reserved range: \(reserved)"])
        }
        if let entry = allowlisted(indicator) {
            return Determination(.rejected, rule: .allowlist, evidence: ["\(indicator.value) is on the allowlist as \(entry)"])
        }
        let hits = warninglists.hits(indicator).filter { !policy.warninglistsThatDoNotReject.contains($0.list) }
        let rejecting = hits.filter { $0.exact || !policy.warninglistExactOnly }
        if !rejecting.isEmpty {
            return Determination(.rejected, rule: .warninglist, evidence: rejecting.map { "on the warninglist '\($0.list)'" })
        }
        if facts.probeSawIt == true {
            return Determination(.confirmed, rule: .probeEvidence, evidence: ["Vigil's probe saw \(indicator.value)"])
        }
        let trusted = facts.reports.filter { policy.trust(of: $0.source) == .trusted }.map(\.source)
        if let first = trusted.sorted().first {
            return Determination(.confirmed, rule: .trustedSource, evidence: ["reported by the trusted source \(first)"])
        }
        let counted = facts.reports.filter { policy.trust(of: $0.source) != .untrusted }.sorted { $0.seenAt < $1.seenAt }
        // The largest number of distinct sources within any window of the policy's length.
        var best: [ThreatFacts.Report] = []
        for (i, start) in counted.enumerated() {
            let inWindow = counted[i...].prefix { $0.seenAt - start.seenAt <= policy.corroborationWindow }
            var seen = Set<String>()
            let distinct = inWindow.filter { seen.insert($0.source).inserted }
            if distinct.count > best.count { best = distinct }
        }
        if policy.corroboratingSources > 0, best.count >= policy.corroboratingSources {
            return Determination(.confirmed, rule: .corroborated, evidence: ["reported by \(best.count) sources within the window: "
                + best.map(\.source).joined(separator: ", ")])
        }
        var evidence = ["reported by " + Set(facts.reports.map(\.source)).sorted().joined(separator: ", ")]
        evidence += hits.map { "inside the warninglist '\($0.list)' (not the entry itself)" }
        return Determination(.needsReview, rule: .noRule, evidence: evidence)
    }

    /// The allowlist entry covering `indicator`, if any.
    func allowlisted(_ indicator: Indicator) -> String? {
        if allowExact.contains(indicator.value.lowercased()) { return indicator.value }
        if let address = IndicatorHost.address(of: indicator), let i = allowPrefixes.payloads(containing: address).first {
            return policy.allowlist[i]
        }
        if indicator.type == .cidr, let block = CIDRBlock(indicator.value), let i = allowPrefixes.payloads(covering: block).first {
            return policy.allowlist[i]
        }
        if let name = IndicatorHost.name(of: indicator) {
            var labels = name.split(separator: ".")
            while labels.count >= 2 {
                let candidate = labels.joined(separator: ".")
                if allowNames.contains(candidate) { return candidate }
                labels.removeFirst()
            }
        }
        return nil
    }
}
