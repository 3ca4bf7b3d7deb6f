import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStore
import VigilStorePostgres
import VigilTesting

/// Reads served by a streaming replica (docs/deployment.md): the same answers as the primary, and a write sent
/// there by mistake says where it should go.
@Suite struct PostgresReplicaTests {
    @Test func replicaAnswersReadsAndRefusesWritesWithDirections() async throws {
        guard TestCluster.enabled else {
            print("skipped: set VIGIL_TEST_POSTGRES_URL (PostgreSQL is installed) to run the replica test on a private primary and replica")
            return
        }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try await TestCluster.with(in: home.file("primary")) { primary in
            let input = home.file("2024-05-01-scan_telnet-replica.csv")
            try ScanReportGenerator(rows: 5_000, seed: 8).write(to: input)
            let writer = try await PostgresStore(url: primary.url)
            let summary = try await IngestPipeline(store: writer, chunkRows: 1_000).ingest(path: input, format: nil, sourceName: "scan")
            #expect(summary.newThreats > 0)

            try await primary.withReplica(in: home.file("replica")) { standby in
                let reader = try await PostgresStore(url: standby.url)
                // The base backup already holds the ingest; wait out any replay still under way.
                let expected = try await writer.statistics()
                var stats = try await reader.statistics()
                let deadline = ContinuousClock.now + .seconds(30)
                while stats != expected && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(200))
                    stats = try await reader.statistics()
                }
                #expect(stats == expected)
                #expect(stats.totalThreats == summary.newThreats)
                let onPrimary = try await writer.threats(matching: ThreatFilter(limit: 20)).map(\.id)
                #expect(try await reader.threats(matching: ThreatFilter(limit: 20)).map(\.id) == onPrimary)

                do {
                    _ = try await reader.openBatch(BatchDescriptor(
                        sha256: String(repeating: "ab", count: 32), sourceName: "x", format: "list", fileName: "x.txt", size: 1, receivedAt: 1))
                    Issue.record("a write on a replica must fail")
                } catch let error as StoreError {
                    #expect(error.message.contains("read-only replica"), "\(error.message)")
                    #expect(error.message.contains("primary"), "\(error.message)")
                }
                await reader.shutdown()
                await writer.shutdown()
            }
        }
    }
}
