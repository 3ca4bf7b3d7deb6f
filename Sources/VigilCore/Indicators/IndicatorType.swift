/// What an ``Indicator`` names.
public enum IndicatorType: String, Sendable, Hashable, CaseIterable, Codable {
    /// One IPv4 or IPv6 address.
    case ip
    /// A network prefix.
    case cidr
    /// A domain name.
    case domain
    /// A URL.
    case url
    /// An e-mail address.
    case email
    /// A phone number in E.164.
    case phone
    /// A file hash (MD5, SHA-1, SHA-256 or SHA-512), lower-case hex.
    case hash
    /// A network service: an IP address with a port and a transport, `ip:port/proto`.
    case service
}
