/// A value bound into, or read out of, portable SQL: what both stores' disposal tables hold.
public enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    /// The integer, or nil for anything else.
    public var int: Int64? {
        if case .integer(let v) = self { return v }
        if case .real(let v) = self { return Int64(exactly: v.rounded()) }
        return nil
    }

    /// The text, or nil for anything else.
    public var string: String? {
        if case .text(let v) = self { return v }
        return nil
    }

    /// The number as a double, or nil.
    public var double: Double? {
        switch self {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: nil
        }
    }

    /// True for SQL NULL.
    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }

    /// A text value, or NULL for nil.
    public static func of(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// An integer value, or NULL for nil.
    public static func of(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    /// An integer value, or NULL for nil.
    public static func of(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    /// 1 or 0.
    public static func of(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}
