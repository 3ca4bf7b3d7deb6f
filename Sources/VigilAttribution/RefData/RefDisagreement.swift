/// How often two sources disagree on one field, counted in addresses where both give a value.
public struct RefDisagreement: Sendable, Hashable, Codable {
    /// The field compared.
    public var field: RefField
    /// One source.
    public var first: RefSourceKind
    /// The other source.
    public var second: RefSourceKind
    /// IPv4 addresses where both sources give a value.
    public var compared: UInt64
    /// Of those, where the values differ.
    public var differing: UInt64

    /// Creates a count.
    public init(field: RefField, first: RefSourceKind, second: RefSourceKind, compared: UInt64, differing: UInt64) {
        self.field = field
        self.first = first
        self.second = second
        self.compared = compared
        self.differing = differing
    }

    /// The share of compared addresses that differ, 0…1.
    public var rate: Double { compared == 0 ? 0 : Double(differing) / Double(compared) }
}
