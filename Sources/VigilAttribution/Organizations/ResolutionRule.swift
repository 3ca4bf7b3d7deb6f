/// Which rule chose the responsible organization.
public enum ResolutionRule: String, Sendable, Hashable, Codable {
    /// The address is in a CIDR the organization answers for.
    case cidr
    /// The address's AS is one the organization answers for.
    case asn
    /// The address belongs to an operator in a province, and the organization is that operator's branch there.
    case operatorInProvince = "operator-province"
    /// The address belongs to an operator (province unknown), and the organization is that operator.
    case networkOperator = "operator"
    /// The URL's host is one the organization answers for.
    case urlHost = "url-host"
    /// The domain is under a suffix the organization (a registry) answers for.
    case domainSuffix = "domain-suffix"
    /// The domain was registered through the organization (a registrar).
    case registrar
    /// Nothing more specific matched: the provincial communications administration of the province.
    case provincialAdministration = "province-administration"
    /// Nothing matched at all: the ministry.
    case ministry
}
