import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// Users and tokens, on both stores.
@Suite struct AccessLedgerContractTests {
    @Test(arguments: Backend.allCases) func usersTokensAndScope(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let access = AccessLedger(store)
        let org = try await access.addUser("ct-gd", role: .organization, province: nil, organization: "chinatelecom-440000", passwordHash: "scrypt$x", by: "admin", at: 10)
        #expect(org.role == .organization && org.organization == "chinatelecom-440000" && !org.disabled)
        await #expect(throws: StoreError.self) { try await access.addUser("ct-gd", role: .ministry, province: nil, organization: nil, passwordHash: nil, by: "admin", at: 11) }
        await #expect(throws: StoreError.self) { try await access.addUser("gd", role: .province, province: nil, organization: nil, passwordHash: nil, by: "admin", at: 11) }
        _ = try await access.addUser("gd", role: .province, province: 440000, organization: "ignored", passwordHash: nil, by: "admin", at: 12)
        #expect(try await access.user(named: "gd").organization == nil)
        let token = try await access.addToken(user: "ct-gd", label: "ci", tokenHash: "h1", by: "admin", at: 20)
        _ = try await access.addToken(user: "gd", label: "ci", tokenHash: "h2", by: "admin", at: 21)
        #expect(try await access.principal(tokenHash: "h1") == Principal(userID: org.id, name: "ct-gd", role: .organization, organization: "chinatelecom-440000"))
        #expect(try await access.principal(tokenHash: "nope") == nil)
        try await access.revokeToken(token.id, by: "admin", at: 30)
        #expect(try await access.principal(tokenHash: "h1") == nil)
        await #expect(throws: StoreError.self) { try await access.revokeToken(token.id, by: "admin", at: 31) }
        try await access.setDisabled("gd", true, by: "admin", at: 40)
        #expect(try await access.principal(tokenHash: "h2") == nil)
        try await access.setDisabled("gd", false, by: "admin", at: 41)
        #expect(try await access.principal(tokenHash: "h2")?.province == 440000)
        #expect(try await access.users().map(\.name) == ["ct-gd", "gd"])
        let tokens = try await access.tokens()
        #expect(tokens.map(\.label) == ["ci", "ci"] && tokens.last?.revokedAt == 30)
        let audit = try await DisposalLedger(store).auditLog(limit: 100).map(\.action)
        #expect(audit.filter { $0 == "addUser" }.count == 2 && audit.contains("revokeToken") && audit.contains("disableUser") && audit.contains("enableUser"))

        // Scope is part of the filter: an organization or province user cannot widen it.
        let ministry = Principal(userID: 1, name: "m", role: .ministry)
        let gd = Principal(userID: 2, name: "gd", role: .province, province: 440000)
        let ct = Principal(userID: 3, name: "ct", role: .organization, organization: "chinatelecom-440000")
        #expect(TicketFilter(organization: "x").scoped(to: ministry)?.organization == "x")
        #expect(TicketFilter().scoped(to: gd)?.province == 440000)
        #expect(TicketFilter(province: 110000).scoped(to: gd) == nil)
        #expect(TicketFilter().scoped(to: ct)?.organization == "chinatelecom-440000")
        #expect(TicketFilter(organization: "chinaunicom-440000").scoped(to: ct) == nil)
        #expect(TicketFilter().scoped(to: Principal(userID: 4, name: "r", role: .reporter)) == nil)
        #expect(TicketFilter().scoped(to: Principal(userID: 5, name: "broken", role: .province)) == nil, "a province user without a province sees nothing")
    }

    @Test(arguments: Backend.allCases) func threatPagesFollowTheCursorAndTheScope(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        guard case .open(let b, let s, _) = try await store.openBatch(Fixtures.descriptor("p1")) else { throw StoreError(.write, "no batch") }
        // 25 threats, several sharing a last-seen time, split between two organizations and two provinces.
        let rows = (0..<25).map { i in
            Fixtures.resolved(.maliciousIP, "61.135.2.\(i + 1)", seenAt: Int64(1_000 + (i / 3) * 10), row: i + 1,
                              attribution: Attribution(countryCode: "CN", provinceCode: i % 2 == 0 ? 440000 : 110000, networkOperator: .chinaTelecom,
                                                       organizationID: i % 2 == 0 ? "org-gd" : "org-bj", organizationName: "x"))
        }
        _ = try await store.write(chunk: rows, rejects: [], batchID: b, sourceID: s)
        _ = try await store.completeBatch(id: b, rows: 25, observations: 25, rejects: 0)
        var seen: [ThreatID] = []
        var filter = ThreatFilter(limit: 4)
        while true {
            let page = try await store.threats(matching: filter)
            seen += page.map(\.id)
            guard page.count == filter.limit, let last = page.last else { break }
            filter.after = (last.lastSeen, last.id)
        }
        #expect(seen.count == 25 && Set(seen).count == 25, "every threat once across the pages")
        #expect(seen == (try await store.threats(matching: ThreatFilter(limit: 100))).map(\.id), "pages follow the listing order")
        let gd = try #require(ThreatFilter(limit: 100).scoped(to: Principal(userID: 1, name: "o", role: .organization, organization: "org-gd")))
        let own = try await store.threats(matching: gd)
        #expect(own.count == 13 && own.allSatisfy { $0.attribution.organizationID == "org-gd" })
        let other = try #require(own.first).id
        var one = ThreatFilter(limit: 1)
        one.id = other
        #expect(try await store.threats(matching: one).map(\.id) == [other])
        let bj = try #require(one.scoped(to: Principal(userID: 2, name: "p", role: .province, province: 110000)))
        #expect(try await store.threats(matching: bj).isEmpty, "a province user cannot read another province's threat by id")
    }
}
