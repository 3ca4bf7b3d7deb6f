import Foundation
import Testing
import VigilCore
import VigilPublish
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilProbes

/// Vigil's RPZ zone loaded by real resolvers — Unbound and BIND, forwarding to BIND serving `example.test` — and
/// queried with `dig`: NXDOMAIN for a listed domain, the warning address for a redirect kind, a block for a name under
/// a listed subtree, a block for a name whose answer is a listed address (`rpz-ip`), and the real answer again after
/// the threat is reversed, the zone exported again and the resolvers reloaded.
@Suite(.serialized) struct RPZConsumerTests {
    /// `dig @127.0.0.1 -p PORT NAME A`: the status and the answer's addresses.
    static func dig(_ port: Int, _ name: String, _ dir: TemporaryDirectory) async throws -> (status: String, answers: [String]) {
        guard let dig = LabDaemon.find("dig") else { return ("no dig", []) }
        let out = dir.file("dig-\(UUID().uuidString)")
        _ = try await ChildProcess.run(dig, ["@127.0.0.1", "-p", String(port), name, "A", "+time=2", "+tries=1", "+nocookie"], output: out, errorLog: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let status = text.range(of: "status: ").map { text[$0.upperBound...].prefix { $0 != "," } }.map(String.init) ?? "no answer"
        var answers: [String] = []
        if let section = text.range(of: ";; ANSWER SECTION:\n") {
            for line in text[section.upperBound...].split(separator: "\n") {
                if line.isEmpty || line.hasPrefix(";") { break }
                if let last = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last { answers.append(String(last)) }
            }
        }
        return (status, answers)
    }

    @Test func unboundAndBindLoadTheZone() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard Lab.program("dig", package: "bind9-dnsutils") != nil, let unbound = Lab.program("unbound", package: "unbound"),
              let named = Lab.program("named", package: "bind9"), let servers = try await DNSProbeTests.start(dir) else { return }
        var daemons: [LabDaemon] = []
        do {
            // The threats: a domain (subtree), a C2 domain redirected to the warning page, a malicious address.
            let store = try SQLiteStore(path: dir.file("v.db"))
            let owner = Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom)
            let observations = [(ThreatKind.maliciousDomain, IndicatorType.domain, "bad.example.test"), (.maliciousDomain, .domain, "malware.example.test"),
                                (.c2Server, .domain, "casino.example.test"), (.maliciousIP, .ip, "198.51.100.68")].enumerated().map { i, o in
                let obs = Observation(kind: o.0, indicator: Indicator(uncheckedType: o.1, value: o.2), seenAt: 1_000, row: i + 1)
                return ResolvedObservation(observation: obs, threatID: obs.threatID, attribution: owner)
            }
            let descriptor = BatchDescriptor(sha256: "rpz", sourceName: "cncert", format: "jsonl", fileName: "x.jsonl", size: 1, receivedAt: 1_000)
            guard case .open(let batch, let source, _) = try await store.openBatch(descriptor) else { throw StoreError(.write, "no batch") }
            _ = try await store.write(chunk: observations, rejects: [], batchID: batch, sourceID: source)
            _ = try await store.completeBatch(id: batch, rows: 4, observations: 4, rejects: 0)
            let disposal = DisposalLedger(store)
            let pending = try await disposal.pendingDeterminations(after: nil, limit: 10)
            try await disposal.record(pending.map { ($0, Determination(.confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)
            let publisher = Publisher(ledger: PublicationLedger(store), settings: PublishSettings(policies: [.c2Server: .redirect], redirectTo: "127.0.0.99"))
            let zoneFile = dir.file("rpz.vigil.zone")
            let first = try await publisher.export(.rpz, at: 3_000)
            try first.text.write(toFile: zoneFile, atomically: true, encoding: .utf8)
            #expect(first.text.contains("32.68.100.51.198.rpz-ip CNAME .") && first.text.contains("*.malware.example.test CNAME .")
                    && first.text.contains("casino.example.test A 127.0.0.99") && first.text.contains("( 3000 3600"), "\(first.text)")

            func answers(_ port: Int) async -> Bool { await DNSProbeTests.answersForTheZone(port) }
            guard let u = await Lab.start("unbound-rpz", executable: unbound, in: dir, arguments: { port in
                ["-d", "-c", try dir.write("unbound-rpz.conf", """
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
                      pidfile: "\(dir.file("unbound-rpz.pid"))"
                      access-control: 127.0.0.0/8 allow
                      do-not-query-localhost: no
                      module-config: "respip iterator"
                      qname-minimisation: no
                      local-zone: "test." nodefault
                    rpz:
                      name: rpz.vigil.
                      zonefile: \(zoneFile)
                    forward-zone:
                      name: "."
                      forward-addr: 127.0.0.1@\(servers.authoritative.port)

                    """)]
            }, ready: answers) else { throw LabDaemonError(message: "unbound did not start") }
            daemons.append(u)
            guard let b = await Lab.start("named-rpz", executable: named, in: dir, arguments: { port in
                ["-g", "-c", try dir.write("named-rpz.conf", """
                    options {
                      directory "\(dir.path)";
                      listen-on port \(port) { 127.0.0.1; };
                      listen-on-v6 { none; };
                      pid-file "\(dir.file("named-rpz.pid"))";
                      session-keyfile "\(dir.file("session-rpz.key"))";
                      recursion yes;
                      allow-query { 127.0.0.0/8; };
                      allow-recursion { 127.0.0.0/8; };
                      forwarders { 127.0.0.1 port \(servers.authoritative.port); };
                      forward only;
                      dnssec-validation no;
                      response-policy { zone "rpz.vigil" policy given min-update-interval 0; } qname-wait-recurse no break-dnssec yes;
                    };
                    zone "rpz.vigil" { type primary; file "\(zoneFile)"; allow-query { none; }; };

                    """)]
            }, ready: answers) else { throw LabDaemonError(message: "named did not start") }
            daemons.append(b)

            // Without the policy zone every one of these names resolves (the honest resolver has no RPZ).
            for name in ["bad.example.test", "x.malware.example.test", "casino.example.test", "evil-ip.example.test"] {
                let plain = try await Self.dig(servers.honest.port, name, dir)
                #expect(plain.status == "NOERROR" && plain.answers.count == 1, "\(name) without RPZ: \(plain)")
            }
            for (resolver, port) in [("unbound", u.port), ("bind", b.port)] {
                let bad = try await Self.dig(port, "bad.example.test", dir)
                let sub = try await Self.dig(port, "x.malware.example.test", dir)
                let casino = try await Self.dig(port, "casino.example.test", dir)
                let evil = try await Self.dig(port, "evil-ip.example.test", dir)
                let www = try await Self.dig(port, "www.example.test", dir)
                #expect(bad.status == "NXDOMAIN", "\(resolver): a listed domain: \(bad)")
                #expect(sub.status == "NXDOMAIN", "\(resolver): under a listed subtree: \(sub)")
                #expect(casino.status == "NOERROR" && casino.answers == ["127.0.0.99"], "\(resolver): redirected to the warning page: \(casino)")
                #expect(evil.status == "NXDOMAIN", "\(resolver): an answer holding a listed address: \(evil)")
                #expect(www.status == "NOERROR" && Set(www.answers) == ["198.51.100.10", "198.51.100.11"], "\(resolver): everything else untouched: \(www)")
            }

            // Reversed: lifted at the next export; the resolvers reload the zone and answer again.
            let bad = ThreatID(kind: .maliciousDomain, indicator: Indicator(uncheckedType: .domain, value: "bad.example.test"))
            _ = try await disposal.decide(bad, confirm: false, reason: "the owner's own test name", by: "analyst", at: 3_500)
            let second = try await publisher.export(.rpz, at: 4_000)
            #expect(second.refresh.serial == 4_000 && second.refresh.lifted == 2 && !second.text.contains("bad.example.test"))
            try second.text.write(toFile: zoneFile, atomically: true, encoding: .utf8)
            for d in daemons { d.process.kill(SIGHUP) }
            for (resolver, port) in [("unbound", u.port), ("bind", b.port)] {
                var answer = (status: "", answers: [String]())
                let deadline = ContinuousClock.now + .seconds(15)
                repeat {
                    try await Task.sleep(for: .milliseconds(300))
                    answer = try await Self.dig(port, "bad.example.test", dir)
                } while answer.status != "NOERROR" && ContinuousClock.now < deadline
                #expect(answer.status == "NOERROR" && answer.answers == ["198.51.100.66"], "\(resolver) after the reload: \(answer)")
                #expect(try await Self.dig(port, "x.malware.example.test", dir).status == "NXDOMAIN", "\(resolver): the rest still blocked")
            }
        } catch {
            Issue.record(error)
        }
        for d in daemons { await d.stop() }
        await servers.stop()
    }
}
