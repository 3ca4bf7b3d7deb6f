import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite
import VigilTesting

/// Several `vigil ingest` processes against one PostgreSQL database end where one process ingesting everything
/// ends.
@Suite struct PostgresWorkersTests {
    /// A URL of the test server with a fresh schema, or nil (after saying why).
    static func freshURL() -> String? {
        guard let base = ProcessInfo.processInfo.environment["VIGIL_TEST_POSTGRES_URL"] else {
            print("skipped: set VIGIL_TEST_POSTGRES_URL (scripts/pg-cluster.sh start DIR prints one) to run the PostgreSQL worker tests")
            return nil
        }
        let schema = "w_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        return base + (base.contains("?") ? "&" : "?") + "schema=\(schema)"
    }

    static func summary(_ store: any Store) async throws -> (ThreatStatistics, [String]) {
        let stats = try await store.statistics()
        let threats = try await store.threats(matching: ThreatFilter(limit: 10_000_000))
            .map { "\($0.id) \($0.sightings) \($0.sources) \($0.firstSeen) \($0.lastSeen) \($0.attribution.provinceCode ?? 0)" }.sorted()
        return (stats, threats)
    }

    @Test func concurrentWorkersMatchOneProcess() async throws {
        guard let url = Self.freshURL() else { return }
        guard let binary = KillResumeTests.vigilBinary() else {
            Issue.record("the vigil executable is not built; run `swift build` before `swift test` (scripts/test.sh does)")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        // Two disjoint reports and a third that repeats half of each (same times: the same sightings again).
        let a = dir.file("2024-05-01-scan_telnet-a.csv")
        let b = dir.file("2024-05-02-scan_telnet-b.csv")
        try ScanReportGenerator(rows: 40_000, seed: 11).write(to: a)
        try ScanReportGenerator(rows: 40_000, seed: 12).write(to: b)
        let linesA = try String(contentsOfFile: a, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let linesB = try String(contentsOfFile: b, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let c = dir.file("2024-05-03-scan_telnet-c.csv")
        try ([linesA[0]] + linesA[1..<20_000] + linesB[20_000..<40_001]).joined(separator: "\n").appending("\n")
            .write(toFile: c, atomically: true, encoding: .utf8)
        let jobs = [(a, "shadowserver"), (b, "cncert"), (c, "shadowserver")]

        // The reference: one process, one after the other, on SQLite.
        let reference = try SQLiteStore(path: dir.file("reference.db"))
        for (file, source) in jobs {
            _ = try await IngestPipeline(store: reference, chunkRows: 4_000).ingest(path: file, format: nil, sourceName: source)
        }

        // Three processes at once on PostgreSQL.
        let processes = try jobs.map { file, source -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["ingest", file, "--source", source, "--database", url, "--chunk-rows", "4000"]
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            try p.run()
            return p
        }
        for p in processes {
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "a worker failed: \(String(decoding: (p.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self))")
        }
        let store = try await PostgresStore(url: url)
        let (pgStats, pgThreats) = try await Self.summary(store)
        let (refStats, refThreats) = try await Self.summary(reference)
        #expect(pgThreats.count == refThreats.count)
        let differing = zip(pgThreats, refThreats).filter { $0 != $1 }.prefix(3).map { "\($0) vs \($1)" }
        #expect(pgThreats == refThreats, "same threats, sighting counts, sources and times; first differences: \(differing)")
        #expect(pgStats == refStats)
        #expect(pgStats.batches == 3)
        await store.shutdown()
    }
}
