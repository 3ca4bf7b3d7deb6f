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
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
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
        let processes = try jobs.enumerated().map { i, job in
            try ChildProcess(binary, ["ingest", job.0, "--source", job.1, "--database", url, "--chunk-rows", "4000"], errorLog: dir.file("worker\(i).err"))
        }
        for p in processes {
            let status = await p.wait()
            #expect(status == 0, "a worker failed: \(p.errorText)")
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

    /// The server dies in the middle of an ingest and comes back; running the ingest again ends where one clean run
    /// ends.
    @Test func serverCrashMidIngestLosesNothing() async throws {
        // The test crashes its server, so it runs its own cluster rather than the shared one.
        guard TestCluster.enabled else {
            print("skipped: set VIGIL_TEST_POSTGRES_URL (PostgreSQL is installed) to run the server-crash test on a private cluster")
            return
        }
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.file("2024-05-01-scan_telnet-crash.csv")
        try ScanReportGenerator(rows: 150_000, seed: 5).write(to: input)
        let reference = try SQLiteStore(path: dir.file("reference.db"))
        let clean = try await IngestPipeline(store: reference, chunkRows: 3_000).ingest(path: input, format: nil, sourceName: "scan")
        try await TestCluster.with(in: dir.file("pg")) { cluster in
            let url = cluster.url

            let probe = try await PostgresStore(url: url)
            let arguments = ["ingest", input, "--source", "scan", "--database", url, "--chunk-rows", "3000"]
            let p = try ChildProcess(binary, arguments, errorLog: dir.file("first.err"))
            var crashed = false
            let deadline = Date().addingTimeInterval(120)
            while p.isRunning && Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
                if let batch = try? await probe.batches(limit: 1).first, batch.status == .running, batch.newThreats > 0 {
                    try await cluster.crash()
                    crashed = true
                    break
                }
            }
            await probe.shutdown()
            try #require(crashed, "the ingest finished before the server could be crashed; make the input larger")
            try await Task.sleep(for: .seconds(1))
            try await cluster.restart()
            await p.wait()
            // The first run either rode out the restart (it retries) or gave up; a second run completes the batch.
            let again = try ChildProcess(binary, arguments, errorLog: dir.file("again.err"))
            let status = await again.wait()
            #expect(status == 0, "the second run failed: \(again.errorText)")

            let store = try await PostgresStore(url: url)
            let batch = try #require(try await store.batches(limit: 1).first)
            #expect(batch.status == .complete)
            #expect(batch.rows == clean.rows && batch.observations == clean.observations && batch.rejects == clean.rejects)
            #expect(batch.newThreats == clean.newThreats)
            #expect(batch.newSightings == clean.newSightings)
            let (pgStats, pgThreats) = try await Self.summary(store)
            let (refStats, refThreats) = try await Self.summary(reference)
            #expect(pgStats == refStats)
            #expect(pgThreats.count == refThreats.count)
            #expect(pgThreats == refThreats, "first differences: \(zip(pgThreats, refThreats).filter { $0 != $1 }.prefix(3).map { "\($0) vs \($1)" })")
            await store.shutdown()
        }
    }
}
