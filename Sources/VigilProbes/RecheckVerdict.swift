/// The verdict of a re-check (复核) after a ticket was reported done. Only `fixed` and `fixedServiceAlive` verify a
/// ticket; `unreachable` is inconclusive and never closes one.
public enum RecheckVerdict: String, Sendable, Hashable, Codable {
    /// The threat is gone and so is the service.
    case fixed
    /// The threat is gone; a harmless liveness probe of the same service still answers.
    case fixedServiceAlive
    /// The probe still finds the threat.
    case stillPresent
    /// Nothing answers: the host may be down or filtered. Inconclusive.
    case unreachable
    /// Something else answers now (another device's fingerprint, as after a home modem's address changed).
    case churned

    /// A re-check from a vulnerability probe and a liveness probe of the same service.
    public static func from(vulnerable: Bool, alive: Bool) -> RecheckVerdict {
        vulnerable ? .stillPresent : alive ? .fixedServiceAlive : .unreachable
    }
}
