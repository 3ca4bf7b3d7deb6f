import Foundation
import VigilCore
import VigilProbes
import VigilStore

/// Re-checks (复核): when a ticket is reported done, each of its threats is probed again, from here, with the probe
/// that finds it; up to ``VerificationSettings/attempts`` attempts spaced by ``VerificationSettings/spacing``. The
/// verdicts:
/// - `stillPresent` — any attempt finds it (or finds the same device still vulnerable): the ticket is reopened at once;
/// - `churned` — something vulnerable answers, with another device's fingerprint (a home modem's new address);
/// - `fixedServiceAlive` — no attempt finds it, and a harmless request to the same service still answers;
/// - `fixed` — no attempt finds it, and the host refuses the port;
/// - `unreachable` — nothing answers at all: inconclusive, it never verifies a ticket.
///
/// When every threat of the round is `fixed` or `fixedServiceAlive`, the ticket is verified. Churned or unreachable
/// threats leave it reported done for a person to decide (the re-checks and their evidence are on the ticket).
public struct Verifier: Sendable {
    public let disposal: DisposalLedger
    public let probes: ProbeLedger
    public let settings: VerificationSettings

    /// What one pass did.
    public struct Summary: Sendable, Hashable {
        public var scheduled = 0
        public var attempts = 0
        public var verdicts: [String: Int] = [:]
        public var verified = 0
        public var reopened = 0

        public var isQuiet: Bool { scheduled == 0 && attempts == 0 }
    }

    /// The actor named in the audit log for re-check outcomes.
    public static let actor = "vigil-probe"

    public init(disposal: DisposalLedger, probes: ProbeLedger, settings: VerificationSettings) {
        self.disposal = disposal
        self.probes = probes
        self.settings = settings
    }

    /// Schedules new rounds, runs the due attempts, and moves tickets whose round concluded.
    public func pass(at now: Int64) async throws -> Summary {
        var summary = Summary()
        try await schedule(at: now, into: &summary)
        // The attempts run 16 at a time: a pass of slow HTTP re-checks must not hold up the rest of the engine long.
        let due = try await probes.due(at: now, limit: settings.batch)
        let settings = settings
        var outcomes: [(Recheck, RecheckProbe.Outcome)] = []
        await withTaskGroup(of: (Recheck, RecheckProbe.Outcome).self) { group in
            var running = 0
            for recheck in due {
                if running >= 16, let done = await group.next() {
                    outcomes.append(done)
                    running -= 1
                }
                running += 1
                group.addTask { (recheck, await RecheckProbe.attempt(recheck.probe, target: recheck.target, settings: settings)) }
            }
            for await done in group { outcomes.append(done) }
        }
        for (recheck, outcome) in outcomes.sorted(by: { $0.0.id < $1.0.id }) {
            let verdict = Self.verdict(recheck, outcome, attempts: settings.attempts)
            let stored = outcome.evidence.map { $0.stored(fingerprint: outcome.fingerprint) }
            do {
                _ = try await probes.record(recheck, evidence: stored, verdict: verdict?.rawValue, nextDue: now + settings.spacing, at: now)
            } catch let error as StoreError where error.code == .conflict {
                continue  // another worker took this attempt
            }
            summary.attempts += 1
            if let verdict { summary.verdicts[verdict.rawValue, default: 0] += 1 }
        }
        for (ticket, round) in try await probes.concludable() {
            try await conclude(ticket: ticket, round: round, at: now, into: &summary)
        }
        return summary
    }

    /// The verdict after one attempt, or nil while more attempts are due.
    static func verdict(_ recheck: Recheck, _ outcome: RecheckProbe.Outcome, attempts: Int) -> RecheckVerdict? {
        if outcome.vulnerable {
            if let original = recheck.fingerprint, let now = outcome.fingerprint, !original.isEmpty, !now.isEmpty, original != now { return .churned }
            return .stillPresent
        }
        guard recheck.attempts + 1 >= attempts else { return nil }
        if outcome.alive { return .fixedServiceAlive }
        return outcome.closed ? .fixed : .unreachable
    }

