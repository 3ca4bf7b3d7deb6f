/// An ingest failure, with a stable code and a message that says what to do.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let cannotRead = Code(rawValue: "cannot_read")
        public static let unknownFormat = Code(rawValue: "unknown_format")
        public static let badSource = Code(rawValue: "bad_source")
        public static let formatSetup = Code(rawValue: "format_setup")
        public static let unknownEncoding = Code(rawValue: "unknown_encoding")
    }

    public let code: Code
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
