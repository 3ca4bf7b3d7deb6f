/// A campaign (专项治理): a named drive over a period and a scope — kinds, malware families, provinces,
/// organizations — with targets, e.g. 90% of its ransomware tickets closed within the period.
public struct Campaign: Sendable, Hashable, Codable {
    public var name: String
    /// The period, seconds since 1970, start inclusive, end exclusive.
    public var start: Int64
    public var end: Int64
    /// Kinds in scope; empty means any.
    public var kinds: Set<ThreatKind>
    /// Malware families in scope (matched, ignoring case, against the threat's note); empty means any.
    public var families: Set<String>
    /// Provinces in scope (GB/T 2260 codes); empty means any.
    public var provinces: Set<Int>
    /// Organizations in scope (directory ids); empty means any.
    public var organizations: Set<String>
    /// The share of its tickets the campaign aims to have verified fixed by its end, 0…1.
    public var targetFixedShare: Double

    public init(
        name: String, start: Int64, end: Int64, kinds: Set<ThreatKind> = [], families: Set<String> = [], provinces: Set<Int> = [],
        organizations: Set<String> = [], targetFixedShare: Double = 0.9
    ) {
        self.name = name
        self.start = start
        self.end = end
        self.kinds = kinds
        self.families = Set(families.map { $0.lowercased() })
        self.provinces = provinces
        self.organizations = organizations
        self.targetFixedShare = targetFixedShare
    }

    /// True when a threat seen at `seenAt` falls in the campaign.
    public func covers(kind: ThreatKind, family: String?, province: Int?, organization: String?, seenAt: Int64) -> Bool {
        guard seenAt >= start, seenAt < end else { return false }
        if !kinds.isEmpty && !kinds.contains(kind) { return false }
        if !families.isEmpty {
            guard let family = family?.lowercased(), families.contains(where: { family.contains($0) }) else { return false }
        }
        if !provinces.isEmpty { guard let province, provinces.contains(province) else { return false } }
        if !organizations.isEmpty { guard let organization, organizations.contains(organization) else { return false } }
        return true
    }

    /// Progress against the target.
    public struct Progress: Sendable, Hashable {
        public var found: Int
        public var confirmed: Int
        public var disposed: Int
        public var verified: Int
        public var overdue: Int
        /// Verified as a share of confirmed.
        public var fixedShare: Double { confirmed == 0 ? 0 : Double(verified) / Double(confirmed) }

        public init(found: Int, confirmed: Int, disposed: Int, verified: Int, overdue: Int) {
            self.found = found
            self.confirmed = confirmed
            self.disposed = disposed
            self.verified = verified
            self.overdue = overdue
        }
    }

    /// True when `progress` meets the target.
    public func meetsTarget(_ progress: Progress) -> Bool { progress.fixedShare >= targetFixedShare }
}
