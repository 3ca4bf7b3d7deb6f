import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The DNS probes against real servers on loopback high ports: BIND serving `example.test`, signed with DNSSEC when
/// the test starts; an honest BIND resolver forwarding to it; and an Unbound resolver that forges answers (for
/// `bank.example.test` and for the open-resolver scan names) as a hijacked resolver does.
@Suite(.serialized) struct DNSProbeTests {
    static let zone = """
        $TTL 300
        @       IN SOA ns1.example.test. hostmaster.example.test. 2026112701 3600 600 86400 300
        @       IN NS  ns1.example.test.
        ns1     IN A   127.0.0.1
        www     IN A   198.51.100.10
        www     IN A   198.51.100.11
        bank    IN A   198.51.100.20
        shop    IN CNAME edge.cdn.example.test.
        edge.cdn IN A  198.51.100.30
        bad     IN A   198.51.100.66
        casino  IN A   198.51.100.67
        x.malware IN A 198.51.100.68
        evil-ip IN A   198.51.100.68
        *.scan  IN A   198.51.100.53

        """

    /// The three servers, and the trust anchor made when the zone was signed.
    struct Servers {
        var authoritative: LabDaemon
        var honest: LabDaemon
        var hijacking: LabDaemon
        var anchor: DNSSECValidator.TrustAnchor
        var queryLog: String

        func stop() async {
            for d in [hijacking, honest, authoritative] { await d.stop() }
        }
    }

    static func start(_ dir: TemporaryDirectory) async throws -> Servers? {
        guard let named = Lab.program("named", package: "bind9"), let unbound = Lab.program("unbound", package: "unbound"),
              let keygen = Lab.program("dnssec-keygen", package: "bind9-dnsutils"), let signzone = Lab.program("dnssec-signzone", package: "bind9-dnsutils")
        else { return nil }
        let scope = try Lab.scope()
        // Sign the zone: a key-signing and a zone-signing key, ECDSA P-256, as lab.sh does.
        let zoneFile = try dir.write("example.test.zone", zone)
        try FileManager.default.createDirectory(atPath: dir.file("keys"), withIntermediateDirectories: true)
        for extra in [["-f", "KSK"], []] {
            let status = try await ChildProcess.run(keygen, ["-q", "-K", dir.file("keys"), "-a", "ECDSAP256SHA256"] + extra + ["example.test"], errorLog: dir.file("keygen.err"))
            guard status == 0 else { throw LabDaemonError(message: "dnssec-keygen failed: \((try? String(contentsOfFile: dir.file("keygen.err"), encoding: .utf8)) ?? "")") }
        }
        let signed = dir.file("example.test.zone.signed")
        let status = try await ChildProcess.run(signzone, ["-q", "-d", dir.path, "-K", dir.file("keys"), "-S", "-o", "example.test", "-f", signed, zoneFile],
                                                errorLog: dir.file("signzone.err"))
        guard status == 0 else { throw LabDaemonError(message: "dnssec-signzone failed: \((try? String(contentsOfFile: dir.file("signzone.err"), encoding: .utf8)) ?? "")") }
        let keyFiles = try FileManager.default.contentsOfDirectory(atPath: dir.file("keys")).filter { $0.hasSuffix(".key") }
        let anchors = try keyFiles.map { try String(contentsOfFile: dir.file("keys/\($0)"), encoding: .utf8) }
            .flatMap { $0.split(separator: "\n") }.filter { !$0.hasPrefix(";") && $0.contains("DNSKEY 257") }.compactMap { DNSSECValidator.TrustAnchor(String($0)) }
        let anchor = try #require(anchors.first, "the key-signing key's DNSKEY line")

        func answers(_ port: Int) async -> Bool { await Self.answersForTheZone(port) }
        let queryLog = dir.file("auth-queries.log")
        guard let authoritative = await Lab.start("named-auth", executable: named, in: dir, arguments: { port in
            let conf = try dir.write("named-auth.conf", """
                options {
                  directory "\(dir.path)";
                  listen-on port \(port) { 127.0.0.1; };
                  listen-on-v6 { none; };
                  recursion no;
                  pid-file "\(dir.file("named-auth.pid"))";
                  session-keyfile "\(dir.file("session-auth.key"))";
                  dnssec-validation no;
                  querylog yes;
                };
                zone "example.test" { type primary; file "\(signed)"; };
                logging { channel q { file "\(queryLog)"; print-time yes; }; category queries { q; }; };

                """)
            return ["-f", "-c", conf] // -f, not -g: -g sends every log to standard error, the query log too
        }, ready: answers) else { return nil }
        guard let honest = await Lab.start("named-resolver", executable: named, in: dir, arguments: { port in
            let conf = try dir.write("named-resolver.conf", """
                options {
                  directory "\(dir.path)";
                  listen-on port \(port) { 127.0.0.1; };
                  listen-on-v6 { none; };
                  pid-file "\(dir.file("named-resolver.pid"))";
                  session-keyfile "\(dir.file("session-resolver.key"))";
                  recursion yes;
                  allow-query { 127.0.0.0/8; };
                  allow-recursion { 127.0.0.0/8; };
                  forwarders { 127.0.0.1 port \(authoritative.port); };
                  forward only;
                  dnssec-validation no;
                };

                """)
            return ["-g", "-c", conf]
        }, ready: answers) else {
            await authoritative.stop()
            return nil
        }
        guard let hijacking = await hijacker(dir, unbound: unbound, authoritative: authoritative.port) else {
            await honest.stop()
            await authoritative.stop()
            return nil
        }
        return Servers(authoritative: authoritative, honest: honest, hijacking: hijacking, anchor: anchor, queryLog: queryLog)
    }

