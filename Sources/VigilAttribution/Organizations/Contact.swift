/// How to reach an organization for notices.
public struct Contact: Sendable, Hashable, Codable {
    /// The channel.
    public enum Channel: String, Sendable, Hashable, Codable {
        /// An e-mail address.
        case email
        /// An HTTP(S) URL that receives notices as JSON.
        case webhook
    }

    /// How notices are sent.
    public var channel: Channel
    /// The e-mail address or URL.
    public var address: String

    /// Creates a contact.
    public init(channel: Channel, address: String) {
        self.channel = channel
        self.address = address
    }
}
