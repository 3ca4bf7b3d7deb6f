import Foundation
import Synchronization
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// The read side and attribution maintenance, on both backends: what is written comes back whole, lists are ordered
/// and filtered alike, and re-attribution moves threats and their rollups together.
@Suite struct StoreQueryContractTests {
    /// Opens a fresh batch or records why it could not.
    func open(_ store: any Store, _ sha: String, source: String = "feed-a") async throws -> (batch: Int64, source: Int64)? {
        guard case .open(let batch, let source, _) = try await store.openBatch(Fixtures.descriptor(sha, source: source)) else {
            Issue.record("batch \(sha) must open fresh")
            return nil
        }
        return (batch, source)
    }

    @Test(arguments: Backend.allCases) func keepsEveryAttributionField(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir), let (b, s) = try await open(store, "a1") else { return }
        let full = Attribution(
            countryCode: "CN", provinceCode: 440000, city: "深圳", networkOperator: .other, operatorName: "深圳市天威视讯",
            asn: 17623, registrableDomain: "example.com.cn", organizationID: "op-other-440000", organizationName: "深圳市天威视讯股份有限公司",
            organizationRule: "operator-province", provenance: "country=apnic province=divisionLists", viaAddress: "203.0.113.9")
        let chunk = [
            Fixtures.resolved(.phishingURL, "http://login.example.com.cn/a", .url, seenAt: 10, row: 1, attribution: full, reportedASN: 64500),
            Fixtures.resolved(.maliciousDomain, "bad.example", .domain, seenAt: 20, row: 2, attribution: .unknown),
        ]
        #expect(try await store.write(chunk: chunk, rejects: [], batchID: b, sourceID: s) == ChunkOutcome(newThreats: 2, newSightings: 2))
        _ = try await store.completeBatch(id: b, rows: 2, observations: 2, rejects: 0)