    /// Readiness of a server in the tests: it answers `example.test SOA`.
    static func answersForTheZone(_ port: Int) async -> Bool {
        guard let scope = try? Lab.scope() else { return false }
        return ((try? await DNSProbe.query(Lab.loopback, port: port, name: "example.test", type: DNSRecordType.soa, recursion: false, scope: scope,
                                            timeout: .milliseconds(300)))?.0.answer) != nil
    }

    /// An Unbound resolver that forwards to the authoritative server and, when `forging`, forges `bank.example.test`
    /// (203.0.113.66) and the scan names (203.0.113.53), on `port` or a random one.
    static func hijacker(_ dir: TemporaryDirectory, unbound: String, authoritative: Int, port fixed: Int? = nil, forging: Bool = true) async -> LabDaemon? {
        await Lab.start("unbound-hijack", executable: unbound, in: dir, fixedPort: fixed, arguments: { port in
            let conf = try dir.write("unbound-hijack.conf", """
                server:
                  interface: 127.0.0.1@\(port)
                  port: \(port)
                  do-ip6: no
                  do-daemonize: no
                  use-syslog: no
                  logfile: ""
                  username: ""
                  chroot: ""
                  directory: "\(dir.path)"
                  pidfile: "\(dir.file("unbound-hijack.pid"))"
                  access-control: 127.0.0.0/8 allow
                  do-not-query-localhost: no
                  module-config: "iterator"
                  local-zone: "test." nodefault
                \(forging ? """
                  local-zone: "bank.example.test." redirect
                  local-data: "bank.example.test. 300 IN A 203.0.113.66"
                  local-zone: "scan.example.test." redirect
                  local-data: "scan.example.test. 300 IN A 203.0.113.53"
                """ : "")
                forward-zone:
                  name: "."
                  forward-addr: 127.0.0.1@\(authoritative)

                """)
            return ["-d", "-c", conf]
        }, ready: { await answersForTheZone($0) })
    }

    @Test func openResolverCheck() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let servers = try await Self.start(dir) else { return }
        let scope = try Lab.scope()
        let expected: Set<IPAddress> = [try #require(IPAddress("198.51.100.53"))]
        let (open, exchange, timing) = try await DNSProbe.openResolver(Lab.loopback, port: servers.honest.port, zone: "scan.example.test", expected: expected, scope: scope)
        let (bogus, _, _) = try await DNSProbe.openResolver(Lab.loopback, port: servers.hijacking.port, zone: "scan.example.test", expected: expected, scope: scope)
        let (closed, authority, _) = try await DNSProbe.openResolver(Lab.loopback, port: servers.authoritative.port, zone: "scan.example.test", expected: expected, scope: scope)
        // The same check as a stateless scan (`vigil probe dns`): the cookie is in the id and in the name.
        let scanned = try await ProbeRunner(scope: scope, rate: 100).dns(try TargetSpace.parse(["127.0.0.1:\(servers.honest.port)", "127.0.0.1:\(servers.authoritative.port)"],
                                                                                            defaultPorts: [53]), zone: "scan.example.test", expected: expected)
        await servers.stop()
        let (silent, _, _) = try await DNSProbe.openResolver(Lab.loopback, port: servers.honest.port, zone: "scan.example.test", expected: expected, scope: scope,
                                                             timeout: .milliseconds(300))
        #expect(open == .openResolver && open.isOpen)
        #expect(exchange.answer?.recursionAvailable == true && exchange.answer?.answers.compactMap(\.address) == Array(expected))
        #expect(bogus == .bogusResolver && bogus.isOpen)
        #expect(closed == .closed && authority.answer?.authoritative == true, "an authoritative-only server answers without recursion")
        #expect(silent == .silent && !silent.isOpen)
        #expect(scanned.map(\.verdict).sorted() == ["closed", "openResolver"] && scanned.first { $0.verdict == "openResolver" }?.positive == true, "\(scanned.map(\.summary))")
        // The unique name reached our authoritative server through the resolver that really recursed.
        let name = try #require(exchange.answer?.questions.first?.name)
        #expect(name.hasPrefix("7f000001-") && name.hasSuffix(".scan.example.test"))
        let log = (try? String(contentsOfFile: servers.queryLog, encoding: .utf8)) ?? "none"
        #expect(log.contains(name), "the query log names \(name): \(log.suffix(600))")
        #expect(timing.response.bytes > 0 && timing.response.bytes < 200, "a plain A answer is small: \(timing.response.bytes) B")
    }

