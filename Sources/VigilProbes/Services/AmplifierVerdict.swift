/// What a UDP reflector probe (memcached, CharGen, SSDP) found.
public enum AmplifierVerdict: String, Sendable, Hashable, Codable {
    /// The service answered a small request with more: it can be abused as a DDoS reflector.
    case amplifier
    /// Nothing valid came back.
    case silent
}
