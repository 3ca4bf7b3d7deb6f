import Foundation
import Testing
import VigilCore
import VigilFeeds
import VigilStore
import VigilStoreSQLite
import VigilTesting
@testable import VigilEngine

/// The exchange formats through the whole ingest path: detected, recorded as a batch, threats and rejects stored,
/// and the same file again a no-op.
@Suite struct ExchangeIngestTests {
    @Test func stixMispAndEveIngestEndToEnd() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteStore(path: dir.file("v.db"))
        let pipeline = IngestPipeline(store: store)

        let generator = ExchangeFeedGenerator(records: 50, seed: 3)
        let stix = dir.file("bundle.json")
        try generator.writeSTIX(to: stix)
        let s = try await pipeline.ingest(path: stix, format: nil, sourceName: "partner-cert")
        #expect(s.format == "stix" && s.rejects == 0 && s.observations == 60, "\(s)")
        #expect(s.rows == s.observations + s.rejects)
        // Every tenth indicator indicates the bundle's malware: its address or domain is that malware's C2.
        #expect(try await store.threats(matching: ThreatFilter(kind: .c2Server)).count > 0)
        #expect(try await pipeline.ingest(path: stix, format: nil, sourceName: "partner-cert").alreadyIngested)

        let misp = dir.file("events.json")
        try generator.writeMISP(to: misp)
        let m = try await pipeline.ingest(path: misp, format: nil, sourceName: "misp")
        #expect(m.format == "misp" && m.rows == 50 && m.rejects > 0 && m.observations + m.rejects == 50, "\(m)")
        let rejects = try await store.rejects(batchID: m.batchID, limit: 100)
        #expect(rejects.allSatisfy { $0.reject.reason.code == .unsupported })

        let eve = dir.file("eve.json")
        try generator.writeEVE(to: eve)
        let e = try await pipeline.ingest(path: eve, format: nil, sourceName: "ids")
        #expect(e.format == "eve" && e.rejects == 5 && e.observations + e.rejects == e.rows, "\(e)")
        #expect(try await store.rejects(batchID: e.batchID, limit: 100).allSatisfy { $0.reject.reason.code == .evidence })
        #expect(try await store.threats(matching: ThreatFilter(kind: .compromisedHost)).count > 0)
    }
}
