/// What a compiled table says about itself.
public struct RefTableMetadata: Sendable, Hashable, Codable {
    /// When it was compiled, ISO 8601.
    public var builtAt: String
    /// The inputs.
    public var sources: [RefSourceInfo]
    /// The precedence used, per field.
    public var precedence: [String: [RefSourceKind]]
    /// Pairwise disagreement counts per field (IPv4 addresses).
    public var disagreements: [RefDisagreement]
    /// IPv4 addresses whose Chinese province was dropped because the country is elsewhere.
    public var suppressedProvinces: UInt64
    /// IPv4 addresses whose registration country (elsewhere) was replaced by the country of the Chinese province that
    /// two location sources agree on; nil in tables built before this was counted.
    public var relocatedCountries: UInt64?
    /// The operator names in the order the file's records number them (written by ``RefTableFile``, so that adding an
    /// operator to Vigil never changes what an existing file means).
    public var operatorNames: [String]?
    /// The source kind names in the order the file's records number them.
    public var sourceKindNames: [String]?

    /// Creates metadata.
    public init(builtAt: String, sources: [RefSourceInfo], precedence: [String: [RefSourceKind]], disagreements: [RefDisagreement], suppressedProvinces: UInt64, relocatedCountries: UInt64? = nil) {
        self.builtAt = builtAt
        self.sources = sources
        self.precedence = precedence
        self.disagreements = disagreements
        self.suppressedProvinces = suppressedProvinces
        self.relocatedCountries = relocatedCountries
    }
}
