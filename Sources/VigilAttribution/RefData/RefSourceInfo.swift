/// One input of a compiled table, as `vigil refdata info` shows it.
public struct RefSourceInfo: Sendable, Hashable, Codable {
    /// The source kind.
    public var kind: RefSourceKind
    /// Where it was read from (a file or a directory).
    public var path: String
    /// The data's date, `YYYY-MM-DD`, from its content when it says, else the file's modification date.
    public var date: String
    /// IPv4 ranges read.
    public var ipv4Ranges: Int
    /// IPv6 ranges read.
    public var ipv6Ranges: Int
    /// Operator spellings in it that the operator catalogue does not list.
    public var unmappedSpellings: [String]

    /// Creates a description.
    public init(kind: RefSourceKind, path: String, date: String, ipv4Ranges: Int, ipv6Ranges: Int, unmappedSpellings: [String] = []) {
        self.kind = kind
        self.path = path
        self.date = date
        self.ipv4Ranges = ipv4Ranges
        self.ipv6Ranges = ipv6Ranges
        self.unmappedSpellings = unmappedSpellings
    }
}
