/// A store failure, with a stable code and a message that says what to do.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Stable codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let cannotOpen = Code(rawValue: "cannot_open")
        public static let migration = Code(rawValue: "migration")
        public static let write = Code(rawValue: "write")
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        public static let notFound = Code(rawValue: "not_found")
        /// The work is claimed by another worker right now.
        public static let busy = Code(rawValue: "busy")
        /// The object is not in a state that allows the change (an illegal ticket transition, a decided appeal).
        public static let conflict = Code(rawValue: "conflict")
    }

    public let code: Code
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
