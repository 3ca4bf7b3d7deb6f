/// How to reach an organization for notices.
public struct Contact: Sendable, Hashable, Codable {
    /// The channel.
    public enum Channel: String, Sendable, Hashable, Codable {
        case email
        case webhook
    }

    public var channel: Channel
    public var address: String

    /// Creates a contact.
    public init(channel: Channel, address: String) {
        self.channel = channel
        self.address = address
    }
}
