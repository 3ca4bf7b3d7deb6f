/// Which CSV column of a Shadowserver report feeds which part of an observation, by header name (lower case).
/// A nil column is one the report does not have.
public struct ShadowserverColumns: Sendable, Hashable, Codable {
    /// When the event was seen (UTC): `timestamp`.
    public var time: String = "timestamp"
    /// The address the report is about: `ip`, or `src_ip` for event reports.
    public var ip: String?
    /// The port of that address: `port`, or `src_port` for event reports.
    public var port: String?
    /// The transport (`tcp`, `udp`).
    public var transport: String?
    /// A network prefix, when the report names networks rather than addresses.
    public var network: String?
    /// A URL the report is about (`source.url` in IntelMQ terms).
    public var url: String?
    /// A URL the reported host fetched or was served (`destination.url`), used when the report's kind is a URL kind.
    public var destinationURL: String?
    /// A host name the report is about (`source.fqdn`).
    public var fqdn: String?
    /// A DNS name looked up (sandbox DNS reports).
    public var query: String?
    /// An account name (`source.account`).
    public var account: String?
    /// An e-mail address.
    public var email: String?
    /// The AS number Shadowserver found.
    public var asn: String?
    /// The malware family (`malware.name`).
    public var malware: String?
    /// The malware family, when the report has it beside `malware` (older layouts fill only one of them).
    public var family: String?
    /// The report's tag.
    public var tag: String?
    /// A per-row classification identifier, for reports whose classification varies by row.
    public var identifier: String?

    /// Columns with no mapping.
    public init() {}
}
