/// The attribution fields the reference table carries, each with its own provenance.
public enum RefField: String, Sendable, Hashable, CaseIterable, Codable {
    case country
    case province
    case city
    case networkOperator = "operator"
    case asn

    /// The default precedence: user overrides, then per-operator BGP lists for the operator, then per-division lists
    /// and ip2region for the province and city, then APNIC for the country.
    public var defaultPrecedence: [RefSourceKind] {
        switch self {
        case .country: [.overrides, .apnic, .ip2region, .divisionLists, .operatorLists]
        case .province: [.overrides, .divisionLists, .ip2region]
        case .city: [.overrides, .divisionLists, .ip2region]
        case .networkOperator: [.overrides, .operatorLists, .divisionLists, .ip2region]
        case .asn: [.overrides, .asnTable]
        }
    }
}
