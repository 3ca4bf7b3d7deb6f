import Foundation
import VigilCore
import VigilProbes

/// How re-checks run (`[probes]` in vigil.toml): the scope they may probe, the attempts and their spacing, and the zone
/// the open-resolver check asks about. Without a scope nothing is probed and tickets reported done wait for a person.
public struct VerificationSettings: Sendable {
    /// Where re-checks may send packets.
    public var scope: ProbeScope
    /// Attempts before a negative re-check concludes (a positive one concludes at once).
    public var attempts: Int
    /// Seconds between attempts (UDP loses packets; a device may be rebooting).
    public var spacing: Int64
    /// The time each attempt waits for answers.
    public var timeout: Duration
    /// The zone for the open-resolver re-check, and what its names resolve to; without them, open resolvers are not
    /// re-checked automatically.
    public var dnsZone: String?
    public var dnsExpected: Set<IPAddress>
    /// Re-checks per pass, at most.
    public var batch: Int

    public init(scope: ProbeScope, attempts: Int = 3, spacing: Int64 = 600, timeout: Duration = .seconds(2), dnsZone: String? = nil,
                dnsExpected: Set<IPAddress> = [], batch: Int = 200) {
        self.scope = scope
        self.attempts = max(1, attempts)
        self.spacing = max(0, spacing)
        self.timeout = timeout
        self.dnsZone = dnsZone
        self.dnsExpected = dnsExpected
        self.batch = batch
    }
}
