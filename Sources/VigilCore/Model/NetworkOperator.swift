/// The network operator (运营商) an address belongs to.
public enum NetworkOperator: String, Sendable, Hashable, CaseIterable, Codable {
    case chinaTelecom
    case chinaUnicom
    /// China Mobile, including the former China Tietong (铁通).
    case chinaMobile
    /// China Education and Research Network (教育网).
    case cernet
    /// China Broadnet (广电), including provincial cable networks.
    case chinaBroadnet
    /// China Science and Technology Network (科技网).
    case cstnet
    /// Dr.Peng (鹏博士) and Great Wall Broadband (长城宽带).
    case drPeng
    /// Alibaba Cloud (阿里云, 阿里巴巴).
    case alibabaCloud
    /// Tencent Cloud (腾讯).
    case tencentCloud
    /// Any other named operator; the source's own name is kept in ``Attribution/operatorName``.
    case other
    /// The reference data does not say.
    case unknown

    /// The Chinese display name.
    public var chineseName: String {
        switch self {
        case .chinaTelecom: "中国电信"
        case .chinaUnicom: "中国联通"
        case .chinaMobile: "中国移动"
        case .cernet: "中国教育网"
        case .chinaBroadnet: "中国广电"
        case .cstnet: "中国科技网"
        case .drPeng: "鹏博士"
        case .alibabaCloud: "阿里云"
        case .tencentCloud: "腾讯云"
        case .other: "其他"
        case .unknown: "未知"
        }
    }

    /// The English display name.
    public var englishName: String {
        switch self {
        case .chinaTelecom: "China Telecom"
        case .chinaUnicom: "China Unicom"
        case .chinaMobile: "China Mobile"
        case .cernet: "CERNET"
        case .chinaBroadnet: "China Broadnet"
        case .cstnet: "CSTNET"
        case .drPeng: "Dr.Peng"
        case .alibabaCloud: "Alibaba Cloud"
        case .tencentCloud: "Tencent Cloud"
        case .other: "Other"
        case .unknown: "Unknown"
        }
    }

    /// Maps an ISP name as reference data spells it (Chinese or English) to an operator.
    /// Empty, `0` and unknown spellings give ``unknown``; other non-empty names give ``other``.
    public init(spelling: some StringProtocol) {
        let s = String(spelling).trimmingSpaces()
        let lower = s.lowercased()
        switch true {
        case s.isEmpty || s == "0" || lower == "unknown" || s == "未知": self = .unknown
        case s.contains("电信") && !s.contains("中华电信") && !s.contains("远传") && !s.contains("澳大利亚")
            && !s.contains("香港") && !s.contains("亚太") && !s.contains("TPG") && !s.contains("日本")
            && !s.contains("美国"):
            self = .chinaTelecom
        case lower.contains("chinanet") || lower.contains("china telecom") || lower == "ctcc": self = .chinaTelecom
        case s.contains("联通") || s.contains("网通") || lower.contains("unicom") || lower == "cucc": self = .chinaUnicom
        case s.contains("移动") || s.contains("铁通") || lower.contains("china mobile") || lower.contains("tietong")
            || lower == "cmcc":
            self = .chinaMobile
        case s.contains("教育网") || lower.contains("cernet"): self = .cernet
        case s.contains("广电") || lower.contains("broadnet"): self = .chinaBroadnet
        case s.contains("科技网") || lower.contains("cstnet"): self = .cstnet
        case s.contains("鹏博士") || s.contains("长城宽带") || lower.contains("dr.peng") || lower.contains("drpeng"):
            self = .drPeng
        case s.contains("阿里") || lower.contains("alibaba") || lower.contains("aliyun"): self = .alibabaCloud
        case s.contains("腾讯") || lower.contains("tencent"): self = .tencentCloud
        default: self = .other
        }
    }
}
