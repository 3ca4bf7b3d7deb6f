import Testing
@testable import VigilCore

@Suite struct TaxonomyTests {
    @Test func everyCategoryHasKindsAndNames() {
        #expect(ThreatCategory.allCases.count == 5)
        for category in ThreatCategory.allCases {
            #expect(ThreatKind.allCases.contains { $0.category == category }, "\(category) has no kinds")
            #expect(!category.chineseName.isEmpty && !category.englishName.isEmpty)
        }
        let chinese = Set(ThreatKind.allCases.map(\.chineseName))
        let english = Set(ThreatKind.allCases.map(\.englishName))
        #expect(chinese.count == ThreatKind.allCases.count, "Chinese names must be distinct")
        #expect(english.count == ThreatKind.allCases.count, "English names must be distinct")
    }

    @Test func designSubtypesExistInTheirCategories() {
        #expect(ThreatKind.c2Server.category == .maliciousResource)
        #expect(ThreatKind.phishingSMS.category == .maliciousResource)
        #expect(ThreatKind.mobileMalware.category == .malware)
        #expect(ThreatKind.weakPassword.category == .hazard)
        #expect(ThreatKind.openNTPMonlist.category == .hazard)
        #expect(ThreatKind.hiddenLink.category == .incident)
        #expect(ThreatKind.defacement.category == .incident)
        #expect(ThreatKind.other.category == .other)
    }

    @Test func parsesWireNamesLeniently() {
        #expect(ThreatKind(wireName: "open_redis") == .openRedis)
        #expect(ThreatKind(wireName: "C2-SERVER") == .c2Server)
        #expect(ThreatKind(wireName: "nonsense") == nil)
    }

    @Test func threatIDsAreStableAndDistinct() throws {
        let ip = try Indicator.ip("192.0.2.1")
        let a = ThreatID(kind: .c2Server, indicator: ip)
        #expect(a == ThreatID(kind: .c2Server, indicator: ip))
        #expect(a != ThreatID(kind: .maliciousIP, indicator: ip))
        #expect(ThreatID(hex: a.description) == a)
        #expect(a.description.count == 16)
        // vigil-id-1 is part of the exchange contract: ids must not change between releases. The value was computed
        // independently (a Python transcription of the algorithm in ThreatID's documentation).
        #expect(a.description == "7c2e10f3734d88ca")
        var seen = Set<ThreatID>()
        for i in 0..<100_000 {
            seen.insert(ThreatID(kind: .maliciousIP, indicator: Indicator(uncheckedType: .ip, value: "10.\(i >> 16).\(i >> 8 & 255).\(i & 255)")))
        }
        #expect(seen.count == 100_000)
    }
}
