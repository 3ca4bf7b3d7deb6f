import VigilCore

/// The attribution fields one source gives for one range; nil means the source says nothing about that field.
public struct RefValues: Sendable, Hashable {
    /// ISO 3166 country code.
    public var country: String?
    /// GB/T 2260 province code.
    public var province: Int?
    /// City name, as the source spells it.
    public var city: String?
    /// The operator.
    public var networkOperator: NetworkOperator?
    /// The operator's own name, for operators catalogued as other.
    public var operatorName: String?
    /// Autonomous system number.
    public var asn: Int?

    /// Values for one range.
    public init(
        country: String? = nil, province: Int? = nil, city: String? = nil, networkOperator: NetworkOperator? = nil,
        operatorName: String? = nil, asn: Int? = nil
    ) {
        self.country = country
        self.province = province
        self.city = city
        self.networkOperator = networkOperator
        self.operatorName = operatorName
        self.asn = asn
    }

    /// True when the source gives a value for the field.
    public func has(_ field: RefField) -> Bool {
        switch field {
        case .country: country != nil
        case .province: province != nil
        case .city: city != nil
        case .networkOperator: networkOperator != nil
        case .asn: asn != nil
        }
    }

    /// A comparable rendering of one field's value, for disagreement counts.
    func key(_ field: RefField) -> String? {
        switch field {
        case .country: country
        case .province: province.map(String.init)
        case .city: city
        case .networkOperator: networkOperator?.rawValue
        case .asn: asn.map(String.init)
        }
    }
}
