/// The kinds of organization (单位) in the directory.
public enum OrgType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 工业和信息化部 (the ministry).
    case ministry
    /// 省级通信管理局.
    case provincialAdministration
    /// A basic telecom operator's group company (基础电信企业集团公司).
    case basicOperator
    /// A basic telecom operator's provincial branch (省级分公司).
    case operatorBranch
    /// A professional institution (专业机构), e.g. CNCERT.
    case professionalInstitution
    /// An internet company (互联网企业), including cloud and hosting providers and app stores.
    case internetCompany
    /// A domain registry (域名注册管理机构), e.g. CNNIC for `.cn`.
    case domainRegistry
    /// A domain registrar (域名注册服务机构).
    case domainRegistrar
    /// A network security company (网络安全企业).
    case securityCompany

    /// The Chinese name of the type.
    public var chineseName: String {
        switch self {
        case .ministry: "部"
        case .provincialAdministration: "省级通信管理局"
        case .basicOperator: "基础电信企业"
        case .operatorBranch: "基础电信企业省级分公司"
        case .professionalInstitution: "专业机构"
        case .internetCompany: "互联网企业"
        case .domainRegistry: "域名注册管理机构"
        case .domainRegistrar: "域名注册服务机构"
        case .securityCompany: "网络安全企业"
        }
    }

    /// The English name of the type.
    public var englishName: String {
        switch self {
        case .ministry: "Ministry"
        case .provincialAdministration: "Provincial communications administrations"
        case .basicOperator: "Basic telecom operators"
        case .operatorBranch: "Operators' provincial branches"
        case .professionalInstitution: "Professional institutions"
        case .internetCompany: "Internet companies"
        case .domainRegistry: "Domain registries"
        case .domainRegistrar: "Domain registrars"
        case .securityCompany: "Security companies"
        }
    }
}
