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
    /// Great Wall Broadband (长城宽带).
    case greatWall
    /// Dr.Peng (鹏博士).
    case drPeng
    /// Alibaba Cloud (阿里云, 阿里巴巴).
    case alibabaCloud
    /// Tencent Cloud (腾讯).
    case tencentCloud
    /// Huawei Cloud (华为云).
    case huaweiCloud
    /// Baidu Cloud (百度).
    case baiduCloud
    /// Any other named operator (domestic ISPs, CDNs, operators abroad); the source's own name is kept in
    /// ``Attribution/operatorName``.
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
        case .greatWall: "长城宽带"
        case .drPeng: "鹏博士"
        case .alibabaCloud: "阿里云"
        case .tencentCloud: "腾讯云"
        case .huaweiCloud: "华为云"
        case .baiduCloud: "百度云"
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
        case .greatWall: "Great Wall Broadband"
        case .drPeng: "Dr.Peng"
        case .alibabaCloud: "Alibaba Cloud"
        case .tencentCloud: "Tencent Cloud"
        case .huaweiCloud: "Huawei Cloud"
        case .baiduCloud: "Baidu Cloud"
        case .other: "Other"
        case .unknown: "Unknown"
        }
    }
}
