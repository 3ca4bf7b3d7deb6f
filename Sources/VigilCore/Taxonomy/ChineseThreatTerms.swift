/// The words Chinese reports use for threat types (威胁类型), mapped to Vigil's kinds. A term matches when it occurs in
/// the report's wording, the most specific term first (钓鱼邮件 before 钓鱼, 恶意程序传播 before 恶意程序), so
/// "木马控制服务器" and "仿冒银行钓鱼网站" land where a reader would put them. docs/formats.md lists the table.
public enum ChineseThreatTerms {
    /// (term, kind), most specific first. Matching ignores ASCII case.
    public static let table: [(term: String, kind: ThreatKind)] = [
        // 恶意网络资源
        ("控制服务器", .c2Server), ("控制端", .c2Server), ("c&c", .c2Server), ("c2", .c2Server), ("主控", .c2Server),
        ("钓鱼邮件", .phishingEmail), ("诈骗邮件", .phishingEmail), ("恶意邮件", .phishingEmail),
        ("诈骗短信", .phishingSMS), ("钓鱼短信", .phishingSMS), ("垃圾短信", .phishingSMS),
        ("即时通信诈骗", .phishingIM), ("社交诈骗", .phishingIM),
        ("恶意程序传播", .malwareURL), ("恶意程序下载", .malwareURL), ("病毒传播", .malwareURL), ("挂马", .malwareURL),
        ("钓鱼", .phishingURL), ("仿冒", .phishingURL), ("假冒", .phishingURL), ("诈骗网站", .phishingURL),
        ("恶意域名", .maliciousDomain),
        ("恶意ip", .maliciousIP), ("恶意地址", .maliciousIP), ("攻击源", .maliciousIP), ("扫描源", .maliciousIP),
        // 恶意程序
        ("勒索", .ransomware),
        ("移动恶意", .mobileMalware), ("手机恶意", .mobileMalware), ("恶意app", .mobileMalware), ("移动互联网恶意", .mobileMalware),
        ("僵尸", .bot), ("肉鸡", .bot), ("botnet", .bot),
        ("木马", .trojan), ("远控", .trojan),
        ("蠕虫", .virus), ("病毒", .virus),
        // 安全隐患
        ("弱口令", .weakPassword), ("弱密码", .weakPassword), ("默认口令", .weakPassword),
        ("后门", .backdoor), ("webshell", .backdoor),
        ("漏洞", .vulnerability),
        // 安全事件
        ("暗链", .hiddenLink), ("黑链", .hiddenLink), ("隐藏链接", .hiddenLink),
        ("篡改", .defacement),
        ("数据泄露", .dataLeak), ("信息泄露", .dataLeak), ("泄露", .dataLeak),
        ("失陷", .compromisedHost), ("受控", .compromisedHost), ("被控", .compromisedHost), ("感染", .compromisedHost),
        // Broadest last.
        ("恶意程序", .malwareSample), ("恶意代码", .malwareSample), ("恶意软件", .malwareSample), ("样本", .malwareSample),
    ]

    /// The kind a Chinese threat-type wording names, or nil when no term of the table occurs in it.
    public static func kind(for wording: some StringProtocol) -> ThreatKind? {
        let text = wording.lowercased()
        guard !text.isEmpty else { return nil }
        for (term, kind) in table where text.contains(term) { return kind }
        return nil
    }
}
