/// The five classes of threat defined by Art. 2 of 《公共互联网网络安全威胁监测与处置办法》.
public enum ThreatCategory: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    /// 恶意网络资源: malicious IPs, domains, URLs, C2 servers, phishing channels.
    case maliciousResource
    /// 恶意程序: trojans, viruses, bots, mobile malware.
    case malware
    /// 安全隐患: vulnerabilities, weak passwords, backdoors, exposed or reflecting services.
    case hazard
    /// 安全事件: compromised hosts, data leaks, defacement, injected hidden links.
    case incident
    /// 其他.
    case other

    /// The Chinese display name used in reports.
    public var chineseName: String {
        switch self {
        case .maliciousResource: "恶意网络资源"
        case .malware: "恶意程序"
        case .hazard: "安全隐患"
        case .incident: "安全事件"
        case .other: "其他"
        }
    }

    /// The English display name.
    public var englishName: String {
        switch self {
        case .maliciousResource: "Malicious network resource"
        case .malware: "Malicious program"
        case .hazard: "Vulnerability or hidden danger"
        case .incident: "Security incident"
        case .other: "Other"
        }
    }

    /// Orders categories as the 办法 lists them.
    public static func < (lhs: ThreatCategory, rhs: ThreatCategory) -> Bool {
        let order = ThreatCategory.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}
