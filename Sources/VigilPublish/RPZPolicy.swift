/// What a resolver does with a name or address on the RPZ list.
public enum RPZPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The name does not exist (`CNAME .`).
    case nxdomain
    /// The name exists, with no records (`CNAME *.`).
    case nodata
    /// The answer is the warning page's address or name.
    case redirect
    /// Answer as usual (an exception inside a blocked subtree).
    case passthru
}
