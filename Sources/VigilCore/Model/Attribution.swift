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
    /// The registrable domain (Public Suffix List), for domains, URLs and e-mail addresses.
    public var registrableDomain: String?
    /// The responsible organization's id in the directory.
    public var organizationID: String?
    /// The responsible organization's name.
    public var organizationName: String?
    /// The rule that chose the organization, e.g. `operator-province`.
    public var organizationRule: String?
    /// Which source gave each field, e.g. `country=apnic province=divisionLists operator=operatorLists`.
    public var provenance: String?
    /// For a domain or URL located through an address it resolved to (its A/AAAA record), that address; kept so that
    /// re-attribution can locate it again.
    public var viaAddress: String?
    /// A process-wide token shared by attributions whose organization and provenance fields are equal, so that stores
    /// can intern those fields without hashing them per row; nil when unknown. Whoever changes one of those fields
    /// must clear it.
    public var detailsToken: UInt64?

    /// An attribution; every field defaults to unknown.
    public init(
        countryCode: String? = nil, provinceCode: Int? = nil, city: String? = nil,
        networkOperator: NetworkOperator = .unknown, operatorName: String? = nil, asn: Int? = nil,
        registrableDomain: String? = nil, organizationID: String? = nil, organizationName: String? = nil,
        organizationRule: String? = nil, provenance: String? = nil, viaAddress: String? = nil
    ) {
        self.viaAddress = viaAddress
        self.registrableDomain = registrableDomain
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.organizationRule = organizationRule
        self.provenance = provenance
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
