/// Which source gave each field of one range's attribution; nil where no source gave a value.
public struct FieldProvenance: Sendable, Hashable, Codable {
    /// The source of the country.
    public var country: RefSourceKind?
    /// The source of the province.
    public var province: RefSourceKind?
    /// The source of the city.
    public var city: RefSourceKind?
    /// The source of the operator (and its name).
    public var networkOperator: RefSourceKind?
    /// The source of the ASN.
    public var asn: RefSourceKind?

    /// Provenance for one range.
    public init(country: RefSourceKind? = nil, province: RefSourceKind? = nil, city: RefSourceKind? = nil, networkOperator: RefSourceKind? = nil, asn: RefSourceKind? = nil) {
        self.country = country
        self.province = province
        self.city = city
        self.networkOperator = networkOperator
        self.asn = asn
    }

    /// The source of a field.
    public subscript(field: RefField) -> RefSourceKind? {
        get {
            switch field {
            case .country: country
            case .province: province
            case .city: city
            case .networkOperator: networkOperator
            case .asn: asn
            }
        }
        set {
            switch field {
            case .country: country = newValue
            case .province: province = newValue
            case .city: city = newValue
            case .networkOperator: networkOperator = newValue
            case .asn: asn = newValue
            }
        }
    }

    /// `field=source` pairs, e.g. `country=apnic province=divisionLists`, for storage and display.
    public var summary: String {
        RefField.allCases.compactMap { f in self[f].map { "\(f.rawValue)=\($0.rawValue)" } }.joined(separator: " ")
    }
}
