import Testing
import VigilCore
@testable import VigilProbes

/// The scope every probe is checked against before a packet is built.
@Suite struct ProbeScopeTests {
    func ip(_ s: String) -> IPAddress { IPAddress(s) ?? .v4(IPv4Address(0)) }

    @Test func allowlistDenylistOptOutAndLab() throws {
        let scope = try ProbeScope.parse("""
            # the constituency
            allow 61.135.0.0/16
            allow 10.0.0.0/8          # a private range: reserved, so still refused
            lab 127.0.0.0/8
            optout 61.135.7.0/24 CERT-2026-118 asked on 2026-11-02
            """)
        #expect(scope.check(ip("61.135.1.1")) == .allowed)
        #expect(scope.check(ip("127.0.0.9")) == .allowed, "lab ranges reach loopback")
        guard case .refused(let why) = scope.check(ip("61.135.7.20")) else { Issue.record("opted out"); return }
        #expect(why.contains("opted out") && why.contains("CERT-2026-118"))
        guard case .refused(let reserved) = scope.check(ip("10.1.2.3")) else { Issue.record("reserved"); return }
        #expect(reserved.contains("reserved range") && reserved.contains("RFC 1918"))
        guard case .refused(let outside) = scope.check(ip("8.8.8.8")) else { Issue.record("outside"); return }
        #expect(outside.contains("outside the scope") && outside.contains("61.135.0.0/16"))
        #expect(!scope.check(ip("::1")).isAllowed && !scope.check(ip("192.168.1.1")).isAllowed)
        #expect(!ProbeScope().check(ip("61.135.1.1")).isAllowed, "an empty scope refuses everything")
    }

    @Test func labRulesReachOnlyLoopbackAndTestNamespaces() throws {
        #expect(try ProbeScope.parse("lab 10.200.3.0/24").check(ip("10.200.3.2")) == .allowed)
        for bad in ["lab 10.0.0.0/8", "lab 192.168.0.0/16", "lab 0.0.0.0/0"] {
            #expect(throws: ProbeScopeError.self) { try ProbeScope.parse(bad) }
        }
        do {
            _ = try ProbeScope.parse("allow 1.2.3.4/40\n", file: "scope.txt")
            Issue.record("a bad line is an error")
        } catch let error as ProbeScopeError {
            #expect(error.description.hasPrefix("scope.txt:1:"))
        }
    }
}
