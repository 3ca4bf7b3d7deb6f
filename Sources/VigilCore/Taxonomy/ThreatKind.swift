/// A threat subtype (威胁类型). Every kind belongs to exactly one ``ThreatCategory``.
///
/// The raw value is the stable wire name used in JSON Lines, the database and the CLI.
public enum ThreatKind: String, Sendable, Hashable, CaseIterable, Codable {
    // 恶意网络资源
    case maliciousIP
    case c2Server
    case maliciousDomain
    case phishingURL
    case malwareURL
    case phishingEmail
    case phishingSMS
    case phishingIM
    // 恶意程序
    case trojan
    case virus
    case bot
    case mobileMalware
    case ransomware
    case malwareSample
    // 安全隐患
    case vulnerability
    case weakPassword
    case backdoor
    case openNTPMonlist
    case openNTPMode6
    case openDNSResolver
    case openSSDP
    case openMemcached
    case openSNMP
    case openPortmapper
    case openChargen
    case openRedis
    case openTelnet
    case exposedService
    // 安全事件
    case compromisedHost
    case dataLeak
    case defacement
    case hiddenLink
    // 其他
    case other

    /// The category this kind belongs to.
    public var category: ThreatCategory {
        switch self {
        case .maliciousIP, .c2Server, .maliciousDomain, .phishingURL, .malwareURL, .phishingEmail, .phishingSMS,
            .phishingIM:
            .maliciousResource
        case .trojan, .virus, .bot, .mobileMalware, .ransomware, .malwareSample:
            .malware
        case .vulnerability, .weakPassword, .backdoor, .openNTPMonlist, .openNTPMode6, .openDNSResolver, .openSSDP,
            .openMemcached, .openSNMP, .openPortmapper, .openChargen, .openRedis, .openTelnet, .exposedService:
            .hazard
        case .compromisedHost, .dataLeak, .defacement, .hiddenLink:
            .incident
        case .other:
            .other
        }
    }

    /// The Chinese display name.
    public var chineseName: String {
        switch self {
        case .maliciousIP: "恶意IP地址"
        case .c2Server: "恶意程序控制服务器"
        case .maliciousDomain: "恶意域名"
        case .phishingURL: "钓鱼网址"
        case .malwareURL: "恶意程序传播网址"
        case .phishingEmail: "钓鱼邮件"
        case .phishingSMS: "诈骗短信"
        case .phishingIM: "即时通信诈骗"
        case .trojan: "木马"
        case .virus: "病毒"
        case .bot: "僵尸程序"
        case .mobileMalware: "移动恶意程序"
        case .ransomware: "勒索软件"
        case .malwareSample: "恶意程序样本"
        case .vulnerability: "安全漏洞"
        case .weakPassword: "弱口令"
        case .backdoor: "后门"
        case .openNTPMonlist: "NTP反射放大(monlist)"
        case .openNTPMode6: "NTP服务暴露(mode 6)"
        case .openDNSResolver: "开放DNS递归服务"
        case .openSSDP: "SSDP反射放大"
        case .openMemcached: "Memcached反射放大"
        case .openSNMP: "开放SNMP服务"
        case .openPortmapper: "开放Portmapper服务"
        case .openChargen: "CharGen反射放大"
        case .openRedis: "Redis未授权访问"
        case .openTelnet: "开放Telnet服务"
        case .exposedService: "其他暴露服务"
        case .compromisedHost: "受控主机"
        case .dataLeak: "数据泄露"
        case .defacement: "网页篡改"
        case .hiddenLink: "网站后门链接(暗链)"
        case .other: "其他"
        }
    }

    /// The English display name.
    public var englishName: String {
        switch self {
        case .maliciousIP: "Malicious IP address"
        case .c2Server: "Command-and-control server"
        case .maliciousDomain: "Malicious domain"
        case .phishingURL: "Phishing URL"
        case .malwareURL: "Malware distribution URL"
        case .phishingEmail: "Phishing e-mail"
        case .phishingSMS: "Fraud SMS"
        case .phishingIM: "Instant-messaging fraud"
        case .trojan: "Trojan"
        case .virus: "Virus"
        case .bot: "Bot"
        case .mobileMalware: "Mobile malware"
        case .ransomware: "Ransomware"
        case .malwareSample: "Malware sample"
        case .vulnerability: "Vulnerability"
        case .weakPassword: "Weak password"
        case .backdoor: "Backdoor"
        case .openNTPMonlist: "NTP reflector (monlist)"
        case .openNTPMode6: "Exposed NTP (mode 6)"
        case .openDNSResolver: "Open DNS resolver"
        case .openSSDP: "SSDP reflector"
        case .openMemcached: "Memcached reflector"
        case .openSNMP: "Open SNMP"
        case .openPortmapper: "Open portmapper"
        case .openChargen: "CharGen reflector"
        case .openRedis: "Open Redis"
        case .openTelnet: "Open Telnet"
        case .exposedService: "Other exposed service"
        case .compromisedHost: "Compromised host"
        case .dataLeak: "Data leak"
        case .defacement: "Website defacement"
        case .hiddenLink: "Injected hidden link"
        case .other: "Other"
        }
    }

    /// Looks a kind up by its wire name, case-insensitively, also accepting `snake_case` and `kebab-case`.
    public init?(wireName: String) {
        if let exact = ThreatKind(rawValue: wireName) {
            self = exact
            return
        }
        let folded = wireName.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
        guard let match = ThreatKind.allCases.first(where: { $0.rawValue.lowercased() == folded }) else {
            return nil
        }
        self = match
    }
}
