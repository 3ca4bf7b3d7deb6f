import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// What the API reads beyond threats and tickets — submissions, batches, rejects, scoped statistics and ticket counts,
/// the review queue in pages, the audit log with its source address, and sessions — on both stores.
@Suite struct PlatformLedgerContractTests {
    @Test(arguments: Backend.allCases) func submissionsBatchesRejectsAndScopedFigures(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, c, _) = try await DisposalLedgerContractTests.seed(store)
        // A third batch with two rejects.
        guard case .open(let b3, let s3, _) = try await store.openBatch(Fixtures.descriptor("l3", source: "feed-c")) else { throw StoreError(.write, "no batch") }
        let bad = [StoredReject(batchID: b3, reject: Reject(row: 1, reason: RejectReason(.badIndicator, "x"), raw: "<script>'; DROP TABLE threats;--")),
                   StoredReject(batchID: b3, reject: Reject(row: 2, reason: RejectReason(.badTime, "y"), raw: "2"))]
        _ = try await store.write(chunk: [Fixtures.resolved(.maliciousIP, "1.0.1.1", seenAt: 1_000, row: 3, province: 110000)], rejects: bad, batchID: b3, sourceID: s3)
        _ = try await store.completeBatch(id: b3, rows: 3, observations: 1, rejects: 2)

        let access = AccessLedger(store)
        let rep = try await access.addUser("rep", role: .reporter, province: nil, organization: nil, passwordHash: nil, by: "t", at: 1)
        let other = try await access.addUser("other", role: .reporter, province: nil, organization: nil, passwordHash: nil, by: "t", at: 1)
        let platform = PlatformLedger(store)
        try await AuditOrigin.$sourceIP.withValue("192.0.2.9") {
            try await platform.recordSubmission(batch: b3, user: rep.principal, fileName: "r.jsonl", at: 5)
        }
        try await platform.recordSubmission(batch: b3, user: rep.principal, fileName: "r.jsonl", at: 6)  // again: one submission
        let all = try await platform.batches(submittedBy: nil, limit: 10)
        #expect(all.map(\.id) == all.map(\.id).sorted(by: >) && all.count == 3)
        #expect(try await platform.batches(submittedBy: nil, beforeID: all[0].id, limit: 10).map(\.id) == Array(all.dropFirst().map(\.id)))
        #expect(try await platform.batches(submittedBy: rep.id, limit: 10).map(\.id) == [b3])
        #expect(try await platform.batches(submittedBy: other.id, limit: 10).isEmpty)
        let hidden = try await platform.batch(b3, submittedBy: other.id), shown = try await platform.batch(b3, submittedBy: rep.id)
        #expect(hidden == nil && shown?.rejects == 2)
        let firstReject = try await platform.rejects(batch: nil, submittedBy: rep.id, limit: 1)
        #expect(firstReject.first?.reject.raw == "<script>'; DROP TABLE threats;--")
        let nextReject = try await platform.rejects(batch: b3, submittedBy: nil, after: (b3, 1), limit: 5)
        #expect(nextReject.map(\.reject.row) == [2])
        #expect(try await platform.rejects(batch: nil, submittedBy: other.id, limit: 5).isEmpty)

        // Statistics: everything, a province (from the rollup), an organization (counted).
        let everything = try await platform.statistics(province: nil, organization: nil)
        #expect(everything.total == 5 && everything.byProvince[440000] == 4 && everything.byProvince[110000] == 1)
        let guangdong = try await platform.statistics(province: 440000, organization: nil)
        #expect(guangdong.total == 4 && guangdong.byKind[.c2Server] == 3 && guangdong.byCategory[.maliciousResource] == 4)
        let orgA = try await platform.statistics(province: nil, organization: "org-a")
        #expect(orgA.total == 2 && orgA.byKind == [.c2Server: 2] && orgA.byOperator[.chinaTelecom] == 2)
        #expect(try await platform.statistics(province: 110000, organization: "org-a").total == 0)

        // The review queue in pages: appeals first, then threats to review; a province sees its own.
        let ledger = DisposalLedger(store)
        let pending = try await ledger.pendingDeterminations(after: nil, limit: 10)
        try await ledger.record(pending.map { ($0, Determination($0.id == a ? .confirmed : .needsReview, rule: .noRule, evidence: [])) }, at: 2_000)
        _ = try await ledger.appeal(a, by: "org-a", reason: "ours is a sinkhole", at: 2_100)
        let queue = try await ledger.reviewQueue(limit: 100)
        #expect(queue.first?.threat == a && queue.first?.appeal != nil && queue.count == 5)
        var paged: [ThreatID] = []
        var cursor: ReviewItem.Cursor?
        repeat {
            let page = try await ledger.reviewQueue(after: cursor, limit: 2)
            paged += page.map(\.threat)
            cursor = page.count == 2 ? page.last.flatMap { ReviewItem.Cursor($0.cursor.description) } : nil
        } while cursor != nil
        #expect(paged == queue.map(\.threat))
        #expect(try await ledger.reviewQueue(province: 110000, limit: 100).map(\.threat).count == 1)
        #expect(Set(try await ledger.reviewQueue(province: 440000, limit: 100).map(\.threat)).isSuperset(of: [a, b, c]))

        // Ticket counts and states, scoped.
        let counts = try await platform.ticketCounts(province: nil, organization: nil, at: 3_000)
        #expect(counts.isEmpty, "no tickets yet")

