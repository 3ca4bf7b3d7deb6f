import Foundation
import Testing
import VigilCore
import VigilStore
import VigilTesting

/// Re-checks and probe evidence on both stores: a round scheduled once per report of done, attempts recorded once
/// (a second worker's copy fails), evidence kept per attempt, the round superseded, and fix rates per organization and
/// per prefix.
@Suite struct ProbeLedgerContractTests {
    @Test(arguments: Backend.allCases) func roundsAttemptsEvidenceAndFixRates(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        let (a, b, c, _) = try await DisposalLedgerContractTests.seed(store)
        let ledger = DisposalLedger(store)
        let pending = try await ledger.pendingDeterminations(after: nil, limit: 10)
        try await ledger.record(pending.map { ($0, Determination($0.id == b ? .rejected : .confirmed, rule: .trustedSource, evidence: [])) }, at: 2_000)
        let confirmed = try await ledger.confirmedUnticketed(limit: 100)
        let plan = TicketPlanner().plan(confirmed.map { TicketPlanner.Confirmed(threat: $0.threat, kind: $0.kind, organization: $0.organization) },
                                        ticketed: [], open: try await ledger.openTicketKeys(), now: 3_000)
        let ticket = try #require(try await ledger.issue(plan, provinces: [:], notices: [:], at: 3_000).first)
        let probes = ProbeLedger(store)
        #expect(try await probes.candidates().isEmpty, "nothing before the ticket is reported done")

        try await ledger.transition(ticket.id, .reportDone, by: "org-a", note: "closed the port", at: 4_000)
        let candidates = try await probes.candidates()
        #expect(Set(candidates.map(\.threat)) == [a, c] && candidates.allSatisfy { $0.round == 0 && $0.ticketID == ticket.id && $0.kind == .c2Server })
        let scheduled = candidates.map { (candidate: $0, probe: Optional("tcp-banner"), target: "\($0.indicator):443", fingerprint: $0.threat == a ? "nginx/1.0" : nil) }
        #expect(try await probes.schedule(scheduled, due: 4_000, at: 4_000) == 2)
        #expect(try await probes.schedule(scheduled, due: 4_000, at: 4_100) == 0, "a round is scheduled once")
        #expect(try await probes.candidates().isEmpty)

        let due = try await probes.due(at: 4_000)
        let early = try await probes.due(at: 3_999)
        #expect(due.count == 2 && early.isEmpty)
        let ra = try #require(due.first { $0.threat == a })
        #expect(ra.fingerprint == "nginx/1.0" && ra.attempts == 0 && ra.verdict == nil && ra.target == "61.135.1.1:443")
        func evidence(_ verdict: String, positive: Bool, at t: Int64) -> StoredEvidence {
            StoredEvidence(probe: "tcp-banner", target: "61.135.1.1:443/tcp", verdict: verdict, positive: positive, fingerprint: "nginx/1.0", sentAt: t,
                           evidence: "{\"verdict\":\"\(verdict)\"}")
        }
        let first = try await probes.record(ra, evidence: [evidence("closed", positive: false, at: 4_000)], verdict: nil, nextDue: 4_060, at: 4_000)
        #expect(first.attempts == 1 && first.dueAt == 4_060)
        // Another worker with the same attempt in hand: refused, nothing recorded.
        await #expect(throws: StoreError.self) { try await probes.record(ra, evidence: [evidence("closed", positive: false, at: 4_001)], verdict: nil, nextDue: 4_060, at: 4_001) }
        #expect(try await probes.evidence(recheck: ra.id).count == 1)
        #expect(try await probes.due(at: 4_030).map(\.threat) == [c])
        let done = try await probes.record(first, evidence: [evidence("banner", positive: true, at: 4_060)], verdict: "stillPresent", nextDue: 4_060, at: 4_060)
        #expect(done.verdict == "stillPresent" && done.completedAt == 4_060)
        try await probes.supersede(ticket: ticket.id, round: 0, at: 4_061)
        let round = try await probes.rechecks(ticket: ticket.id)
        let later = try await probes.due(at: 10_000)
        #expect(Set(round.map { $0.verdict ?? "open" }) == ["stillPresent", "superseded"] && later.isEmpty)
        let kept = try await probes.evidence(recheck: ra.id)
        #expect(kept.map(\.verdict) == ["closed", "banner"] && kept.map(\.positive) == [false, true] && kept.allSatisfy { $0.threat == a })

        // Reopened and reported done again: a new round.
        try await ledger.transition(ticket.id, .verifyFailed, by: "vigil-probe", at: 4_100)
        try await ledger.transition(ticket.id, .reportDone, by: "org-a", at: 5_000)
        let second = try await probes.candidates()
        #expect(second.count == 2 && second.allSatisfy { $0.round == 1 })
        try await probes.schedule(second.map { (candidate: $0, probe: $0.threat == a ? Optional("tcp-banner") : nil, target: "\($0.indicator):443", fingerprint: nil) },
                                  due: 5_000, at: 5_000)
        let open = try await probes.due(at: 5_000)
        #expect(open.map(\.threat) == [a], "a threat without a probe is recorded as such, not offered")
        _ = try await probes.record(try #require(open.first), evidence: [], verdict: "fixed", nextDue: 5_000, at: 5_000)

        // Evidence about a threat outside a re-check, and the first fingerprint.
        try await probes.store([StoredEvidence(threat: c, probe: "tcp-banner", target: "61.135.1.3:22/tcp", verdict: "banner", positive: true, fingerprint: "SSH-2.0-OpenSSH_9.2",
                                               sentAt: 6_000, evidence: "{}")])
        #expect(try await probes.firstFingerprint(threat: c) == "SSH-2.0-OpenSSH_9.2")
        #expect(try await probes.evidence(threat: c).first?.target == "61.135.1.3:22/tcp")

        let rates = try await probes.fixRates()
        let org = try #require(rates.organizations.first { $0.key == "org-a" })
        #expect(org.verdicts == ["stillPresent": 1, "fixed": 1] && org.rate == 0.5, "superseded and noProbe do not count")
        #expect(rates.prefixes.map(\.key) == ["61.135.1.0/24"] && rates.prefixes.first?.concluded == 2)
    }
}
