import Foundation
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The NTP probes over real UDP on loopback, against a monlist double (no Debian daemon answers mode 7 any more).
@Suite struct NTPProbeTests {
    /// Starts the double on a free-looking 127.0.0.1 port; nil (after recording why) when it does not come up.
    static func double(entries: Int, _ dir: TemporaryDirectory) async throws -> (ChildProcess, Int)? {
        let script = ChildProcess.packageRoot.appendingPathComponent("Tests/Support/monlist-double.py").path
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            // A ready file left by an attempt killed as it wrote it must not be taken for this one's.
            try? FileManager.default.removeItem(atPath: dir.file("ready"))
            let process = try ChildProcess("/usr/bin/env", ["python3", script, String(port), String(entries), dir.path], errorLog: dir.file("double.err"))
            // Python starts slowly on a loaded machine: wait long before calling it failed.
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline && process.isRunning {
                if (try? String(contentsOfFile: dir.file("ready"), encoding: .utf8)) == String(port) { return (process, port) }
                try await Task.sleep(for: .milliseconds(20))
            }
            process.kill()
            _ = await process.wait()
        }
        Issue.record("the monlist double did not start: \((try? String(contentsOfFile: dir.file("double.err"), encoding: .utf8)) ?? "")")
        return nil
    }

    @Test func monlistFindsTheReflectorAndSizesIt() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (double, port) = try await Self.double(entries: 600, dir) else { return }
        defer { double.kill() }
        let scope = try ProbeScope.parse("lab 127.0.0.0/8")
        let loopback = try #require(IPAddress("127.0.0.1"))
        // A generous timeout: the exchange ends at the last packet, and a loaded machine may be slow to send them.
        let (m, timing) = try await NTPProbe.monlist(loopback, port: port, scope: scope, timeout: .seconds(20))
        #expect(m.verdict == .monlistAmplifier && m.complete)
        #expect(m.items == 600 && m.packets == 100 && m.responseBytes == 44_000 && m.peers.count == 200)
        #expect(Int(m.amplification.rounded()) == 917 && timing.firstAnswer != nil)
    }

    @Test func aTargetOutsideTheScopeGetsNoPacket() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (double, port) = try await Self.double(entries: 6, dir) else { return }
        defer { double.kill() }
        let loopback = try #require(IPAddress("127.0.0.1"))
        // Allowed public ranges do not reach loopback: it is reserved, and only `lab` rules open it.
        let scope = try ProbeScope.parse("allow 61.135.0.0/16")
        await #expect(throws: ProbeRefused.self) { _ = try await NTPProbe.monlist(loopback, port: port, scope: scope) }
        await #expect(throws: ProbeRefused.self) { _ = try await NTPProbe.alive(loopback, port: port, scope: ProbeScope()) }
        // The double counts every datagram: a probe that is let through is counted, the refused ones were not sent.
        let (m, _) = try await NTPProbe.monlist(loopback, port: port, scope: try ProbeScope.parse("lab 127.0.0.1/32"), timeout: .seconds(20))
        #expect(m.items == 6)
        #expect(try String(contentsOfFile: dir.file("received"), encoding: .utf8) == "1", "only the allowed probe reached the target")
    }

    @Test func silenceIsSilentNotFixed() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Nothing listens on this port: no answer within the timeout.
        let (m, timing) = try await NTPProbe.monlist(try #require(IPAddress("127.0.0.1")), port: 9, scope: try ProbeScope.parse("lab 127.0.0.0/8"),
                                                     timeout: .milliseconds(300))
        #expect(m.verdict == .silent && timing.firstAnswer == nil)
    }
}
