import Foundation
import Synchronization
import Testing
import VigilCore
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilEngine

/// `kill -9` in the middle of an ingest, then the same ingest again, ends where one clean run ends.
@Suite struct KillResumeTests {
    @Test func killedIngestResumesToTheSameState() async throws {
        guard let binary = ChildProcess.vigilExecutable() else {
            Issue.record(Comment(rawValue: ChildProcess.notBuilt))
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let input = dir.file("2024-05-01-scan_telnet-big.csv")
        try ScanReportGenerator(rows: 300_000, seed: 3).write(to: input)

        let reference = try SQLiteStore(path: dir.file("reference.db"))
        let clean = try await IngestPipeline(store: reference, chunkRows: 5_000).ingest(path: input, format: nil, sourceName: "scan")

        let killedPath = dir.file("killed.db")
        // Small chunks: many commits, so a loaded machine still catches the ingest in the middle.
        let process = try ChildProcess(
            binary, ["ingest", input, "--source", "scan", "--database", killedPath, "--chunk-rows", "1500"], errorLog: dir.file("ingest.err"))
        // Watched from a thread of its own, not the test's task: on a machine loaded by the other tests the cooperative
        // pool can leave a polling task waiting for seconds, long enough for the ingest to finish. Chunks are committed
        // once the write-ahead log has grown past a few chunks' worth.
        let killedMidway = Mutex(false)
        let wal = killedPath + "-wal"
        let watcher = Thread {
            while process.isRunning {
                let size = ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? Int) ?? 0
                if size > 4_000_000 {
                    process.kill()
                    killedMidway.withLock { $0 = true }
                    return
                }
                usleep(500)
            }
        }
        watcher.start()
        await process.wait()
        try #require(killedMidway.withLock { $0 }, "the ingest finished before it could be killed; make the input larger")

        let killed = try SQLiteStore(path: killedPath)
        let partial = try #require(try await killed.batches(limit: 1).first)
        #expect(partial.status == .running)
        #expect(partial.newThreats < clean.newThreats, "the kill happened before the end")

        let resumed = try await IngestPipeline(store: killed, chunkRows: 5_000).ingest(path: input, format: nil, sourceName: "scan")
        #expect(resumed.resumed)
        #expect(resumed.rows == clean.rows && resumed.observations == clean.observations && resumed.rejects == clean.rejects)
        #expect(resumed.newThreats == clean.newThreats)
        #expect(resumed.newSightings == clean.newSightings)
        #expect(try await killed.statistics() == (try await reference.statistics()))
        let a = try await killed.threats(matching: ThreatFilter(limit: 1_000_000)).map { "\($0.id) \($0.sightings) \($0.firstSeen) \($0.lastSeen)" }.sorted()
        let b = try await reference.threats(matching: ThreatFilter(limit: 1_000_000)).map { "\($0.id) \($0.sightings) \($0.firstSeen) \($0.lastSeen)" }.sorted()
        #expect(a == b)
    }
}
