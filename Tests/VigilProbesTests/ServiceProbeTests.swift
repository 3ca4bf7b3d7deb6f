import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The exposed-service probes against real daemons on loopback high ports: memcached (UDP `stats`), xinetd's CharGen,
/// Redis (open, then with a password), TCP connects with banners, and an SSDP double (no Debian daemon answers SSDP
/// without a WAN interface).
@Suite struct ServiceProbeTests {
    @Test func memcachedStatsIsAnAmplifierWithItsVersion() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let memcached = Lab.program("memcached", package: "memcached") else { return }
        guard let daemon = await Lab.start("memcached", executable: memcached, in: dir, arguments: { port in
            ["-u", "nobody", "-l", "127.0.0.1", "-p", String(port), "-U", String(port)]
        }, ready: { LabDaemon.acceptsTCP($0) }) else { return }
        let scope = try Lab.scope()
        let (stats, timing) = try await ServiceProbe.memcached(Lab.loopback, port: daemon.port, scope: scope)
        // The same server over TCP: the banner probe with a request, and a closed port.
        let (banner, verdict, outcome) = try await ServiceProbe.banner(Lab.loopback, port: daemon.port, request: Array("version\r\n".utf8), scope: scope)
        await daemon.stop()
        let (_, closed, _) = try await ServiceProbe.banner(Lab.loopback, port: daemon.port, scope: scope)

        #expect(stats.verdict == .amplifier && stats.complete)
        #expect(stats.stats["version"]?.isEmpty == false && stats.stats["pid"] == String(daemon.process.pid), "\(stats.stats.keys.sorted())")
        #expect(stats.responseBytes > 1_000 && stats.amplification > 60, "Debian's memcached answers about 2 KB to 15 B: \(stats.responseBytes)")
        #expect(timing.response.bytes == stats.responseBytes && timing.response.sha256?.count == 64)
        #expect(verdict == .banner && banner.text == "VERSION \(stats.stats["version"] ?? "?")" && outcome.connectTime != nil)
        #expect(closed == .closed)
    }

    @Test func chargenReflectsAKilobyteForOneByte() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let xinetd = Lab.program("xinetd", package: "xinetd") else { return }
        guard getuid() == 0 else {
            Lab.skip("xinetd's internal services run as root")
            return
        }
        let scope = try Lab.scope()
        guard let daemon = await Lab.start("xinetd", executable: xinetd, in: dir, arguments: { port in
            let conf = try dir.write("xinetd.conf", """
                defaults
                {
                }
                service chargen
                {
                 type = INTERNAL UNLISTED
                 id = chargen-dgram
                 socket_type = dgram
                 protocol = udp
                 user = root
                 wait = yes
                 bind = 127.0.0.1
                 port = \(port)
                }

                """)
            return ["-f", conf, "-dontfork", "-pidfile", dir.file("xinetd.pid")]
        }, ready: { port in ((try? await ServiceProbe.chargen(Lab.loopback, port: port, scope: scope, timeout: .milliseconds(200)))?.0.packets ?? 0) > 0 })
        else { return }
        let (chargen, timing) = try await ServiceProbe.chargen(Lab.loopback, port: daemon.port, scope: scope)
        await daemon.stop()
        let (after, _) = try await ServiceProbe.chargen(Lab.loopback, port: daemon.port, scope: scope, timeout: .milliseconds(300))
        #expect(chargen.verdict == .amplifier && chargen.responseBytes == 1_024 && chargen.amplification == 1_024)
        #expect(String(decoding: timing.response.head.prefix(10), as: UTF8.self).allSatisfy { $0.isASCII }, "printable characters")
        #expect(after.verdict == .silent)
    }

    @Test func redisOpenThenPasswordProtected() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let redis = Lab.program("redis-server", package: "redis-server") else { return }
        let scope = try Lab.scope()
        func start(_ extra: [String]) async -> LabDaemon? {
            await Lab.start("redis", executable: redis, in: dir, arguments: { port in
                ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.path] + extra
            }, ready: { LabDaemon.acceptsTCP($0) })
        }
        guard let open = await start(["--protected-mode", "no"]) else { return }
        let (info, outcome) = try await ServiceProbe.redis(Lab.loopback, port: open.port, scope: scope)
        await open.stop()
        #expect(info.verdict == .open && info.complete && outcome.connection == .open)
        #expect(info.fields["redis_version"]?.first?.isNumber == true && info.fields["tcp_port"] == String(open.port), "\(info.firstLine)")

        guard let locked = await start(["--requirepass", "vigil-lab-\(UInt32.random(in: 0...UInt32.max))"]) else { return }
        let (denied, _) = try await ServiceProbe.redis(Lab.loopback, port: locked.port, scope: scope)
        await locked.stop()
        #expect(denied.verdict == .authenticationRequired && denied.fields.isEmpty, "\(denied.firstLine)")
    }

    @Test func redisRepliesAreClassified() {
        // Protected mode refuses only clients outside loopback, so its reply (as Redis 7.0.15 sends it) is checked here.
        var m = RedisInfo()
        m.receive(Array("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.\r\n".utf8))
        #expect(m.complete && m.verdict == .protectedMode)
        var partial = RedisInfo()
        partial.receive(Array("$30\r\n# Server\r\nredis_version:7.0.15".utf8))
        #expect(!partial.complete && partial.verdict == .open)
        partial.receive(Array("\r\n\r\n".utf8))
        #expect(partial.complete && partial.fields["redis_version"] == "7.0.15")
        var http = RedisInfo()
        http.receive(Array("HTTP/1.1 400 Bad Request\r\n".utf8))
        #expect(http.verdict == .notRedis)
        #expect(RedisInfo().verdict == .silent)
    }

    @Test func ssdpAnswersAreReadWithTheirDevice() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let script = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/ssdp-double.py").path
        guard let double = await Lab.start("ssdp-double", executable: "/usr/bin/env", in: dir, arguments: { port in
            ["python3", script, String(port), dir.path]
        }, ready: { port in (try? String(contentsOfFile: dir.file("ready"), encoding: .utf8)) == String(port) }) else { return }
        let (ssdp, timing) = try await ServiceProbe.ssdp(Lab.loopback, port: double.port, scope: try Lab.scope(), timeout: .seconds(1))
        await double.stop()
        #expect(ssdp.verdict == .amplifier && ssdp.answers.count == 2 && timing.response.packets == 2)
        #expect(ssdp.answers.first?.headers["server"] == "Linux/3.4 UPnP/1.0 LabGateway/2.1")
        #expect(Set(ssdp.answers.compactMap { $0.headers["st"] }) == ["upnp:rootdevice", "urn:schemas-upnp-org:service:WANIPConnection:1"])
        #expect(ssdp.amplification > 4, "two answers of about 230 B to a 97 B request")
        #expect(try String(contentsOfFile: dir.file("received"), encoding: .utf8) == "1")
    }

    @Test func nothingIsSentOutsideTheScope() async throws {
        let scope = try Lab.scope()
        // Outside the scope: refused before connecting.
        await #expect(throws: ProbeRefused.self) { _ = try await ServiceProbe.banner(try #require(IPAddress("192.0.2.1")), port: 80, scope: scope) }
        await #expect(throws: ProbeRefused.self) { _ = try await ServiceProbe.redis(Lab.loopback, scope: try ProbeScope.parse("allow 61.135.0.0/16")) }
        await #expect(throws: ProbeRefused.self) { _ = try await ServiceProbe.memcached(Lab.loopback, scope: ProbeScope()) }
    }
}