        // The audit log: filtered, paged backwards, with the source address of requests.
        let submits = try await ledger.auditLog(AuditFilter(action: "submit"))
        #expect(submits.count == 2 && submits.map(\.sourceIP) == [nil, "192.0.2.9"])
        let newest = try await ledger.auditLog(AuditFilter(limit: 1))
        #expect(try await ledger.auditLog(AuditFilter(beforeID: newest.first?.id, limit: 1)).first?.id == (newest.first?.id ?? 0) - 1)

        // Sessions: open, look up, expire, close; logins audited.
        try await access.openSession(user: rep, tokenHash: "h1", csrf: "c1", expiresAt: 100, at: 10)
        #expect(try await access.session(tokenHash: "h1", at: 50)?.principal.name == "rep")
        #expect(try await access.session(tokenHash: "h1", at: 50)?.csrf == "c1")
        #expect(try await access.session(tokenHash: "h1", at: 100) == nil, "expired")
        try await access.setDisabled("rep", true, by: "t", at: 60)
        #expect(try await access.session(tokenHash: "h1", at: 70) == nil, "a disabled user's session stops at once")
        try await access.closeSession(tokenHash: "h1", actor: "rep", at: 80)
        try await access.recordFailedLogin(name: "rep", reason: "wrong password", at: 81)
        #expect(try await ledger.auditLog(AuditFilter(actor: "rep")).map(\.action) == ["loginFailed", "logout", "login", "submit", "submit"])
        #expect(try await access.credentials(named: "nobody") == nil)
    }
}

extension PlatformLedgerContractTests {
    @Test(arguments: Backend.allCases) func dailyRollupFollowsFirstSightingsInBeijingTime(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let org = Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom, organizationID: "org-a", organizationName: "A")
        // 2026-11-01T15:59:59Z is 23:59:59 in Beijing (day D); 16:00:00Z is the next day there (D+1).
        let late = UTCTime.parse("2026-11-01T15:59:59Z") ?? 0, next = late + 1
        guard case .open(let b, let s, _) = try await store.openBatch(Fixtures.descriptor("d1")) else { throw StoreError(.write, "no batch") }
        _ = try await store.write(chunk: [
            Fixtures.resolved(.c2Server, "61.135.9.1", seenAt: late, row: 1, attribution: org),
            Fixtures.resolved(.c2Server, "61.135.9.2", seenAt: next, row: 2, attribution: org),
            Fixtures.resolved(.maliciousIP, "61.135.9.3", seenAt: next, row: 3, province: 110000),
            // A second sighting of the first threat, the next day: no new threat, no new count.
            Fixtures.resolved(.c2Server, "61.135.9.1", seenAt: next + 60, row: 4, attribution: org),
        ], rejects: [], batchID: b, sourceID: s)
        _ = try await store.completeBatch(id: b, rows: 4, observations: 4, rejects: 0)
        let day = ThreatDay.of(late)
        #expect(ThreatDay.of(next) == day + 1 && ThreatDay.start(day + 1) == next)
        let platform = PlatformLedger(store)
        let all = try await platform.daily(from: day - 1, to: day + 1, province: nil, organization: nil)
        #expect(Set(all) == [DailyCount(day: day, kind: .c2Server, threats: 1), DailyCount(day: day + 1, kind: .c2Server, threats: 1),
                             DailyCount(day: day + 1, kind: .maliciousIP, threats: 1)])
        #expect(try await platform.daily(from: day, to: day + 1, province: 440000, organization: nil).map(\.threats).reduce(0, +) == 2)
        #expect(Set(try await platform.daily(from: day, to: day + 1, province: nil, organization: "org-a")) == [
            DailyCount(day: day, kind: .c2Server, threats: 1), DailyCount(day: day + 1, kind: .c2Server, threats: 1)])
        #expect(try await platform.daily(from: day + 2, to: day + 9, province: nil, organization: nil).isEmpty)
        // Re-attribution rebuilds the rollup the same.
        _ = try await store.reattribute { _, _, old in old }
        #expect(Set(try await platform.daily(from: day - 1, to: day + 1, province: nil, organization: nil)).map(\.threats).reduce(0, +) == 3)
    }
}

extension PlatformLedgerContractTests {
    @Test(arguments: Backend.allCases) func latestThreatsMergeKindByKindAsOneOrderedListing(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        guard case .open(let b, let s, _) = try await store.openBatch(Fixtures.descriptor("m1")) else { throw StoreError(.write, "no batch") }
        let kinds: [ThreatKind] = [.c2Server, .maliciousIP, .openTelnet, .openRedis, .bot]
        let rows = (0..<60).map { i in Fixtures.resolved(kinds[i % kinds.count], "61.135.\(i / 200).\(i % 200 + 1)", seenAt: 1_000 + Int64(i % 17) * 10, row: i + 1) }
        _ = try await store.write(chunk: rows, rejects: [], batchID: b, sourceID: s)
        _ = try await store.completeBatch(id: b, rows: rows.count, observations: rows.count, rejects: 0)
        for category in [nil, ThreatCategory.hazard, .maliciousResource] {
            var filter = ThreatFilter(category: category, limit: 7)
            var paged: [ThreatID] = []
            while true {
                let page = try await store.latestThreats(matching: filter)
                paged += page.map(\.id)
                guard page.count == filter.limit, let last = page.last else { break }
                filter.after = (last.lastSeen, last.id)
            }
            let all = try await store.threats(matching: ThreatFilter(category: category, limit: 1_000))
            #expect(paged == all.map(\.id), "category \(category?.rawValue ?? "all"): the merged pages are the one ordered listing")
            #expect(!paged.isEmpty)
        }
    }
}
