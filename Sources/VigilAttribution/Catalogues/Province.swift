/// A provincial-level division of China (省级行政区), keyed by its GB/T 2260 code.
public struct Province: Sendable, Hashable, Codable {
    /// The six-digit GB/T 2260 code, e.g. 110000.
    public let code: Int
    /// The full Chinese name, e.g. 广西壮族自治区.
    public let chineseName: String
    /// The short Chinese name, e.g. 广西.
    public let shortName: String
    /// The English name.
    public let englishName: String

    /// Creates an entry.
    public init(code: Int, chineseName: String, shortName: String, englishName: String) {
        self.code = code
        self.chineseName = chineseName
        self.shortName = shortName
        self.englishName = englishName
    }
}
