import VigilCore

/// Threat counts, rolled up on write so they do not scan every threat.
public struct ThreatStatistics: Sendable, Hashable {
    public var totalThreats: Int
    public var totalSightings: Int
    public var batches: Int
    public var rejects: Int
    /// Threats per kind.
    public var byKind: [ThreatKind: Int]
    /// Threats per province code; key 0 is "no province".
    public var byProvince: [Int: Int]
    /// Threats per operator.
    public var byOperator: [NetworkOperator: Int]

    /// Creates statistics.
    public init(
        totalThreats: Int, totalSightings: Int, batches: Int, rejects: Int, byKind: [ThreatKind: Int],
        byProvince: [Int: Int], byOperator: [NetworkOperator: Int]
    ) {
        self.totalThreats = totalThreats
        self.totalSightings = totalSightings
        self.batches = batches
        self.rejects = rejects
        self.byKind = byKind
        self.byProvince = byProvince
        self.byOperator = byOperator
    }

    /// Threats per category, summed from ``byKind``.
    public var byCategory: [ThreatCategory: Int] {
        var out: [ThreatCategory: Int] = [:]
        for (kind, n) in byKind { out[kind.category, default: 0] += n }
        return out
    }
}
