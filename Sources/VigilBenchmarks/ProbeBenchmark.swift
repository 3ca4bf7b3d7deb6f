import Foundation
import NIOCore
import NIOPosix
import VigilCore
import VigilProbes

/// `VigilBenchmarks probes`: the stateless UDP scanner against a loopback NTP responder. Each run scans a loopback
/// range (mode 3, cookies in the transmit timestamp) at a configured rate, in a process of its own so that its peak
/// memory is its own, and prints the packet rate achieved against the configured one (the limiter's accuracy), the
/// share of probes whose answers were matched, and the peak memory.
enum ProbeBenchmark {
    /// The runs: (addresses as a loopback block, configured rate).
    static let runs: [(block: String, rate: Int)] = [
        ("127.1.0.0/20", 5_000), ("127.1.0.0/18", 20_000), ("127.2.0.0/16", 60_000), ("127.0.0.0/12", 60_000), ("127.3.0.0/16", 100_000), ("127.4.0.0/16", 1_000_000),
    ]

    /// Runs each configuration in a child process.
    static func all(executable: String) throws {
        for run in runs {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: executable)
            child.arguments = ["probes-one", run.block, String(run.rate)]
            try child.run()
            child.waitUntilExit()
        }
    }

    /// One scan.
    static func one(block text: String, rate: Int) async throws {
        guard let block = CIDRBlock(text) else { throw CocoaError(.formatting) }
        let responder = try LoopbackNTPResponder()
        responder.start()
        defer { responder.stop() }
        let space = TargetSpace(blocks: [block], ports: [responder.port])
        let scope = try ProbeScope.parse("lab 127.0.0.0/8")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let report = try await UDPScanner.run(space, module: NTPTimeModule(), scope: scope, configuration: .init(rate: rate, cooldown: .seconds(1)),
                                              group: group) { _ in }
        try await group.shutdownGracefully()
        let matched = report.sent > 0 ? 100 * Double(report.matched) / Double(report.sent) : 0
        let accuracy = rate >= 1_000_000 ? "unlimited" : String(format: "%.1f%%", 100 * report.achievedRate / Double(rate))
        print(String(format: "probes     targets=%d rate=%@ sent=%d probes/s=%.0f limiter=%@ matched=%.2f%% unmatched=%d seconds=%.2f peak_rss_mb=%.1f",
                     report.sent, rate >= 1_000_000 ? "max" : String(rate), report.sent, report.achievedRate, accuracy, matched, report.unmatched,
                     report.sendSeconds, peakRSSMegabytes()))
    }
}
