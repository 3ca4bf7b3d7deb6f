import Foundation
import VigilCore

/// What a TAXII 2.1 client asks of a collection's objects or manifest: `added_after`, the `match[…]` filters, `limit`
/// and the `next` page token.
public struct TAXIIQuery: Sendable, Hashable {
    /// Only objects added after this time (seconds; Vigil's `date_added` are whole seconds, so a fraction is dropped).
    public var addedAfter: Int64?
    /// `match[type]`: object types (all when empty).
    public var types: Set<String> = []
    /// `match[id]`: object ids (all when empty).
    public var ids: Set<String> = []
    /// `match[version]`: `first`, `last`, `all`, or timestamps. Each object has one version, so the first three keep it.
    public var versions: Set<String> = []
    /// `match[spec_version]`: Vigil's objects are all STIX 2.1.
    public var specVersions: Set<String> = []
    /// Objects per page, 1 … ``maximumLimit``.
    public var limit: Int = TAXIIQuery.defaultLimit
    /// Where the previous page ended (its `next`).
    public var next: TAXIIFeed.Position?

    public static let defaultLimit = 100
    public static let maximumLimit = 1_000

    public init() {}

    /// What is wrong with a query parameter: its name and what to send instead.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let parameter: String
        public let message: String
        public var description: String { "\(parameter): \(message)" }
    }

    /// The query of a request's parameters (as `name → value`; repeated names are not used by TAXII, lists are comma-separated).
    public init(parameters: [String: String]) throws {
        func list(_ name: String) -> Set<String> {
            Set((parameters[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        if let text = parameters["added_after"] {
            guard let t = UTCTime.parse(text) else {
                throw Invalid(parameter: "added_after", message: "is a timestamp such as 2026-11-27T08:00:00.000Z (RFC 3339, UTC)")
            }
            addedAfter = t
        }
        types = list("match[type]")
        ids = list("match[id]")
        versions = list("match[version]")
        for v in versions where !["first", "last", "all"].contains(v) && UTCTime.parse(v) == nil {
            throw Invalid(parameter: "match[version]", message: "is first, last, all, or timestamps; '\(v)' is none of them")
        }
        specVersions = list("match[spec_version]")
        if let text = parameters["limit"] {
            guard let n = Int(text), n > 0 else { throw Invalid(parameter: "limit", message: "is a whole number above 0; '\(text)' is not") }
            limit = min(n, Self.maximumLimit)
        }
        if let text = parameters["next"] {
            guard let position = TAXIIFeed.Position(token: text) else {
                throw Invalid(parameter: "next", message: "is the `next` of the previous page, unchanged; start again without it")
            }
            next = position
        }
    }

    /// Whether an object passes the `match[…]` filters.
    func matches(_ object: [String: Any], version: String) -> Bool {
        if !types.isEmpty, !types.contains(object["type"] as? String ?? "") { return false }
        if !ids.isEmpty, !ids.contains(object["id"] as? String ?? "") { return false }
        if !specVersions.isEmpty, !specVersions.contains("2.1") { return false }
        if !versions.isEmpty, versions.isDisjoint(with: ["first", "last", "all"]) {
            let stamp = UTCTime.parse(version)
            guard versions.contains(where: { UTCTime.parse($0) == stamp }) else { return false }
        }
        return true
    }
}
