import Foundation
import Testing
import VigilAttribution
import VigilCore
import VigilFeeds
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilEngine

@Suite struct IngestPipelineTests {
    @Test func mixedGoodAndMalformedRowsAreAllAccountedFor() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (text, bad) = MixedRowsGenerator.jsonLines(count: 1000)
        let path = try dir.write("mixed.jsonl", text)
        let store = try SQLiteStore(path: dir.file("v.db"))
        let pipeline = IngestPipeline(store: store, chunkRows: 128)
        let summary = try await pipeline.ingest(path: path, format: nil, sourceName: "mixed")
        #expect(summary.rows == 1000)
        #expect(summary.observations + summary.rejects == 1000)
        #expect(summary.rejects == bad)
        let rejects = try await store.rejects(batchID: summary.batchID, limit: 10_000)
        #expect(rejects.count == bad)
        #expect(rejects.allSatisfy { !$0.reject.reason.message.isEmpty && !$0.reject.raw.isEmpty })
        #expect(Set(rejects.map(\.reject.reason.code)).count >= 5, "several reject classes are exercised")

        let before = try await store.statistics()
        let again = try await pipeline.ingest(path: path, format: nil, sourceName: "mixed")
        #expect(again.alreadyIngested)
        #expect(again.batchID == summary.batchID)
        #expect(try await store.statistics() == before)
    }

    @Test func generatedScanReportGivesOneThreatPerDistinctService() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("2024-05-01-scan_telnet-geo.csv")
        let distinct = try ScanReportGenerator(rows: 60_000, seed: 9).write(to: path)
        let store = try SQLiteStore(path: dir.file("v.db"))
        let pipeline = IngestPipeline(store: store, chunkRows: 7_000)
        let summary = try await pipeline.ingest(path: path, format: nil, sourceName: "shadowserver")
        #expect(summary.rows == 60_000 && summary.rejects == 0)
        #expect(summary.newThreats == distinct)
        let stats = try await store.statistics()
        #expect(stats.totalThreats == distinct)
        #expect(stats.byKind[.openTelnet] == distinct)
        let second = try await pipeline.ingest(path: path, format: nil, sourceName: "shadowserver")
        #expect(second.alreadyIngested)
        #expect(try await store.statistics() == stats)
    }

    @Test func peerBenchmarkGeneratorInputIngests() async throws {
        guard let root = SharedData.root else {
            print(SharedData.skipMessage("../bench/gen_scan_csv.py"))
            return
        }
        let generator = ((root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("bench/gen_scan_csv.py")
        guard FileManager.default.fileExists(atPath: generator) else {
            print("skipped: \(generator) is absent")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let generated = try await ChildProcess.run("/usr/bin/env", ["python3", generator, "--rows", "20000", "--seed", "42", "--outdir", dir.path], errorLog: dir.file("gen.err"))
        try #require(generated == 0, "gen_scan_csv.py failed: \((try? String(contentsOfFile: dir.file("gen.err"), encoding: .utf8)) ?? "")")
        let path = dir.file("2024-05-01-test_telnet-geo.csv")
        // Independent count of distinct (ip, port): the first four columns never hold commas.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var pairs = Set<String>()
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
            pairs.insert("\(f[1])|\(f[3])")
        }
        let store = try SQLiteStore(path: dir.file("v.db"))
        let summary = try await IngestPipeline(store: store, chunkRows: 3_000).ingest(path: path, format: nil, sourceName: "bench")
        #expect(summary.rows == 20_000 && summary.rejects == 0)
        #expect(summary.newThreats == pairs.count)
        #expect(summary.newSightings == 19_382, "PEER-BENCH.md: 19,382 unique rows at 20,000 rows, seed 42")
    }

    @Test func demoDataSetCoversEveryCategoryAndManyProvinces() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let dataset = try DemoDataset(directory: dir.file("data"))
        let store = try SQLiteStore(path: dir.file("demo.db"))
        let pipeline = IngestPipeline(store: store)
        var rejects = 0
        for input in dataset.inputs {
            let s = try await pipeline.ingest(path: input.path, format: input.format, sourceName: input.source)
            #expect(s.rows == s.observations + s.rejects)
            rejects += s.rejects
        }
        let stats = try await store.statistics()
        for category in ThreatCategory.allCases { #expect((stats.byCategory[category] ?? 0) > 0, "\(category)") }
        #expect(stats.byProvince.keys.filter { $0 != 0 }.count >= 25)
        #expect(Set(stats.byOperator.keys).isSuperset(of: [.chinaTelecom, .chinaUnicom, .chinaMobile]))
        #expect(rejects > 0)
        let multiSource = try await store.threats(matching: ThreatFilter(kind: .c2Server, limit: 1000)).filter { $0.sightings > 1 }
        #expect(!multiSource.isEmpty, "C2 servers are reported repeatedly")
    }
}
