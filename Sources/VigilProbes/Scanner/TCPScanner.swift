import Foundation
import VigilCore

/// The TCP side of scanning: each target gets one conversation (a banner, a Redis `INFO`, a web fetch), with at most
/// `concurrency` open at once and new connections started at no more than `rate` per second. Targets outside the
/// scope are skipped before any connection (the probes check again themselves).
public enum TCPScanner {
    /// Runs `probe` for every target of `space` in the scan order; returns what each gave (nil results dropped) and
    /// the number of targets the scope refused.
    public static func run(
        _ space: TargetSpace, scope: ProbeScope, rate: Int, concurrency: Int = 64, seed: UInt64 = .random(in: 0...UInt64.max),
        probe: @escaping @Sendable (TargetSpace.Target) async -> ProbeEvidence?
    ) async -> (evidence: [ProbeEvidence], refused: Int) {
        let permutation = ScanPermutation(count: space.count, seed: seed)
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / max(1, min(rate, 100_000))))
        var out: [ProbeEvidence] = []
        var refused = 0
        await withTaskGroup(of: ProbeEvidence?.self) { group in
            var running = 0
            var next = ContinuousClock.now
            for index in 0..<space.count {
                let target = space.target(at: permutation.value(at: index))
                guard scope.check(target.address).isAllowed else {
                    refused += 1
                    continue
                }
                if running >= concurrency, let result = await group.next() {
                    running -= 1
                    if let result { out.append(result) }
                }
                // Pacing: one new connection per interval.
                let now = ContinuousClock.now
                if next > now { try? await Task.sleep(until: next) }
                next = max(next, now) + interval
                running += 1
                group.addTask { await probe(target) }
            }
            for await result in group { if let result { out.append(result) } }
        }
        return (out, refused)
    }
}
