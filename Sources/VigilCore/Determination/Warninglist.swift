import Foundation

/// One MISP warninglist (github.com/MISP/misp-warninglists): values known to be benign — top sites, public
/// resolvers, cloud and CDN ranges, empty-file hashes — so that an indicator on one is a false positive.
public struct Warninglist: Sendable, Hashable, Codable {
    /// How entries match.
    public enum MatchType: String, Sendable, Hashable, Codable {
        /// Addresses and networks.
        case cidr
        /// The exact value.
        case string
        /// A host name and its subdomains.
        case hostname
        /// Any value containing the entry.
        case substring
        /// A regular expression.
        case regex
    }

    /// The list's title, e.g. `Top 10K most-used sites from Tranco`.
    public var name: String
    /// How entries match.
    public var type: MatchType
    /// The entries.
    public var list: [String]
    /// MISP attribute types the list applies to (`ip-src`, `domain`, `md5`, …); empty means by ``type``.
    public var matchingAttributes: [String]
    /// What the list holds.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case name, type, list, description
        case matchingAttributes = "matching_attributes"
    }

    /// A list.
    public init(name: String, type: MatchType, list: [String], matchingAttributes: [String] = [], description: String? = nil) {
        self.name = name
        self.type = type
        self.list = list
        self.matchingAttributes = matchingAttributes
        self.description = description
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(MatchType.self, forKey: .type)
        list = try c.decode([String].self, forKey: .list)
        matchingAttributes = try c.decodeIfPresent([String].self, forKey: .matchingAttributes) ?? []
        description = try c.decodeIfPresent(String.self, forKey: .description)
    }

    /// Why a list could not be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Reads a `list.json` in MISP's format.
    public static func decode(_ data: Data, origin: String) throws(ReadError) -> Warninglist {
        do {
            return try JSONDecoder().decode(Warninglist.self, from: data)
        } catch {
            throw ReadError(message: "\(origin) is not a MISP warninglist (\(error)); expected {\"name\", \"type\", \"list\": […]}")
        }
    }

    /// The indicator types the list applies to, from its match type and MISP attribute types: an address list
    /// applies to addresses, networks and services (and URLs when it names `url`); a host-name list to domains (and
    /// URLs or e-mail addresses when it names those); a string list to what its attributes name, or to everything.
    public var indicatorTypes: Set<IndicatorType> {
        let attributes = Set(matchingAttributes.map { $0.lowercased() })
        let names = { (prefix: String) in attributes.contains { $0.hasPrefix(prefix) } }
        var types: Set<IndicatorType> = []
        switch type {
        case .cidr:
            types = [.ip, .cidr, .service]
            if attributes.isEmpty || names("url") || names("uri") { types.insert(.url) }
        case .hostname:
            types = [.domain]
            if attributes.isEmpty || names("url") || names("uri") { types.insert(.url) }
            if attributes.isEmpty || names("email") { types.insert(.email) }
        case .string, .substring, .regex:
            if names("ip-") { types.formUnion([.ip, .service]) }
            if names("domain") || names("hostname") { types.insert(.domain) }
            if names("url") || names("uri") { types.insert(.url) }
            if names("email") { types.insert(.email) }
            if names("md5") || names("sha") || names("filename|") { types.insert(.hash) }
            if names("phone") { types.insert(.phone) }
            if types.isEmpty { types = Set(IndicatorType.allCases) }
        }
        return types
    }
}
