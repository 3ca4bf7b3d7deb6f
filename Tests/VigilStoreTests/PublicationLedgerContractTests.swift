import Foundation
import Testing
import VigilCore
import VigilPublish
import VigilStore
import VigilTesting

/// Blocklists follow the threats' state on both stores: confirmed threats are listed, a reversal and a verified fix
/// lift them at the next export, every change is recorded with its reason, and the serial moves on only on a change.
@Suite struct PublicationLedgerContractTests {
    @Test(arguments: Backend.allCases) func listedWhileConfirmedLiftedWhenReversedOrFixed(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, c, d) = try await DisposalLedgerContractTests.seed(store)
        let disposal = DisposalLedger(store)
        let pending = try await disposal.pendingDeterminations(after: nil, limit: 10)
        try await disposal.record(pending.map { ($0, Determination($0.id == b ? .rejected : .confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)
        let ledger = PublicationLedger(store)
        #expect(Set(try await ledger.allListable().map(\.threat)) == [a, c, d], "the rejected threat is not listable")
        let publisher = Publisher(ledger: ledger, settings: PublishSettings())

        let first = try await publisher.export(.ips, at: 3_000)
        #expect(first.refresh.listed == 3 && first.refresh.lifted == 0 && first.refresh.serial == 3_000 && first.written == 3)
        #expect(first.text.contains("61.135.1.1\n") && first.text.contains("61.135.1.4\n") && !first.text.contains("61.135.1.2"))
        let again = try await publisher.export(.ips, at: 3_100)
        #expect(again.refresh.serial == 3_000 && again.refresh.listed == 0 && again.refresh.lifted == 0, "nothing changed: the serial stays")
        let narrowed = try await publisher.export(.ips, since: 2_001, at: 3_150)
        #expect(narrowed.written == 0 && narrowed.refresh.entries == 3, "--since narrows the file, not the list")

        // Reversed by a person: lifted at the next export.
        _ = try await disposal.decide(c, confirm: false, reason: "a sinkhole", by: "analyst", at: 3_200)
        let reversed = try await publisher.export(.ips, at: 3_300)
        #expect(reversed.refresh.lifted == 1 && reversed.refresh.serial == 3_300 && !reversed.text.contains("61.135.1.3"))

        // Verified fixed: lifted too.
        let confirmed = try await disposal.confirmedUnticketed(limit: 100)
        let plan = TicketPlanner().plan(confirmed.map { TicketPlanner.Confirmed(threat: $0.threat, kind: $0.kind, organization: $0.organization) },
                                        ticketed: [], open: try await disposal.openTicketKeys(), now: 3_400)
        let ticket = try #require(try await disposal.issue(plan, provinces: [:], notices: [:], at: 3_400).first { $0.organization == "org-a" })
        try await disposal.transition(ticket.id, .reportDone, by: "org-a", at: 3_500)
        try await disposal.transition(ticket.id, .verifyFixed, by: "vigil-probe", at: 3_600)
        let fixed = try await publisher.export(.ips, at: 3_600)
        #expect(fixed.refresh.lifted == 1 && fixed.refresh.serial == 3_600 && fixed.text.contains("61.135.1.4\n") && !fixed.text.contains("61.135.1.1"))
        // A change within the same second still moves the serial on.
        _ = try await disposal.decide(d, confirm: false, reason: "an allowlisted scanner", by: "analyst", at: 3_600)
        #expect(try await publisher.export(.ips, at: 3_600).refresh.serial == 3_601)

        let changes = try await ledger.changes(list: "ips")
        #expect(changes.map(\.change) == ["lifted", "lifted", "lifted", "listed", "listed", "listed"])
        #expect(changes.first { $0.threat == a }?.reason == "verifiedFixed" && changes.first { $0.threat == c }?.reason == "reversed")
        #expect(changes.filter { $0.change == "listed" }.allSatisfy { $0.reason == "confirmed" && $0.serial == 3_000 })
        #expect(try await ledger.serial(of: "ips").entries == 0)
    }

    /// TAXII's feed on both stores: threats in the order they were confirmed, pages that neither skip nor repeat,
    /// `added_after`, the organization's part, and a reversed threat gone.
    @Test(arguments: Backend.allCases) func taxiiFeedPagesInConfirmationOrder(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, c, d) = try await DisposalLedgerContractTests.seed(store)
        let disposal = DisposalLedger(store)
        let pending = try await disposal.pendingDeterminations(after: nil, limit: 10)
        // Confirmed one at a time: d first, then c, b, a.
        for (i, id) in [d, c, b, a].enumerated() {
            let p = try #require(pending.first { $0.id == id })
            try await disposal.record([(p, Determination(.confirmed, rule: .trustedSource, evidence: []))], at: 2_000 + Int64(i) * 100)
        }
        let ledger = PublicationLedger(store)
        let feed = TAXIIFeed(ledger: ledger)
        var everything = TAXIIQuery()
        everything.limit = 1_000
        let whole = try await feed.page(everything)
        #expect(!whole.more && whole.next == nil)
        let indicators = whole.items.filter { $0.object["type"] as? String == "indicator" }.map { ($0.object["description"] as? String) ?? "" }
        #expect(indicators.count == 4 && zip(indicators, [d, c, b, a]).allSatisfy { $0.contains($1.description) }, "in the order they were confirmed: \(indicators)")
        #expect(whole.items.map(\.position) == whole.items.map(\.position).sorted() && Set(whole.items.map(\.id)).count == whole.items.count)

        // Pages of 3 give the same objects in the same order.
        var paged: [String] = [], query = TAXIIQuery(), pages = 0
        query.limit = 3
        repeat {
            let page = try await feed.page(query)
            paged += page.items.map(\.id)
            pages += 1
            query.next = page.next
            #expect(page.items.count == 3 || page.next == nil)
        } while query.next != nil && pages < 100
        #expect(paged == whole.items.map(\.id) && pages == (whole.items.count + 2) / 3)

        // After c's confirmation (2100): b's and a's objects only.
        var after = TAXIIQuery()
        after.addedAfter = 2_100
        after.types = ["indicator"]
        let later = try await feed.page(after)
        #expect(later.items.map { ($0.object["description"] as? String ?? "").contains(b.description) || ($0.object["description"] as? String ?? "").contains(a.description) } == [true, true])

        // org-a's part: a and c.
        let own = try await TAXIIFeed(ledger: ledger, scope: .init(organization: "org-a")).page(everything)
        #expect(own.items.filter { $0.object["type"] as? String == "indicator" }.count == 2)
        #expect(try await ledger.published(from: nil, scope: .init(province: 110000), limit: 10).isEmpty, "another province sees none")

        // Reversed: gone; a position from before still pages on.
        _ = try await disposal.decide(c, confirm: false, reason: "a sinkhole", by: "analyst", at: 3_000)
        let remaining = try await feed.page(everything)
        #expect(remaining.items.filter { $0.object["type"] as? String == "indicator" }.count == 3)
        #expect(!remaining.items.contains { ($0.object["description"] as? String ?? "").contains(c.description) })
    }
}
