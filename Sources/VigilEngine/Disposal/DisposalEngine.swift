import Foundation
import VigilAttribution
import VigilCore
import VigilStore

/// One engine for 认定 → 工单 → deadlines → notices: each ``pass(at:)`` determines new threats, issues tickets for
/// the confirmed ones, writes the notices a ticket needs, escalates overdue tickets and delivers due notices.
///
/// Every step is idempotent, so a pass repeated — or run again after a kill — issues no duplicate ticket and sends
/// no duplicate notice: determinations are written once per threat (until new sources arrive for a review item),
/// one ticket is open per (organization, measure), a notice exists once per (ticket, purpose, channel, recipient)
/// and an escalation step is counted on the ticket in the same transaction as its notices.
public struct DisposalEngine: Sendable {
    public let ledger: DisposalLedger
    public let settings: DisposalSettings
    public let directory: OrganizationDirectory
    /// Re-checks of tickets reported done, when probing is configured (`[probes] scope`).
    public let verifier: Verifier?
    let router: NoticeRouter
    let dispatcher: NoticeDispatcher

    public init(ledger: DisposalLedger, settings: DisposalSettings, directory: OrganizationDirectory, verifier: Verifier? = nil) {
        self.ledger = ledger
        self.settings = settings
        self.directory = directory
        self.verifier = verifier
        router = NoticeRouter(directory: directory, cyberspaceAdministration: settings.cyberspaceAdministration)
        dispatcher = NoticeDispatcher(ledger: ledger, settings: settings, directory: directory)
    }

    /// What one pass did.
    public struct Summary: Sendable, Hashable {
        /// New or changed determinations, by decision.
        public var determined: [Determination.Decision: Int] = [:]
        public var ticketsIssued = 0
        public var threatsTicketed = 0
        public var unassigned = 0
        public var escalations = 0
        public var noticesWritten = 0
        /// Tickets whose organization has no contact to notify (the notice is kept as failed until one is added).
        public var withoutContact = 0
        public var notices = NoticeDispatcher.Outcome()
        /// Re-checks scheduled and run, and the tickets they verified or reopened.
        public var verification = Verifier.Summary()
        /// Seconds each stage took: determine, ticket, catch-up, escalate, deliver.
        public var stageSeconds: [String: Double] = [:]

        /// True when the pass changed nothing.
        public var isQuiet: Bool {
            determined.values.allSatisfy { $0 == 0 } && ticketsIssued == 0 && threatsTicketed == 0 && escalations == 0 && noticesWritten == 0
                && notices.sent == 0 && notices.failed == 0 && notices.retrying == 0 && verification.isQuiet
        }
    }

