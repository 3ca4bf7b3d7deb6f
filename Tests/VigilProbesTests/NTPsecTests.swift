import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The suites that run ntpd, which can only listen on port 123: one at a time (the trait reaches nested suites).
@Suite(.serialized) enum Port123 {}

extension Port123 {
    /// The NTP probes against a real ntpsec (Debian's `ntpd`) on 127.0.0.1:123: mode 6 answers while `noquery` is off,
    /// and after the fix (`restrict … noquery`, as `lab.sh ntp-fix` does) mode 6 is silent while mode 3 still answers,
    /// which is `fixedServiceAlive`, not `fixed` and not `unreachable`.
    @Suite(.serialized) struct NTPsecTests {
        /// Starts ntpd with these `restrict` lines. ntpd listens on interface addresses only, on port 123 (root only).
        static func ntpd(_ restrict: String, _ dir: TemporaryDirectory) async throws -> LabDaemon? {
            guard let ntpd = Lab.program("ntpd", package: "ntpsec") else { return nil }
            guard getuid() == 0 else {
                Lab.skip("ntpd binds port 123, which needs root")
                return nil
            }
            let conf = try dir.write("ntp.conf", """
                driftfile \(dir.file("drift"))
                \(restrict)
                interface ignore wildcard
                interface listen 127.0.0.1

                """)
            let scope = try Lab.scope()
            return await Lab.start("ntpd", executable: ntpd, in: dir, fixedPort: 123, arguments: { _ in ["-n", "-c", conf, "-l", dir.file("ntpd.log")] }) { _ in
                (try? await NTPProbe.alive(Lab.loopback, scope: scope, timeout: .milliseconds(300))) ?? false
            }
        }

        @Test func mode6BeforeAndAfterTheFix() async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let scope = try Lab.scope()
            guard let vulnerable = try await Self.ntpd("restrict default\nrestrict 127.0.0.0 mask 255.0.0.0", dir) else { return }
            let (rv, timing) = try await NTPProbe.readVar(Lab.loopback, scope: scope)
            await vulnerable.stop()
            #expect(rv.verdict == .mode6Responder && rv.complete && timing.firstAnswer != nil)
            #expect(rv.responseBytes >= 300 && rv.amplification >= 25, "ntpsec 1.2 answers 360 B to 12 B: about 30x (got \(rv.responseBytes) B)")
            #expect(rv.variables["stratum"] != nil && rv.variables["leap"] != nil, "the system variables: \(rv.variables.keys.sorted())")
            #expect(rv.variables["version"]?.contains("ntpsec") == true, "the version is the device's fingerprint: \(rv.variables["version"] ?? "none")")

            guard let fixed = try await Self.ntpd("restrict default noquery\nrestrict 127.0.0.0 mask 255.0.0.0 noquery", dir) else { return }
            let (after, _) = try await NTPProbe.readVar(Lab.loopback, scope: scope, timeout: .milliseconds(1000))
            let alive = try await NTPProbe.alive(Lab.loopback, scope: scope)
            await fixed.stop()
            #expect(after.verdict == .silent && alive)
            #expect(RecheckVerdict.from(vulnerable: after.verdict == .mode6Responder, alive: alive) == .fixedServiceAlive)
        }
    }
}
