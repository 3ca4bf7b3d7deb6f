import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// Several writers on one database at once, each with its own store (its own connections): counters and rollups stay
/// exact, whatever order their transactions commit in.
@Suite struct StoreConcurrencyContractTests {
    @Test(arguments: Backend.allCases) func concurrentWritersOfOverlappingThreatsStayExact(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (first, reopen) = try await backend.make(dir) else { return }
        let writers = 3
        var stores: [any Store] = [first]
        for _ in 1..<writers { stores.append(try await reopen()) }
        // Writer w reports addresses w*100 ..< w*100+200 (mod 256) at time 1000+w, in 4 chunks, so that many threats
        // are reported by two or three writers at once (one sighting and one source each).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (w, store) in stores.enumerated() {
                group.addTask {
                    guard case .open(let batch, let source, false) = try await store.openBatch(Fixtures.descriptor("w\(w)", source: "feed-\(w)")) else {
                        throw StoreError(.write, "writer \(w)'s batch did not open fresh")
                    }
                    let rows = (0..<200).map { i in
                        Fixtures.resolved(i % 2 == 0 ? .bot : .openRedis, "203.0.113.\((w * 100 + i) % 256)",
                                          seenAt: Int64(1_000 + w), row: i + 1, province: (w * 100 + i) % 256 >= 128 ? 320000 : 110000)
                    }
                    for start in stride(from: 0, to: rows.count, by: 50) {
                        _ = try await store.write(chunk: Array(rows[start..<start + 50]), rejects: [], batchID: batch, sourceID: source)
                    }
                    _ = try await store.completeBatch(id: batch, rows: 200, observations: 200, rejects: 0)
                }
            }
            try await group.waitForAll()
        }
        // The indicator wraps at 256, so writers 0 and 2 overlap as well: compute the expectation the plain way.
        var expected: [String: (sightings: Int, sources: Set<Int>)] = [:]
        for w in 0..<writers {
            for i in 0..<200 {
                let key = "\(i % 2 == 0 ? "bot" : "openRedis")/203.0.113.\((w * 100 + i) % 256)"
                expected[key, default: (0, [])].sightings += 1
                expected[key, default: (0, [])].sources.insert(w)
            }
        }
        let threats = try await first.threats(matching: ThreatFilter(limit: 10_000))
        #expect(threats.count == expected.count)
        for t in threats {
            let key = "\(t.kind.rawValue)/\(t.indicator.value)"
            #expect(t.sightings == expected[key]?.sightings, "\(key)")
            #expect(t.sources == expected[key]?.sources.count, "\(key)")
        }
        let stats = try await first.statistics()
        #expect(stats.totalThreats == expected.count)
        #expect(stats.totalSightings == writers * 200)
        #expect(stats.byKind.values.reduce(0, +) == expected.count)
        #expect(stats.byProvince[320000] == expected.keys.filter { Int($0.split(separator: ".").last ?? "") ?? 0 >= 128 }.count)
        #expect(stats.byProvince.values.reduce(0, +) == expected.count)
        let batches = try await first.batches(limit: 10)
        #expect(batches.count == writers && batches.allSatisfy { $0.status == .complete })
        #expect(batches.map(\.newThreats).reduce(0, +) == expected.count)
        #expect(batches.map(\.newSightings).reduce(0, +) == writers * 200)
    }
}
