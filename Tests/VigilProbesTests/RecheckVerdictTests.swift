import Foundation
import Testing
import VigilCore
import VigilStore
@testable import VigilEngine
@testable import VigilProbes

/// The re-check verdicts from one attempt's outcome: a positive attempt concludes at once (still present, or churned
/// when another device answers), a negative one only after the last attempt (fixed when the port is refused, fixed with
/// the service alive when the harmless request is answered, unreachable when nothing answers).
@Suite struct RecheckVerdictTests {
    static func recheck(attempts: Int, fingerprint: String? = "ntpd ntpsec-1.2.2 | Linux") -> Recheck {
        Recheck(id: 1, ticketID: 1, threat: ThreatID(rawValue: 1), round: 0, probe: "ntp-readvar", target: "192.0.2.1:123", attempts: attempts, dueAt: 0, verdict: nil,
                fingerprint: fingerprint, createdAt: 0, completedAt: nil)
    }

    static func outcome(vulnerable: Bool = false, alive: Bool = false, closed: Bool = false, fingerprint: String? = nil) -> RecheckProbe.Outcome {
        var o = RecheckProbe.Outcome()
        o.vulnerable = vulnerable
        o.alive = alive
        o.closed = closed
        o.fingerprint = fingerprint
        return o
    }

    @Test func verdicts() {
        #expect(Verifier.verdict(Self.recheck(attempts: 0), Self.outcome(vulnerable: true, fingerprint: "ntpd ntpsec-1.2.2 | Linux"), attempts: 3) == .stillPresent)
        #expect(Verifier.verdict(Self.recheck(attempts: 0), Self.outcome(vulnerable: true, fingerprint: "ntpd 4.2.6p5 | cisco"), attempts: 3) == .churned)
        #expect(Verifier.verdict(Self.recheck(attempts: 0, fingerprint: nil), Self.outcome(vulnerable: true, fingerprint: "x"), attempts: 3) == .stillPresent,
                "without the original fingerprint, a vulnerable answer is the threat")
        #expect(Verifier.verdict(Self.recheck(attempts: 0), Self.outcome(alive: true), attempts: 3) == nil, "one negative attempt is not enough")
        #expect(Verifier.verdict(Self.recheck(attempts: 2), Self.outcome(alive: true), attempts: 3) == .fixedServiceAlive)
        #expect(Verifier.verdict(Self.recheck(attempts: 2), Self.outcome(closed: true), attempts: 3) == .fixed)
        #expect(Verifier.verdict(Self.recheck(attempts: 2), Self.outcome(), attempts: 3) == .unreachable)
    }

    @Test func whichProbeRechecksWhichKind() throws {
        let settings = VerificationSettings(scope: ProbeScope())
        #expect(RecheckProbe.plan(kind: .openNTPMonlist, indicator: "61.135.1.9", settings: settings)! == ("ntp-monlist", "61.135.1.9:123"))
        #expect(RecheckProbe.plan(kind: .openMemcached, indicator: "61.135.1.9:11222/udp", settings: settings)! == ("memcached-stats", "61.135.1.9:11222"),
                "the port of a service indicator is kept")
        #expect(RecheckProbe.plan(kind: .openRedis, indicator: "[2001:db8::5]:6380/tcp", settings: settings)! == ("redis", "[2001:db8::5]:6380"))
        #expect(RecheckProbe.plan(kind: .hiddenLink, indicator: "www.gov.example", settings: settings)! == ("http-hidden-links", "http://www.gov.example/"))
        #expect(RecheckProbe.plan(kind: .openDNSResolver, indicator: "61.135.1.9", settings: settings) == nil, "no zone configured: no open-resolver re-check")
        #expect(RecheckProbe.plan(kind: .c2Server, indicator: "61.135.1.9", settings: settings) == nil)
    }
}
