import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// The disposal ledger's promises, on both stores.
@Suite struct DisposalLedgerContractTests {
    /// Four threats: A (org-a, reported by two sources), B (org-b), C (org-a), D (no owner).
    static func seed(_ store: any Store) async throws -> (a: ThreatID, b: ThreatID, c: ThreatID, d: ThreatID) {
        func owned(_ org: String?) -> Attribution {
            Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom, organizationID: org, organizationName: org)
        }
        let first = [
            Fixtures.resolved(.c2Server, "61.135.1.1", seenAt: 1_000, row: 1, attribution: owned("org-a")),
            Fixtures.resolved(.maliciousIP, "61.135.1.2", seenAt: 1_000, row: 2, attribution: owned("org-b")),
            Fixtures.resolved(.c2Server, "61.135.1.3", seenAt: 1_000, row: 3, attribution: owned("org-a")),
            Fixtures.resolved(.c2Server, "61.135.1.4", seenAt: 1_000, row: 4, attribution: owned(nil)),
        ]
        guard case .open(let b1, let s1, _) = try await store.openBatch(Fixtures.descriptor("l1", source: "feed-a")) else { throw StoreError(.write, "no batch") }
        _ = try await store.write(chunk: first, rejects: [], batchID: b1, sourceID: s1)
        _ = try await store.completeBatch(id: b1, rows: 4, observations: 4, rejects: 0)
        guard case .open(let b2, let s2, _) = try await store.openBatch(Fixtures.descriptor("l2", source: "feed-b")) else { throw StoreError(.write, "no batch") }
        _ = try await store.write(chunk: [Fixtures.resolved(.c2Server, "61.135.1.1", seenAt: 900, row: 1, attribution: owned("org-a"))], rejects: [], batchID: b2, sourceID: s2)
        _ = try await store.completeBatch(id: b2, rows: 1, observations: 1, rejects: 0)
        return (first[0].threatID, first[1].threatID, first[2].threatID, first[3].threatID)
    }

    @Test(arguments: Backend.allCases) func determinationsAreRecordedOnceAndPeopleOverrule(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, c, d) = try await Self.seed(store)
        let ledger = DisposalLedger(store)

        let pending = try await ledger.pendingDeterminations(after: nil, limit: 10)
        #expect(Set(pending.map(\.id)) == [a, b, c, d])
        let pa = try #require(pending.first { $0.id == a })
        #expect(pa.reports == [ThreatFacts.Report(source: "feed-a", seenAt: 1_000), ThreatFacts.Report(source: "feed-b", seenAt: 900)])
        #expect(pa.organization == "org-a" && pa.province == 440000 && pa.sources == 2)
        // Paging in id order.
        let firstTwo = try await ledger.pendingDeterminations(after: nil, limit: 2)
        let rest = try await ledger.pendingDeterminations(after: firstTwo.last?.id, limit: 10)
        #expect(firstTwo.map(\.id) + rest.map(\.id) == pending.map(\.id).sorted())

        func decision(_ p: PendingThreat) -> Determination {
            switch p.id {
            case b: Determination(.rejected, rule: .warninglist, evidence: ["on the warninglist 'x'"])
            case c: Determination(.needsReview, rule: .noRule, evidence: ["reported by feed-a"])
            default: Determination(.confirmed, rule: .trustedSource, evidence: ["reported by the trusted source feed-b"])
            }
        }
        #expect(try await ledger.record(pending.map { ($0, decision($0)) }, at: 2_000) == 4)
        #expect(try await ledger.pendingDeterminations(after: nil, limit: 10).isEmpty)
        let audited = try await ledger.auditLog(limit: 100).count
        #expect(audited == 4)
        // Recording the same decisions again changes nothing and audits nothing.
        #expect(try await ledger.record(pending.map { ($0, decision($0)) }, at: 2_100) == 0)
        #expect(try await ledger.auditLog(limit: 100).count == audited)
        #expect(try await ledger.determination(of: b)?.determination.rule == .warninglist)

        // The review item comes back when another source reports it.
        #expect(try await ledger.reviewQueue().map(\.threat) == [c])
        guard case .open(let b3, let s3, _) = try await store.openBatch(Fixtures.descriptor("l3", source: "feed-c")) else { throw StoreError(.write, "no batch") }
        _ = try await store.write(chunk: [Fixtures.resolved(.c2Server, "61.135.1.3", seenAt: 1_500, row: 1)], rejects: [], batchID: b3, sourceID: s3)
        _ = try await store.completeBatch(id: b3, rows: 1, observations: 1, rejects: 0)
        #expect(try await ledger.pendingDeterminations(after: nil, limit: 10).isEmpty)
        let again = try await ledger.pendingDeterminations(.reviewWithNewSources, after: nil, limit: 10)
        #expect(again.map(\.id) == [c])
        #expect(again.first?.reports.map(\.source) == ["feed-a", "feed-c"])

        // A person decides; a reason is required; the rules never overwrite a person.
        await #expect(throws: StoreError.self) { try await ledger.decide(c, confirm: true, reason: "  ", by: "li", at: 2_200) }
        let manual = try await ledger.decide(c, confirm: true, reason: "C2 seen in our sandbox", by: "li", at: 2_200)
        #expect(manual.determination.decision == .confirmed && manual.determination.rule == .manual && manual.determination.decidedBy == "li")
        #expect(try await ledger.record(again.map { ($0, Determination(.rejected, rule: .warninglist, evidence: [])) }, at: 2_300) == 0)
        #expect(try await ledger.determination(of: c)?.determination.rule == .manual)
        #expect(try await ledger.reviewQueue().isEmpty)
        let trail = try await ledger.auditLog("threat", c.description)
        #expect(trail.map(\.action) == ["determine", "decide"])
        #expect(trail.last?.fromState == "needsReview" && trail.last?.toState == "confirmed" && trail.last?.actor == "li")
        let counts = try await ledger.determinationCounts()
        #expect(counts[.confirmed]?[.trustedSource] == 2 && counts[.confirmed]?[.manual] == 1 && counts[.rejected]?[.warninglist] == 1)
    }

    @Test(arguments: Backend.allCases) func ticketsFeedbackAppealsAndNotices(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, reopen) = try await backend.make(dir) else { return }
        let (a, b, c, d) = try await Self.seed(store)
        let ledger = DisposalLedger(store)
        let pending = try await ledger.pendingDeterminations(after: nil, limit: 10)
        try await ledger.record(pending.map { ($0, Determination($0.id == b ? .rejected : .confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)

        let planner = TicketPlanner()
        func planAndIssue(at now: Int64) async throws -> [Ticket] {
            let confirmed = try await ledger.confirmedUnticketed(limit: 100)
            let plan = planner.plan(confirmed.map { TicketPlanner.Confirmed(threat: $0.threat, kind: $0.kind, organization: $0.organization) },
                                    ticketed: [], open: try await ledger.openTicketKeys(), now: now)
            let key = TicketPlanner.Key(organization: "org-a", measure: .stopService)
            return try await ledger.issue(plan, provinces: Dictionary(uniqueKeysWithValues: confirmed.compactMap { c in c.province.map { (c.threat, $0) } }),
                                          notices: [key: [NoticeRequest(purpose: "issued", channel: .email, recipient: "soc@org-a.example")]], at: now)
        }
        #expect(Set(try await ledger.confirmedUnticketed(limit: 100).map(\.threat)) == [a, c, d])
        let issued = try await planAndIssue(at: 3_000)
        #expect(issued.count == 1)
        let ticket = try #require(issued.first)
        #expect(ticket.organization == "org-a" && ticket.measure == .stopService && ticket.state == .issued && ticket.threats == 2)
        #expect(ticket.province == 440000 && ticket.deadline == DeadlinePolicy.standard.deadline(measure: .stopService, severity: .high, issuedAt: 3_000))
        // D has no owner: set aside, not offered again. Planning again changes nothing.
        #expect(try await ledger.confirmedUnticketed(limit: 100).isEmpty)
        #expect(try await planAndIssue(at: 3_100).isEmpty)
        let reopened = try await reopen()
        let ledger2 = DisposalLedger(reopened)
        #expect(try await ledger2.tickets().count == 1)
        #expect(try await ledger2.notices(ticket: ticket.id).count == 1)
        #expect(Set(try await ledger2.threats(onTicket: ticket.id).map(\.threat)) == [a, c])
        #expect(try await ledger2.openTicket(of: a) == ticket.id)
        _ = d

        // Feedback through the checked state machine.
        let acked = try await ledger.transition(ticket.id, .acknowledge, by: "org-a", note: "received", at: 3_200)
        #expect(acked.state == .acknowledged && acked.acknowledgedAt == 3_200)
        await #expect(throws: StoreError.self) { try await ledger.transition(ticket.id, .acknowledge, by: "org-a", at: 3_300) }
        await #expect(throws: StoreError.self) { try await ledger.transition(ticket.id, .close, by: "org-a", at: 3_300) }

        // Extensions: one pending at a time; granting moves the deadline.
        let request = try await ledger.requestExtension(ticket.id, hours: 24, by: "org-a", reason: "maintenance window", at: 3_400)
        await #expect(throws: StoreError.self) { try await ledger.requestExtension(ticket.id, hours: 48, by: "org-a", reason: "more", at: 3_450) }
        let granted = try await ledger.decideExtension(request.id, grant: true, by: "li", reason: "reasonable", at: 3_500)
        #expect(granted.state == .granted)
        #expect(try await ledger.ticket(ticket.id).deadline == ticket.deadline + 24 * 3600)
        await #expect(throws: StoreError.self) { try await ledger.decideExtension(request.id, grant: false, by: "li", reason: "again", at: 3_600) }

        // An escalation step is counted once, with its notices.
        let step = EscalationPolicy.Step(.parent, hoursFromDeadline: 24)
        let escalated = try await ledger.escalate(ticket.id, taken: 0, step: step, notices: [NoticeRequest(purpose: "x", channel: .webhook, recipient: "http://127.0.0.1:9/hook")],
                                                  by: "system", reason: "overdue", at: 3_700)
        #expect(escalated.escalations == 1)
        // A second worker that read the ticket before the step was taken does not take it again.
        await #expect(throws: StoreError.self) { try await ledger.escalate(ticket.id, taken: 0, step: step, notices: [], by: "system", reason: "overdue", at: 3_701) }
        #expect(try await ledger.notices(ticket: ticket.id).map(\.purpose) == ["issued", "escalation-parent-1"])

        let done = try await ledger.transition(ticket.id, .reportDone, by: "org-a", note: "server wiped", evidence: "change CHG-1", at: 3_800)
        #expect(done.state == .reportedDone && done.note == "server wiped" && done.evidence == "change CHG-1")
        let failed = try await ledger.transition(ticket.id, .verifyFailed, by: "system", at: 3_900)
        #expect(failed.state == .reopened && failed.reopenings == 1)
        let perf = try await ledger.performance(at: 4_000)
        #expect(perf.map(\.group) == ["org-a"])
        #expect(perf.first?.performance.reopenRate == 1 && perf.first?.performance.medianSecondsToDispose == 800)

        // Appeals: one pending per threat; reversing every threat withdraws the ticket.
        let appeal = try await ledger.appeal(a, by: "org-a", reason: "this is our own honeypot", at: 4_100)
        #expect(appeal.ticket == ticket.id && appeal.state == .pending)
        await #expect(throws: StoreError.self) { try await ledger.appeal(a, by: "org-a", reason: "again", at: 4_150) }
        await #expect(throws: StoreError.self) { try await ledger.appeal(b, by: "org-b", reason: "rejected already", at: 4_150) }
        #expect(try await ledger.reviewQueue().first?.appeal?.id == appeal.id)
        let reversed = try await ledger.decide(a, confirm: false, reason: "honeypot confirmed by phone", by: "li", at: 4_200)
        #expect(reversed.determination.decision == .rejected && reversed.determination.rule == .appealReversed)
        #expect(try await ledger.appeals(threat: a).first?.state == .reversed)
        #expect(try await ledger.ticket(ticket.id).state == .reopened && ticket.threats == 2)
        #expect(try await ledger.ticket(ticket.id).threats == 1)
        // Confirmed again by a person, it goes back on its ticket when the planner runs (not a second ticket).
        _ = try await ledger.decide(a, confirm: true, reason: "the honeypot story was wrong", by: "wang", at: 4_250)
        #expect(try await ledger.confirmedUnticketed(limit: 10).map(\.threat) == [a])
        #expect(try await planAndIssue(at: 4_260).map(\.id) == [ticket.id])
        #expect(try await ledger.threats(onTicket: ticket.id).first { $0.threat == a }?.removed == false)
        #expect(try await ledger.auditLog("ticket", String(ticket.id)).last?.action == "addThreats")
        _ = try await ledger.appeal(a, by: "org-a", reason: "really ours", at: 4_270)
        _ = try await ledger.decide(a, confirm: false, reason: "confirmed by phone again", by: "li", at: 4_280)
        _ = try await ledger.appeal(c, by: "org-a", reason: "also ours", at: 4_300)
        _ = try await ledger.decide(c, confirm: false, reason: "also a honeypot", by: "li", at: 4_400)
        #expect(try await ledger.ticket(ticket.id).state == .withdrawn)
        #expect(try await ledger.tickets(in: [.withdrawn], lacking: "withdrawn").map(\.id) == [ticket.id])
        let trail = try await ledger.auditLog("ticket", String(ticket.id)).map(\.action)
        #expect(trail == ["issue", "acknowledge", "requestExtension", "grantExtension", "escalate", "reportDone", "verifyFailed", "addThreats", "withdraw"])

        // Notices: delivered once; a stale second record is refused.
        let due = try await ledger.dueNotices(at: 5_000)
        #expect(due.map(\.purpose) == ["issued", "escalation-parent-1"])
        try await ledger.recordDelivery(due[0], ok: true, detail: "250 OK", nextAttemptAt: nil, at: 5_000)
        await #expect(throws: StoreError.self) { try await ledger.recordDelivery(due[0], ok: true, detail: "250 OK", nextAttemptAt: nil, at: 5_001) }
        try await ledger.recordDelivery(due[1], ok: false, detail: "connection refused", nextAttemptAt: 5_030, at: 5_000)
        #expect(try await ledger.dueNotices(at: 5_010).isEmpty)
        #expect(try await ledger.dueNotices(at: 5_030).map(\.attempts) == [1])
        #expect(try await ledger.deliveries(notice: due[0].id).map(\.ok) == [true])
        #expect(try await ledger.notices(ticket: ticket.id).first?.state == .sent)
    }

    @Test(arguments: Backend.allCases) func campaignsAndGrades(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, _, _) = try await Self.seed(store)
        let ledger = DisposalLedger(store)
        let pending = try await ledger.pendingDeterminations(after: nil, limit: 10)
        try await ledger.record(pending.map { ($0, Determination($0.id == b ? .rejected : .confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)
        try await ledger.addCampaign(Campaign(name: "C2 drive", start: 0, end: 10_000, kinds: [.c2Server], organizations: ["org-a"]), by: "li", at: 2_000)
        try await ledger.grade(a, impact: IncidentImpact(recordsLeaked: 20_000_000), grade: .II, by: "li", at: 2_000)
        #expect(try await ledger.grade(of: a) == .II)
        #expect(try await ledger.confirmedUnticketed(limit: 10).first { $0.threat == a }?.severity == .critical)
        let progress = try await ledger.progress(of: try await ledger.campaign(named: "C2 drive"), at: 3_000)
        #expect(progress.progress.found == 2 && progress.progress.confirmed == 2 && progress.progress.disposed == 0)
        await #expect(throws: StoreError.self) { try await ledger.campaign(named: "nope") }
        await #expect(throws: StoreError.self) { try await ledger.addCampaign(Campaign(name: "bad", start: 10, end: 5), by: "li", at: 1) }
    }
}
