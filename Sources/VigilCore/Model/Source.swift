/// Who reported (报送单位/数据源): CNCERT, an operator's branch, a security firm, a public feed.
public struct Source: Sendable, Hashable, Codable {
    /// The store's id.
    public var id: Int64
    /// The unique name, as given with `--source`.
    public var name: String

    /// Creates a source.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }

    /// Checks a source name: 1 to 100 characters, no control characters.
    public static func validate(name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