    /// One full pass at `now`: determine, ticket, re-check (when configured), catch up, escalate, deliver.
    public func pass(at now: Int64) async throws -> Summary {
        var summary = Summary()
        let clock = ContinuousClock()
        func timed(_ stage: String, _ work: () async throws -> Void) async throws {
            let start = clock.now
            try await work()
            let elapsed = clock.now - start
            summary.stageSeconds[stage] = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        try await timed("determine") { try await determine(at: now, into: &summary) }
        try await timed("ticket") { try await ticket(at: now, into: &summary) }
        if let verifier { try await timed("verify") { summary.verification = try await verifier.pass(at: now) } }
        try await timed("catch-up") {
            try await catchUpNotices(at: now, into: &summary)
            try await catchUpEscalations(at: now, into: &summary)
        }
        try await timed("escalate") { try await escalate(at: now, into: &summary) }
        try await timed("deliver") { summary.notices = try await dispatcher.deliverDue(at: now) }
        return summary
    }

    /// Determines every threat waiting for it.
    func determine(at now: Int64, into summary: inout Summary) async throws {
        for kind in [DisposalLedger.Pending.undetermined, .reviewWithNewSources] {
            var after: ThreatID?
            while true {
                let page = try await ledger.pendingDeterminations(kind, after: after, limit: settings.pageSize)
                guard let last = page.last else { break }
                let decisions = page.map { ($0, settings.rules.decide($0.facts)) }
                try await ledger.record(decisions, at: now)
                for (_, d) in decisions { summary.determined[d.decision, default: 0] += 1 }
                after = last.id
            }
        }
    }

    /// Places confirmed threats on tickets, with each new ticket's notices written in its transaction.
    func ticket(at now: Int64, into summary: inout Summary) async throws {
        // Page by page in id order: each page is read once (a threat left unplaced — its ticket closed meanwhile — waits
        // for the next pass).
        var after: ThreatID?
        while true {
            let confirmed = try await ledger.confirmedUnticketed(after: after, limit: settings.pageSize * 5)
            guard let last = confirmed.last else { break }
            after = last.threat
            let planned = confirmed.map { c in
                TicketPlanner.Confirmed(threat: c.threat, kind: c.kind, organization: c.organization,
                                        sensitiveOwner: c.organization.flatMap { directory.organizations[$0]?.sensitive } ?? false, severity: c.severity)
            }
            let plan = settings.planner.plan(planned, ticketed: [], open: try await ledger.openTicketKeys(), now: now)
            var provinces: [ThreatID: Int] = [:]
            for c in confirmed { if let p = c.province { provinces[c.threat] = p } }
            var notices: [TicketPlanner.Key: [NoticeRequest]] = [:]
            for new in plan.newTickets {
                let draft = Ticket(id: 0, organization: new.key.organization, measure: new.key.measure, state: .issued, severity: new.severity,
                                   province: new.threats.lazy.compactMap { provinces[$0] }.first, issuedAt: now, deadline: new.deadline,
                                   acknowledgedAt: nil, reportedDoneAt: nil, verifiedAt: nil, closedAt: nil, escalations: 0, reopenings: 0,
                                   notifyParent: new.notifyParent, notifyCyberspaceAdministration: new.notifyCyberspaceAdministration,
                                   note: nil, evidence: nil, threats: new.threats.count)
                notices[new.key] = router.requests(for: draft, purpose: NoticePurpose.issued.rawValue).requests
                summary.noticesWritten += notices[new.key]?.count ?? 0
            }
            try await ledger.issue(plan, provinces: provinces, notices: notices, at: now)
            summary.ticketsIssued += plan.newTickets.count
            summary.threatsTicketed += plan.newTickets.reduce(0) { $0 + $1.threats.count } + plan.additions.values.reduce(0) { $0 + $1.count }
            summary.unassigned += plan.unassigned.count
        }
    }

    /// Writes notices a ticket should have and lacks: an open ticket's, when its organization had no contact (written
    /// as failed, so it shows, and written for real once a contact is added), and a withdrawn ticket's.
    func catchUpNotices(at now: Int64, into summary: inout Summary) async throws {
        let needs: [(Set<TicketState>, NoticePurpose)] = [
            ([.issued, .acknowledged, .reopened], .issued), ([.withdrawn], .withdrawn),
        ]
        for (states, purpose) in needs {
            for ticket in try await ledger.tickets(in: states, lacking: purpose.rawValue) {
                let (requests, missing) = router.requests(for: ticket, purpose: purpose.rawValue)
                if requests.isEmpty {
                    try await ledger.enqueue([NoticeRequest(purpose: purpose.rawValue, channel: .email, recipient: DisposalLedger.noRecipient)], ticket: ticket.id,
                                             failure: missing, at: now)
                    summary.withoutContact += 1
                } else {
                    try await ledger.enqueue(requests, ticket: ticket.id, at: now)
                    summary.noticesWritten += requests.count
                }
            }
        }
    }

    /// Writes the escalation notices of open tickets that had no one to go to when the step was taken (the parent or
    /// the provincial administration had no contact then, and has one now).
    func catchUpEscalations(at now: Int64, into summary: inout Summary) async throws {
        let escalated = try await ledger.tickets(TicketFilter(states: [.issued, .acknowledged, .reopened], limit: Int.max / 2)).filter { $0.escalations > 0 }
        guard !escalated.isEmpty else { return }
        let written = try await ledger.noticePurposes(tickets: escalated.map(\.id))
        let steps = settings.escalation.steps
        for ticket in escalated {
            for n in 1...ticket.escalations {
                guard let step = n <= steps.count ? steps[n - 1] : steps.last else { continue }
                let purpose = DisposalLedger.purpose(of: step, number: n)
                guard written[ticket.id]?.contains(purpose) != true else { continue }
                let requests = router.requests(for: ticket, purpose: purpose).requests
                guard !requests.isEmpty else { continue }
                try await ledger.enqueue(requests, ticket: ticket.id, at: now)
                summary.noticesWritten += requests.count
            }
        }
    }

    /// Takes every escalation step that has fallen due.
    func escalate(at now: Int64, into summary: inout Summary) async throws {
        let open = try await ledger.tickets(TicketFilter(states: [.issued, .acknowledged, .reopened], limit: Int.max / 2))
        for ticket in open {
            var current = ticket
            for step in settings.escalation.due(state: ticket.state, deadline: ticket.deadline, now: now, taken: ticket.escalations) {
                let reason = step.hoursFromDeadline < 0
                    ? "deadline \(UTCTime.format(current.deadline)) in \(-step.hoursFromDeadline) h or less"
                    : "overdue since \(UTCTime.format(current.deadline))"
                do {
                    current = try await escalate(current, step: step, by: "system", reason: reason, at: now)
                    summary.escalations += 1
                } catch let error as StoreError where error.code == .conflict {
                    break  // another worker took this step
                }
            }
        }
    }

    /// Takes a ticket's next escalation step (from the policy, or the last step again when the ladder is done) — what
    /// `vigil tickets escalate` does by hand.
    @discardableResult
    public func escalate(_ ticket: Ticket, step: EscalationPolicy.Step? = nil, by actor: String, reason: String, at now: Int64) async throws -> Ticket {
        guard ticket.state.isOpen else {
            throw StoreError(.conflict, "ticket \(ticket.id) is \(ticket.state.rawValue): only an open ticket (issued, acknowledged, reopened) is escalated")
        }
        let steps = settings.escalation.steps
        let chosen = step ?? (ticket.escalations < steps.count ? steps[ticket.escalations] : steps.last)
            ?? EscalationPolicy.Step(.provincialAdministration, hoursFromDeadline: 0)
        let purpose = DisposalLedger.purpose(of: chosen, number: ticket.escalations + 1)
        let (requests, missing) = router.requests(for: ticket, purpose: purpose)
        let updated = try await ledger.escalate(ticket.id, taken: ticket.escalations, step: chosen, notices: requests, by: actor, reason: reason, at: now)
        if requests.isEmpty {
            try await ledger.enqueue([NoticeRequest(purpose: purpose, channel: .email, recipient: DisposalLedger.noRecipient)], ticket: ticket.id, failure: missing, at: now)
        }
        return updated
    }

    /// Delivers due notices only.
    public func deliverNotices(at now: Int64) async throws -> NoticeDispatcher.Outcome {
        try await dispatcher.deliverDue(at: now)
    }
}
