import Foundation
import NIOCore
import Synchronization
import Testing
import VigilCore
import VigilTesting
@testable import VigilProbes

/// The stateless scanner's parts (the permutation, the target space, SipHash) and a real scan of loopback with the
/// monlist double: every answer matched without per-target state, refusals inside a scan, and the rate limit.
@Suite struct ScannerTests {
    @Test func thePermutationVisitsEveryIndexOnce() {
        for count: UInt64 in [1, 2, 7, 1_000, 65_539] {
            let p = ScanPermutation(count: count, seed: 42)
            let values = Set((0..<count).map { p.value(at: $0) })
            #expect(values.count == Int(count) && values.allSatisfy { $0 < count })
        }
        let a = ScanPermutation(count: 1_000, seed: 1), b = ScanPermutation(count: 1_000, seed: 2)
        #expect((0..<20).map { a.value(at: $0) } != (0..<20).map { b.value(at: $0) }, "the seed picks the order")
        #expect((0..<20).map { a.value(at: $0) } != Array(0..<20), "not the natural order")
    }

    @Test func theTargetSpaceIndexesBlocksAndPorts() throws {
        let spaces = try TargetSpace.parse(["203.0.113.0/30", "198.51.100.7", "198.51.100.9:1900", "[2001:db8::1]:53"], defaultPorts: [123])
        #expect(spaces.count == 3)
        let ntp = spaces[0]
        #expect(ntp.count == 5 && ntp.ports == [123])
        #expect((0..<5).map { ntp.target(at: $0).address.description } == ["203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3", "198.51.100.7"])
        #expect(spaces[1].ports == [1900] && spaces[2].target(at: 0).address.description == "2001:db8::1")
        let two = TargetSpace(blocks: [try #require(CIDRBlock("10.0.0.0/31"))], ports: [53, 123])
        #expect((UInt64(0)..<4).map { "\(two.target(at: $0).address):\(two.target(at: $0).port)" } == ["10.0.0.0:53", "10.0.0.0:123", "10.0.0.1:53", "10.0.0.1:123"])
        #expect(throws: TargetError.self) { try TargetSpace.parse(["ntp.example.com"], defaultPorts: [123]) }
        #expect(throws: TargetError.self) { try TargetSpace.parse(["1.2.3.4:99999"], defaultPorts: [123]) }
    }

    @Test func sipHashMatchesTheReferenceVector() {
        // The SipHash paper's key 00 01 … 0f and the 16-byte message 00 01 … 0f: 0x3f2acc7f57c29bdb (as a little-endian word).
        let key = SipHash(k0: 0x0706_0504_0302_0100, k1: 0x0F0E_0D0C_0B0A_0908)
        #expect(key.hash(0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908) == 0x3F2A_CC7F_57C2_9BDB)
    }

    @Test func aScanOfLoopbackMatchesEveryAnswerAndRefusesOutsideTheScope() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (double, port) = try await NTPProbeTests.double(entries: 6, dir) else { return }
        defer { double.kill() }
        // 127.0.0.0/29 on the double's port; the scope lets only 127.0.0.0/30 through and opts 127.0.0.2 out.
        let space = TargetSpace(blocks: [try #require(CIDRBlock("127.0.0.0/29"))], ports: [port])
        let scope = try ProbeScope.parse("lab 127.0.0.0/30\noptout 127.0.0.2/32 asked 2026-11-27")
        let replies = Mutex<[UDPScanner.Reply]>([])
        let report = try await UDPScanner.run(space, module: NTPMonlistModule(), scope: scope, configuration: .init(rate: 1_000, cooldown: .seconds(1))) { reply in
            replies.withLock { $0.append(reply) }
        }
        #expect(report.sent == 3 && report.refused == 5, "8 targets: 4 outside the scope's lab range, 1 opted out")
        let got = replies.withLock { $0 }
        #expect(got.count == 1 && report.matched == 1 && got.first?.target.address.description == "127.0.0.1", "one packet of 6 entries from the double")
        #expect(try String(contentsOfFile: dir.file("received"), encoding: .utf8) == "1", "the double saw one probe")
        #expect(got.first.map { $0.payload.count == 8 + 6 * 72 } == true)
    }

    @Test func theRateLimitHolds() async throws {
        // 300 packets at 1,000 per second cannot leave in less than about 0.3 s (the bucket starts with 10 ms' worth).
        let space = TargetSpace(blocks: [try #require(CIDRBlock("127.9.0.0/24"))], ports: [9, 10])
        let started = ContinuousClock.now
        let report = try await UDPScanner.run(space, module: CharGenModule(), scope: try Lab.scope(), configuration: .init(rate: 1_000, cooldown: .milliseconds(10))) { _ in }
        let elapsed = (ContinuousClock.now - started).seconds
        #expect(report.sent == 512 && elapsed >= 0.45, "512 packets took \(elapsed) s")
        #expect(report.achievedRate <= 1_100, "achieved \(report.achievedRate) packets/s")
    }
}
