/// A disposal measure (处置措施) of 办法 Art. 8: what a responsible organization must do about a threat.
public enum Measure: String, Sendable, Hashable, CaseIterable, Codable {
    /// Stop the service (停止服务): take down a C2 server, a phishing or malware site.
    case stopService
    /// Block (屏蔽): block access to a malicious resource at the network.
    case block
    /// Remove (清除): remove malware, a backdoor, an injected link, defaced content.
    case remove
    /// Rectify (整改): fix a hazard — patch, close an exposed service, change a weak password.
    case rectify
    /// Notify the parent (通报): report to the organization's superior and the cyberspace administration.
    case notifyParent
    /// Another technical measure (其他技术措施).
    case otherTechnical

    /// The Chinese name, as written in notices.
    public var chineseName: String {
        switch self {
        case .stopService: "停止服务"
        case .block: "屏蔽"
        case .remove: "清除"
        case .rectify: "整改"
        case .notifyParent: "通报"
        case .otherTechnical: "其他技术措施"
        }
    }

    /// The English name.
    public var englishName: String {
        switch self {
        case .stopService: "Stop the service"
        case .block: "Block"
        case .remove: "Remove"
        case .rectify: "Rectify"
        case .notifyParent: "Notify the parent organization"
        case .otherTechnical: "Other technical measure"
        }
    }

    /// The measure a kind calls for by default (the table in docs/disposal.md): a malicious resource is stopped, malware and
    /// compromises removed, hazards rectified.
    public static func `default`(for kind: ThreatKind) -> Measure {
        switch kind {
        case .maliciousIP, .c2Server, .maliciousDomain, .phishingURL, .malwareURL: .stopService
        case .phishingEmail, .phishingSMS, .phishingIM: .block
        case .trojan, .virus, .bot, .mobileMalware, .ransomware, .malwareSample: .remove
        case .backdoor, .compromisedHost, .defacement, .hiddenLink: .remove
        case .vulnerability, .weakPassword, .openNTPMonlist, .openNTPMode6, .openDNSResolver, .openSSDP, .openMemcached,
            .openSNMP, .openPortmapper, .openChargen, .openRedis, .openTelnet, .exposedService:
            .rectify
        case .dataLeak: .notifyParent
        case .other: .otherTechnical
        }
    }
}
