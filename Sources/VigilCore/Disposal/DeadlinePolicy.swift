/// How urgent a threat is for its deadline: from the incident grade (事件分级) or the kind's usual severity.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case low, medium, high, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }

    /// The usual severity of a kind: active attack infrastructure and ransomware are high, exposed services medium.
    public static func `default`(for kind: ThreatKind) -> Severity {
        switch kind {
        case .ransomware, .c2Server, .backdoor, .dataLeak: .high
        case .phishingURL, .malwareURL, .trojan, .bot, .compromisedHost, .defacement, .hiddenLink, .openNTPMonlist,
            .openMemcached, .openSSDP, .openChargen:
            .high
        case .other, .malwareSample: .low
        default: .medium
        }
    }
}

/// Deadlines per measure and severity, in hours: configurable, with defaults that follow common practice for the
/// 办法 (a malicious resource stopped within a day, a hazard rectified within days).
public struct DeadlinePolicy: Sendable, Hashable {
    /// Hours allowed for each (measure, severity).
    public var hours: [Measure: [Severity: Int]]

    /// The defaults (docs/disposal.md).
    public static let standard = DeadlinePolicy(hours: [
        .stopService: [.critical: 4, .high: 24, .medium: 48, .low: 72],
        .block: [.critical: 4, .high: 24, .medium: 48, .low: 72],
        .remove: [.critical: 24, .high: 72, .medium: 120, .low: 168],
        .rectify: [.critical: 48, .high: 120, .medium: 240, .low: 360],
        .notifyParent: [.critical: 24, .high: 48, .medium: 72, .low: 120],
        .otherTechnical: [.critical: 48, .high: 120, .medium: 240, .low: 360],
    ])

    /// A policy.
    public init(hours: [Measure: [Severity: Int]]) { self.hours = hours }

    /// The deadline, seconds since 1970, of a ticket issued at `issuedAt`. A combination the policy leaves out falls
    /// back to the standard one.
    public func deadline(measure: Measure, severity: Severity, issuedAt: Int64) -> Int64 {
        let h = hours[measure]?[severity] ?? Self.standard.hours[measure]?[severity] ?? 240
        return issuedAt + Int64(h) * 3600
    }
}
