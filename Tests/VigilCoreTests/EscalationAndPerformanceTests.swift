import Testing
@testable import VigilCore

/// Escalation ladders, disposal performance figures and campaign scope.
@Suite struct EscalationAndPerformanceTests {
    let deadline: Int64 = 1_714_557_600

    @Test func escalationStepsFallDueInOrder() {
        let policy = EscalationPolicy.standard
        #expect(policy.due(state: .issued, deadline: deadline, now: deadline - 5 * 3600, taken: 0).isEmpty)
        #expect(policy.due(state: .issued, deadline: deadline, now: deadline - 3600, taken: 0).map(\.target) == [.organization])
        #expect(policy.due(state: .acknowledged, deadline: deadline, now: deadline + 25 * 3600, taken: 1).map(\.target) == [.parent])
        #expect(policy.due(state: .reopened, deadline: deadline, now: deadline + 100 * 3600, taken: 0).map(\.target)
            == [.organization, .parent, .provincialAdministration])
        #expect(policy.due(state: .reportedDone, deadline: deadline, now: deadline + 100 * 3600, taken: 0).isEmpty, "done tickets stop escalating")
        #expect(policy.due(state: .issued, deadline: deadline, now: deadline + 100 * 3600, taken: 3).isEmpty, "every step taken")
        let custom = EscalationPolicy(steps: [.init(.provincialAdministration, hoursFromDeadline: 48), .init(.parent, hoursFromDeadline: 0)])
        #expect(custom.steps.map(\.target) == [.parent, .provincialAdministration], "steps sort by when they fall due")
        #expect(EscalationPolicy.isOverdue(state: .issued, deadline: deadline, now: deadline + 1))
        #expect(!EscalationPolicy.isOverdue(state: .verified, deadline: deadline, now: deadline + 1))
    }

    @Test func performanceFigures() {
        let h: Int64 = 3600
        let records: [DisposalPerformance.TicketRecord] = [
            .init(issuedAt: 0, deadline: 24 * h, reportedDoneAt: 2 * h, reopenings: 0, state: .closed),
            .init(issuedAt: 0, deadline: 24 * h, reportedDoneAt: 10 * h, reopenings: 1, state: .verified),
            .init(issuedAt: 0, deadline: 24 * h, reportedDoneAt: 30 * h, reopenings: 0, state: .reportedDone),
            .init(issuedAt: 0, deadline: 24 * h, reportedDoneAt: nil, reopenings: 0, state: .issued),
            .init(issuedAt: 0, deadline: 24 * h, reportedDoneAt: nil, reopenings: 0, state: .withdrawn),
        ]
        let p = DisposalPerformance(records, now: 48 * h)
        #expect(p.tickets == 4)
        #expect(p.medianSecondsToDispose == 10 * h && p.p90SecondsToDispose == 30 * h)
        #expect(p.overdueRate == 0.5, "done late, and still open past the deadline")
        #expect(p.reopenRate == 0.25)
        let early = DisposalPerformance(Array(records.prefix(4)), now: 12 * h)
        #expect(early.overdueRate == 0.25, "the open ticket is not late yet")
        #expect(DisposalPerformance([], now: 0).medianSecondsToDispose == nil)
    }

    @Test func campaignScopeAndTarget() {
        let ransomware = Campaign(name: "勒索软件专项治理", start: 1_000, end: 2_000, kinds: [.ransomware, .compromisedHost], families: ["LockBit"],
                                  provinces: [440000], targetFixedShare: 0.9)
        #expect(ransomware.covers(kind: .ransomware, family: "lockbit 3.0", province: 440000, organization: nil, seenAt: 1_500))
        #expect(!ransomware.covers(kind: .ransomware, family: "lockbit", province: 440000, organization: nil, seenAt: 2_000), "the end is exclusive")
        #expect(!ransomware.covers(kind: .bot, family: "lockbit", province: 440000, organization: nil, seenAt: 1_500))
        #expect(!ransomware.covers(kind: .ransomware, family: nil, province: 440000, organization: nil, seenAt: 1_500))
        #expect(!ransomware.covers(kind: .ransomware, family: "lockbit", province: 110000, organization: nil, seenAt: 1_500))
        #expect(Campaign(name: "all", start: 0, end: 10).covers(kind: .other, family: nil, province: nil, organization: nil, seenAt: 5))
        #expect(ransomware.meetsTarget(.init(found: 20, confirmed: 10, disposed: 10, verified: 9, overdue: 1)))
        #expect(!ransomware.meetsTarget(.init(found: 20, confirmed: 10, disposed: 10, verified: 8, overdue: 2)))
    }
}