        let url = try await store.threats(matching: ThreatFilter(kind: .phishingURL))
        #expect(url.count == 1)
        #expect(url.first?.attribution == full)
        #expect(url.first?.indicator == chunk[0].observation.indicator)
        let domain = try await store.threats(matching: ThreatFilter(kind: .maliciousDomain))
        #expect(domain.first?.attribution == .unknown)
        let stats = try await store.statistics()
        #expect(stats.byOperator[.other] == 1 && stats.byOperator[.unknown] == 1)
        #expect(stats.byProvince[440000] == 1 && stats.byProvince[0] == 1)
    }

    @Test(arguments: Backend.allCases) func listsNewestFirstAndFilters(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir), let (b1, s1) = try await open(store, "b1") else { return }
        let unicom = Attribution(countryCode: "CN", provinceCode: 310000, networkOperator: .chinaUnicom)
        var chunk: [ResolvedObservation] = []
        for i in 0..<30 {
            chunk.append(Fixtures.resolved(
                i % 2 == 0 ? .bot : .openDNSResolver, "198.51.100.\(i)", seenAt: Int64(1_000 + i * 10), row: i + 1,
                attribution: i % 3 == 0 ? unicom : nil))
        }
        _ = try await store.write(chunk: chunk, rejects: [], batchID: b1, sourceID: s1)
        _ = try await store.completeBatch(id: b1, rows: 30, observations: 30, rejects: 0)
        guard let (b2, s2) = try await open(store, "b2", source: "feed-b") else { return }
        let rejects = (1...3).map { StoredReject(batchID: b2, reject: Reject(row: $0, reason: RejectReason(.badIndicator, "not an address: \($0)"), raw: "x\($0)")) }
        _ = try await store.write(chunk: [], rejects: rejects, batchID: b2, sourceID: s2)
        _ = try await store.completeBatch(id: b2, rows: 3, observations: 0, rejects: 3)

        let newest = try await store.threats(matching: ThreatFilter(limit: 3))
        #expect(newest.map(\.indicator.value) == ["198.51.100.29", "198.51.100.28", "198.51.100.27"])
        let unicomThreats = try await store.threats(matching: ThreatFilter(networkOperator: .chinaUnicom, limit: 100))
        #expect(unicomThreats.count == 10)
        #expect(unicomThreats.allSatisfy { $0.attribution.provinceCode == 310000 })
        #expect(try await store.threats(matching: ThreatFilter(kind: .bot, since: 1_200)).count == 5)
        #expect(try await store.threats(matching: ThreatFilter(category: .hazard, provinceCode: 310000, limit: 100)).count
                == (0..<30).filter { $0 % 2 == 1 && $0 % 3 == 0 }.count)

        let batches = try await store.batches(limit: 10)
        #expect(batches.map(\.id) == [b2, b1])
        #expect(batches.map(\.sourceName) == ["feed-b", "feed-a"])
        #expect(batches[1].newThreats == 30 && batches[1].newSightings == 30 && batches[0].rejects == 3)
        #expect(try await store.batches(limit: 1).map(\.id) == [b2])
        let stored = try await store.rejects(batchID: nil, limit: 2)
        #expect(stored.map(\.reject.row) == [1, 2])
        #expect(stored.first?.reject.reason.message == "not an address: 1" && stored.first?.reject.raw == "x1")
        #expect(try await store.statistics().rejects == 3)
    }

    @Test(arguments: Backend.allCases) func reattributeMovesThreatsAndRebuildsRollups(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir), let (b, s) = try await open(store, "c1") else { return }
        let chunk = [
            Fixtures.resolved(.c2Server, "192.0.2.1", seenAt: 10, row: 1, reportedASN: 4134),
            Fixtures.resolved(.c2Server, "192.0.2.2", seenAt: 10, row: 2),
            Fixtures.resolved(.maliciousDomain, "evil.example", .domain, seenAt: 10, row: 3,
                              attribution: Attribution(countryCode: "CN", provinceCode: 110000, networkOperator: .chinaTelecom, viaAddress: "192.0.2.1")),
        ]
        _ = try await store.write(chunk: chunk, rejects: [], batchID: b, sourceID: s)
        _ = try await store.completeBatch(id: b, rows: 3, observations: 3, rejects: 0)
        #expect(try await store.statistics().byProvince[110000] == 3)

        let seen = Mutex<[String: Attribution]>([:])
        let changed = try await store.reattribute { kind, indicator, old in
            seen.withLock { $0[indicator.value] = old }
            return Self.newReferenceData(kind, indicator, old)
        }
        #expect(changed == 3)
        // What new reference data cannot recompute is handed over: the reported ASN and the address a domain resolved to.
        let handed = seen.withLock { $0 }
        #expect(handed["192.0.2.1"]?.asn == 4134 && handed["192.0.2.1"]?.provinceCode == nil)
        #expect(handed["evil.example"]?.viaAddress == "192.0.2.1")

        let stats = try await store.statistics()
        #expect(stats.totalThreats == 3)
        #expect(stats.byProvince[440000] == 2 && stats.byProvince[0] == 1 && stats.byProvince[110000] == nil)
        #expect(stats.byOperator[.chinaUnicom] == 2 && stats.byOperator[.unknown] == 1 && stats.byOperator[.chinaTelecom] == nil)
        let moved = try await store.threats(matching: ThreatFilter(provinceCode: 440000))
        #expect(Set(moved.map(\.indicator.value)) == ["192.0.2.1", "evil.example"])
        let ip = moved.first { $0.indicator.value == "192.0.2.1" }
        #expect(ip?.attribution.asn == 4134 && ip?.attribution.organizationName == "中国联通广东分公司")
        #expect(moved.first { $0.indicator.value == "evil.example" }?.attribution.viaAddress == "192.0.2.1")
        // Counters and sightings are untouched.
        #expect(moved.allSatisfy { $0.sightings == 1 && $0.sources == 1 })
        #expect(stats.totalSightings == 3)

        // Re-attributing again with the same answer changes no figure.
        _ = try await store.reattribute(Self.newReferenceData)
        #expect(try await store.statistics() == stats)
    }

    /// New reference data: 192.0.2.1 (and what resolved to it) moved to 广东 联通; the rest is now unknown.
    @Sendable static func newReferenceData(_ kind: ThreatKind, _ indicator: Indicator, _ old: Attribution) -> Attribution {
        let address = indicator.type == .ip ? indicator.value : old.viaAddress
        guard address == "192.0.2.1" else { return Attribution(asn: old.asn, viaAddress: old.viaAddress) }
        return Attribution(
            countryCode: "CN", provinceCode: 440000, networkOperator: .chinaUnicom, asn: old.asn ?? 4837,
            organizationID: "op-unicom-440000", organizationName: "中国联通广东分公司", organizationRule: "operator-province",
            viaAddress: old.viaAddress)
    }
}
