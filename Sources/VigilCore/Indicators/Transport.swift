/// The transport protocol of a network service.
public enum Transport: String, Sendable, Hashable, CaseIterable, Codable {
    case tcp
    case udp
    case sctp

    /// Parses `tcp`, `udp` or `sctp`, in any case.
    public init?(text: some StringProtocol) {
        self.init(rawValue: text.lowercased())
    }
}
