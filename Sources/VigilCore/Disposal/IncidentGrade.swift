/// The grade of a security incident (事件分级) under the emergency plan (应急预案): I especially major (特别重大) to
/// IV general (一般), with its alert colour. The grade raises a ticket's severity and so shortens its deadline.
public enum IncidentGrade: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case I, II, III, IV

    /// 特别重大, 重大, 较大, 一般.
    public var chineseName: String {
        switch self {
        case .I: "特别重大"
        case .II: "重大"
        case .III: "较大"
        case .IV: "一般"
        }
    }

    /// The alert colour: red, orange, yellow, blue.
    public var colour: String {
        switch self {
        case .I: "red"
        case .II: "orange"
        case .III: "yellow"
        case .IV: "blue"
        }
    }

    /// The severity a ticket for an incident of this grade gets at least.
    public var severity: Severity {
        switch self {
        case .I, .II: .critical
        case .III: .high
        case .IV: .medium
        }
    }

    /// I is the gravest, so it sorts first.
    public static func < (a: IncidentGrade, b: IncidentGrade) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// What is known of an incident's impact.
public struct IncidentImpact: Sendable, Hashable, Codable, CustomStringConvertible {
    public var usersAffected: Int64?
    public var recordsLeaked: Int64?
    /// Provinces involved.
    public var provinces: Int?
    /// Critical information infrastructure is hit (关键信息基础设施).
    public var criticalInfrastructure: Bool

    public init(usersAffected: Int64? = nil, recordsLeaked: Int64? = nil, provinces: Int? = nil, criticalInfrastructure: Bool = false) {
        self.usersAffected = usersAffected
        self.recordsLeaked = recordsLeaked
        self.provinces = provinces
        self.criticalInfrastructure = criticalInfrastructure
    }

    public var description: String {
        var parts: [String] = []
        if let usersAffected { parts.append("users affected \(usersAffected)") }
        if let recordsLeaked { parts.append("records leaked \(recordsLeaked)") }
        if let provinces { parts.append("provinces \(provinces)") }
        if criticalInfrastructure { parts.append("critical infrastructure hit") }
        return parts.isEmpty ? "no impact figures" : parts.joined(separator: ", ")
    }
}

/// The thresholds that grade an incident. Records leaked follow the plan (100M+ I, 10M+ II, 1M+ III, 100k+ IV); the
/// rest are configurable, with defaults in docs/disposal.md. An incident takes the gravest grade any threshold gives;
/// one below every threshold is not graded.
public struct IncidentGradingPolicy: Sendable, Hashable {
    /// Minimum records leaked for I, II, III, IV.
    public var recordsLeaked: [Int64]
    /// Minimum users affected for I, II, III, IV.
    public var usersAffected: [Int64]
    /// Minimum provinces involved for I, II, III, IV.
    public var provinces: [Int]
    /// The grade at least, when critical infrastructure is hit.
    public var criticalInfrastructure: IncidentGrade

    /// The defaults.
    public static let standard = IncidentGradingPolicy(
        recordsLeaked: [100_000_000, 10_000_000, 1_000_000, 100_000], usersAffected: [100_000_000, 10_000_000, 1_000_000, 100_000],
        provinces: [10, 5, 2, 1], criticalInfrastructure: .II)

    public init(recordsLeaked: [Int64], usersAffected: [Int64], provinces: [Int], criticalInfrastructure: IncidentGrade) {
        self.recordsLeaked = recordsLeaked
        self.usersAffected = usersAffected
        self.provinces = provinces
        self.criticalInfrastructure = criticalInfrastructure
    }

    /// The grade of an incident, or nil when it is below every threshold.
    public func grade(_ impact: IncidentImpact) -> IncidentGrade? {
        var grades: [IncidentGrade] = []
        func by<T: Comparable>(_ value: T?, _ thresholds: [T]) {
            guard let value else { return }
            for (i, threshold) in thresholds.prefix(4).enumerated() where value >= threshold {
                grades.append(IncidentGrade.allCases[i])
                return
            }
        }
        by(impact.recordsLeaked, recordsLeaked)
        by(impact.usersAffected, usersAffected)
        by(impact.provinces, provinces)
        if impact.criticalInfrastructure { grades.append(criticalInfrastructure) }
        return grades.min()
    }
}