    @Test func answerWatchDetectsTheHijackAndDNSSECProvesIt() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let servers = try await Self.start(dir) else { return }
        let scope = try Lab.scope()
        let validator = DNSSECValidator(anchors: [servers.anchor])
        let bank = DNSExpectation(name: "bank.example.test", ranges: [try #require(CIDRBlock("198.51.100.20/32"))])
        let www = DNSExpectation(name: "www.example.test", ranges: [try #require(CIDRBlock("198.51.100.0/28"))])
        let shop = DNSExpectation(name: "shop.example.test", ranges: [], cnameSuffixes: ["cdn.example.test"])
        let gone = DNSExpectation(name: "old.example.test", ranges: [try #require(CIDRBlock("198.51.100.0/24"))])

        let honestBank = try await DNSProbe.watch(bank, resolver: Lab.loopback, port: servers.honest.port, validator: validator, scope: scope)
        let hijackedBank = try await DNSProbe.watch(bank, resolver: Lab.loopback, port: servers.hijacking.port, validator: validator, scope: scope)
        let honestWWW = try await DNSProbe.watch(www, resolver: Lab.loopback, port: servers.honest.port, validator: validator, scope: scope)
        let hijackWWW = try await DNSProbe.watch(www, resolver: Lab.loopback, port: servers.hijacking.port, validator: validator, scope: scope)
        let cdn = try await DNSProbe.watch(shop, resolver: Lab.loopback, port: servers.honest.port, validator: validator, scope: scope)
        let nx = try await DNSProbe.watch(gone, resolver: Lab.loopback, port: servers.honest.port, scope: scope)
        // DNSSEC's answer a month from now: the signatures have expired (dnssec-signzone signs for 30 days).
        let later = try await DNSProbe.watch(bank, resolver: Lab.loopback, port: servers.honest.port, validator: validator, scope: scope,
                                             now: Date().addingTimeInterval(40 * 86_400))
        let (keys, _) = try await DNSProbe.query(Lab.loopback, port: servers.honest.port, name: "example.test", type: DNSRecordType.dnskey, dnssec: true, scope: scope)
        await servers.stop()

        #expect(honestBank.verdict == .consistent && honestBank.dnssec == .secure && !honestBank.isAlert, "\(String(describing: honestBank.dnssec))")
        #expect(hijackedBank.verdict == .changed && hijackedBank.addresses.map(\.description) == ["203.0.113.66"] && hijackedBank.isAlert)
        if case .bogus(let why) = hijackedBank.dnssec { #expect(why.contains("no signature")) } else { Issue.record("the forged answer must be bogus: \(String(describing: hijackedBank.dnssec))") }
        #expect(honestWWW.verdict == .consistent && honestWWW.addresses.count == 2 && honestWWW.dnssec == .secure)
        #expect(hijackWWW.verdict == .consistent && hijackWWW.dnssec == .secure, "an honest answer passed through the hijacker still validates")
        #expect(cdn.verdict == .consistent && cdn.dnssec == .secure, "the CNAME chain is allowed and each set verifies: \(String(describing: cdn.dnssec))")
        #expect(nx.verdict == .nxdomain && nx.isAlert && nx.dnssec == nil)
        if case .bogus(let why) = later.dnssec { #expect(why.contains("validity period")) } else { Issue.record("expired signatures must be bogus") }

        // A tampered copy of the honest answer does not verify.
        var tampered = try #require(honestBank.exchange.answer)
        let index = try #require(tampered.answers.firstIndex { $0.type == DNSRecordType.a })
        tampered.answers[index].data = [198, 51, 100, 21]
        let keyAnswer = try #require(keys.answer)
        #expect(keyAnswer.answers.filter { $0.type == DNSRecordType.dnskey }.count == 2, "the key-signing and the zone-signing key")
        #expect(validator.validate(name: "bank.example.test", type: DNSRecordType.a, answer: tampered, keys: keyAnswer) != .secure)
        #expect(validator.validate(name: "bank.example.test", type: DNSRecordType.a, answer: try #require(honestBank.exchange.answer), keys: keyAnswer) == .secure)
        // Another zone's anchor does not cover the name.
        #expect(DNSSECValidator(anchors: []).validate(name: "bank.example.test", type: DNSRecordType.a, answer: tampered, keys: keyAnswer) == .insecure)
    }
}
