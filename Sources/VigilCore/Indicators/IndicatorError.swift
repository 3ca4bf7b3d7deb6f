/// Why a text could not become an ``Indicator``.
public struct IndicatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expected indicator type, or nil when the type was being detected.
    public let expected: IndicatorType?
    /// The offending input, shortened to 120 characters.
    public let input: String

    /// Creates an error for one input.
    public init(expected: IndicatorType?, input: some StringProtocol) {
        self.expected = expected
        self.input = String(input.prefix(120))
    }

    public var description: String {
        if let expected {
            return "'\(input)' is not a valid \(expected.rawValue); fix the value or map the column to another type"
        }
        return "'\(input)' is not an IP, CIDR, domain, URL, e-mail, phone number or hash"
    }
}
