/// Where a threat lives (属地/归属): country, province, city, operator and ASN.
public struct Attribution: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2 country code, when known.
    public var countryCode: String?
    /// GB/T 2260 code of the provincial-level division, e.g. 110000 for 北京.
    public var provinceCode: Int?
    /// City name as the reference data gives it.
    public var city: String?
    /// The operator.
    public var networkOperator: NetworkOperator
    /// The operator's name as the reference data spells it, kept when ``networkOperator`` is ``NetworkOperator/other``.
    public var operatorName: String?
    /// Autonomous system number, when known.
    public var asn: Int?

    /// An attribution; every field defaults to unknown.
    public init(
        countryCode: String? = nil, provinceCode: Int? = nil, city: String? = nil,
        networkOperator: NetworkOperator = .unknown, operatorName: String? = nil, asn: Int? = nil
    ) {
        self.countryCode = countryCode
        self.provinceCode = provinceCode
        self.city = city
        self.networkOperator = networkOperator
        self.operatorName = operatorName
        self.asn = asn
    }

    /// Nothing known.
    public static let unknown = Attribution()
}
