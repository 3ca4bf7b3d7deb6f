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
}
