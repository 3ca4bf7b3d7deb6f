/// Why an input row was not accepted. The code is stable; the message tells the user what to fix.
public struct RejectReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable, machine-readable code.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The row has a different number of fields than the header.
        public static let fieldCount = Code(rawValue: "field_count")
        /// A required field is empty or absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// The indicator does not parse.
        public static let badIndicator = Code(rawValue: "bad_indicator")
        /// The time does not parse.
        public static let badTime = Code(rawValue: "bad_time")
        /// The port or protocol is invalid.
        public static let badPort = Code(rawValue: "bad_port")
        /// The kind is unknown.
        public static let badKind = Code(rawValue: "bad_kind")
        /// The row is not well-formed JSON, or not an object.
        public static let badJSON = Code(rawValue: "bad_json")
        /// The row is not valid UTF-8 text.
        public static let badEncoding = Code(rawValue: "bad_encoding")
        /// A quoted field never closes.
        public static let unterminatedQuote = Code(rawValue: "unterminated_quote")
        /// The record is of a type Vigil does not act on (a STIX report, a MISP comment); it is counted and kept.
        public static let unsupported = Code(rawValue: "unsupported")
        /// The record is evidence, not a threat (a Suricata DNS or HTTP event); it is kept as it came.
        public static let evidence = Code(rawValue: "evidence")
        /// The row is longer than the reader accepts.
        public static let tooLong = Code(rawValue: "too_long")
    }

    /// The stable code.
    public let code: Code
    /// What is wrong and what to do.
    public let message: String

    /// Creates a reason.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