    func schedule(at now: Int64, into summary: inout Summary) async throws {
        while true {
            let candidates = try await probes.candidates(limit: 500)
            guard !candidates.isEmpty else { return }
            var planned: [(candidate: RecheckCandidate, probe: String?, target: String, fingerprint: String?)] = []
            var outside: [(candidate: RecheckCandidate, probe: String?, target: String, fingerprint: String?)] = []
            for c in candidates {
                guard let plan = RecheckProbe.plan(kind: c.kind, indicator: c.indicator, settings: settings) else {
                    planned.append((c, nil, c.indicator, nil))
                    continue
                }
                if let address = Self.address(of: plan.target), !settings.scope.check(address).isAllowed {
                    outside.append((c, nil, plan.target, nil))
                    continue
                }
                planned.append((c, plan.probe, plan.target, try await probes.firstFingerprint(threat: c.threat)))
            }
            summary.scheduled += try await probes.schedule(planned, due: now, at: now)
            summary.scheduled += try await probes.schedule(outside, due: now, skipped: "outOfScope", at: now)
        }
    }

    /// The address of a target (`a.b.c.d:port`, `[v6]:port` or a URL with an address host); nil for a host name.
    static func address(of target: String) -> IPAddress? {
        if let url = URL(string: target), let host = url.host, target.contains("://") { return IPAddress(host.trimmingCharacters(in: ["[", "]"])) }
        guard let spaces = try? TargetSpace.parse([target], defaultPorts: [0]), let space = spaces.first, space.count == 1 else { return nil }
        return space.target(at: 0).address
    }

    /// Moves the ticket when its round has concluded: reopened on the first threat still present, verified when every
    /// threat is fixed.
    func conclude(ticket id: Int64, round: Int, at now: Int64, into summary: inout Summary) async throws {
        let all = try await probes.rechecks(ticket: id).filter { $0.round == round }
        let ticket = try await disposal.ticket(id)
        guard ticket.state == .reportedDone, ticket.reopenings == round else { return }
        if let present = all.first(where: { $0.verdict == RecheckVerdict.stillPresent.rawValue }) {
            let note = "re-check: \(present.target) still \(Self.describe(present.probe)) (attempt \(present.attempts))"
            do {
                try await disposal.transition(id, .verifyFailed, by: Self.actor, note: note, evidence: "re-check \(present.id), probe \(present.probe)", at: now)
                summary.reopened += 1
            } catch let error as StoreError where error.code == .conflict {
                return
            }
            // The round's open re-checks are no longer probed (`due` reads the current round only); they are marked.
            try await probes.supersede(ticket: id, round: round, at: now)
            return
        }
        guard all.allSatisfy({ $0.verdict != nil }) else { return }
        // Verified only when every threat of the round is fixed: one Vigil cannot probe (`noProbe`, `outOfScope`) or
        // could not conclude (`unreachable`, `churned`) leaves the ticket to a person.
        let fixed: Set<String> = [RecheckVerdict.fixed.rawValue, RecheckVerdict.fixedServiceAlive.rawValue]
        guard !all.isEmpty, all.allSatisfy({ fixed.contains($0.verdict ?? "") }) else { return }
        let probed = all
        let verdicts = Dictionary(grouping: probed, by: { $0.verdict ?? "" }).map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
        do {
            try await disposal.transition(id, .verifyFixed, by: Self.actor, note: "re-check: \(verdicts) after \(settings.attempts) attempts",
                                          evidence: "re-checks \(probed.map { String($0.id) }.joined(separator: ", "))", at: now)
            summary.verified += 1
        } catch let error as StoreError where error.code == .conflict {
            return
        }
    }

    static func describe(_ probe: String) -> String {
        switch probe {
        case "ntp-monlist": "answers NTP monlist"
        case "ntp-readvar": "answers NTP mode 6 READVAR"
        case "dns-open-resolver": "resolves for anyone"
        case "memcached-stats": "answers memcached stats over UDP"
        case "chargen": "answers CharGen"
        case "ssdp": "answers SSDP M-SEARCH"
        case "redis": "serves Redis without a password"
        case "tcp-banner": "has the port open"
        case "http-hidden-links": "has hidden links"
        case "http-defacement": "shows the defacement"
        default: "shows the threat"
        }
    }
}
