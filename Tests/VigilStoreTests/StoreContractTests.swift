import Foundation
import Testing
import VigilCore
import VigilStore
import VigilStorePostgres
import VigilStoreSQLite
import VigilTesting

@Suite struct StoreContractTests {
    @Test(arguments: Backend.allCases) func correlatesSightingsAndSources(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        guard case .open(let b1, let s1, false) = try await store.openBatch(Fixtures.descriptor("aa")) else {
            Issue.record("first open must be a fresh batch")
            return
        }
        let first = [
            Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 100, row: 1),
            Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 100, row: 2),  // exact repeat: not a new sighting
            Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 50, row: 3),
            Fixtures.resolved(.maliciousIP, "192.0.2.1", seenAt: 100, row: 4, province: nil),
        ]
        let out1 = try await store.write(chunk: first, rejects: [StoredReject(batchID: b1, reject: Reject(row: 5, reason: RejectReason(.badJSON, "broken"), raw: "{"))], batchID: b1, sourceID: s1)
        #expect(out1 == ChunkOutcome(newThreats: 2, newSightings: 3))
        // Writing the same chunk again (a resumed ingest) changes nothing.
        #expect(try await store.write(chunk: first, rejects: [], batchID: b1, sourceID: s1) == ChunkOutcome())
        let done = try await store.completeBatch(id: b1, rows: 5, observations: 4, rejects: 1)
        #expect(done.status == .complete && done.newThreats == 2 && done.newSightings == 3)

        guard case .alreadyIngested(let again) = try await store.openBatch(Fixtures.descriptor("aa")) else {
            Issue.record("same bytes must be a no-op")
            return
        }
        #expect(again.id == b1)

        guard case .open(let b2, let s2, _) = try await store.openBatch(Fixtures.descriptor("bb", source: "feed-b")) else {
            Issue.record("second batch must open")
            return
        }
        #expect(s2 != s1)
        let out2 = try await store.write(chunk: [Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 100, row: 1), Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 300, row: 2)], rejects: [], batchID: b2, sourceID: s2)
        #expect(out2 == ChunkOutcome(newThreats: 0, newSightings: 2))
        _ = try await store.completeBatch(id: b2, rows: 2, observations: 2, rejects: 0)

        let c2 = try await store.threats(matching: ThreatFilter(kind: .c2Server))
        #expect(c2.count == 1)
        #expect(c2[0].sightings == 4)
        #expect(c2[0].sources == 2)
        #expect(c2[0].firstSeen == 50 && c2[0].lastSeen == 300)
        #expect(c2[0].attribution.provinceCode == 110000)
        #expect(try await store.sightings(of: c2[0].id, limit: 10).map(\.seenAt) == [50, 100, 100, 300])

        let stats = try await store.statistics()
        #expect(stats.totalThreats == 2)
        #expect(stats.totalSightings == 5)
        #expect(stats.byKind[.c2Server] == 1 && stats.byKind[.maliciousIP] == 1)
        #expect(stats.byProvince[110000] == 1 && stats.byProvince[0] == 1)
        #expect(stats.byCategory[.maliciousResource] == 2)
        #expect(stats.rejects == 1)
        let rejects = try await store.rejects(batchID: b1, limit: 10)
        #expect(rejects.map(\.reject.row) == [5] && rejects[0].reject.reason.code == .badJSON)
        #expect(try await store.threats(matching: ThreatFilter(provinceCode: 0)).map(\.kind) == [.maliciousIP])
        #expect(try await store.threats(matching: ThreatFilter(category: .malware)).isEmpty)
        #expect(try await store.threats(matching: ThreatFilter(since: 200)).count == 1)
    }

    @Test(arguments: Backend.allCases) func resumesARunningBatchAndChecksAccounting(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, reopen) = try await backend.make(dir) else { return }
        guard case .open = try await store.openBatch(Fixtures.descriptor("cc")) else {
            Issue.record("must open")
            return
        }
        // The first worker goes away (as a killed process would); the batch opens again for the next one.
        #if Postgres
        if let pg = store as? PostgresStore { await pg.shutdown() }
        #endif
        let reopened = try await reopen()
        guard case .open(let id, _, let resumed) = try await Fixtures.openOnceReleased(reopened, Fixtures.descriptor("cc")) else {
            Issue.record("an unfinished batch must open again")
            return
        }
        #expect(resumed)
        await #expect(throws: StoreError.self) { try await reopened.completeBatch(id: id, rows: 3, observations: 1, rejects: 1) }
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = try dir.write("junk.db", String(repeating: "not sqlite ", count: 500))
        #expect(throws: StoreError.self) { try SQLiteStore(path: path) }
    }
}
