import Foundation
import Testing
import VigilAttribution
import VigilCore
import VigilEngine
import VigilStore
import VigilTesting
@testable import VigilProbes

extension Port123 {
    /// The re-check cycle end to end through the engine, against a real ntpsec on 127.0.0.1:123: a ticket for an exposed
    /// NTP mode 6 service is reported done, the engine's re-check finds it still answering and reopens the ticket; the
    /// fix is applied (`restrict … noquery`, as `lab.sh ntp-fix` does), the ticket reported done again, and three spaced
    /// attempts find mode 6 silent while time requests are still answered: `fixedServiceAlive`, and the ticket verified.
    @Suite(.serialized) struct VerificationCycleTests {
        @Test(arguments: Backend.allCases) func reportedDoneStillVulnerableThenFixed(_ backend: Backend) async throws {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            guard let (store, _) = try await backend.make(dir) else { return }
            // The threat: 127.0.0.1 answers mode 6, owned by the lab's organization. Loopback is a reserved range, which
            // the rules reject; in this drill a person confirms it.
            let owner = Attribution(countryCode: "CN", provinceCode: 440000, networkOperator: .chinaTelecom, organizationID: "lab-isp", organizationName: "Lab ISP")
            let indicator = Indicator(uncheckedType: .ip, value: "127.0.0.1")
            let observation = Observation(kind: .openNTPMode6, indicator: indicator, seenAt: 1_000, row: 1)
            let descriptor = BatchDescriptor(sha256: "lab-ntp", sourceName: DisposalLedger.probeSource, format: "jsonl", fileName: "probe.jsonl", size: 1, receivedAt: 1_000)
            guard case .open(let batch, let source, _) = try await store.openBatch(descriptor) else { throw StoreError(.write, "no batch") }
            _ = try await store.write(chunk: [ResolvedObservation(observation: observation, threatID: observation.threatID, attribution: owner)], rejects: [],
                                      batchID: batch, sourceID: source)
            _ = try await store.completeBatch(id: batch, rows: 1, observations: 1, rejects: 0)

            let ledger = DisposalLedger(store), probes = ProbeLedger(store)
            let settings = VerificationSettings(scope: try Lab.scope(), attempts: 3, spacing: 60, timeout: .seconds(1))
            let engine = DisposalEngine(ledger: ledger, settings: DisposalSettings(),
                                        directory: OrganizationDirectory([Organization(id: "lab-isp", name: "Lab ISP", type: .internetCompany, provinceCode: 440000)]),
                                        verifier: Verifier(disposal: ledger, probes: probes, settings: settings))
            var now: Int64 = 2_000
            let first = try await engine.pass(at: now)
            #expect(first.determined[.rejected] == 1, "loopback is reserved: the rules reject it")
            try await ledger.decide(observation.threatID, confirm: true, reason: "lab drill: the test's own loopback", by: "drill-lead", at: now)
            now += 10
            let issued = try await engine.pass(at: now)
            #expect(issued.ticketsIssued == 1)
            let ticket = try #require(try await ledger.tickets(TicketFilter(limit: 10)).first)
            #expect(ticket.organization == "lab-isp" && ticket.state == .issued)

            // Reported done, but ntpd still answers mode 6.
            guard let vulnerable = try await Port123.NTPsecTests.ntpd("restrict default\nrestrict 127.0.0.0 mask 255.0.0.0", dir) else { return }
            now += 100
            try await ledger.transition(ticket.id, .reportDone, by: "lab-isp", note: "mode 6 closed", at: now)
            let recheck = try await engine.pass(at: now)
            await vulnerable.stop()
            #expect(recheck.verification.scheduled == 1 && recheck.verification.reopened == 1 && recheck.verification.verdicts == ["stillPresent": 1])
            let reopened = try await ledger.ticket(ticket.id)
            #expect(reopened.state == .reopened && reopened.reopenings == 1 && reopened.note?.contains("still answers NTP mode 6") == true, "\(reopened.note ?? "")")
            let round0 = try #require(try await probes.rechecks(ticket: ticket.id).first)
            let evidence = try await probes.evidence(recheck: round0.id)
            #expect(evidence.map(\.probe) == ["ntp-readvar", "ntp-time"] && evidence.first?.positive == true && evidence.first?.fingerprint?.contains("ntpsec") == true)
            #expect(evidence.first?.evidence.contains("\"amplification\":30") == true, "the 12 B request drew 360 B: \(evidence.first?.evidence.prefix(300) ?? "")")

            // The fix: mode 6 refused, time still served. Reported done again: three attempts, a minute apart.
            guard let fixed = try await Port123.NTPsecTests.ntpd("restrict default noquery\nrestrict 127.0.0.0 mask 255.0.0.0 noquery", dir) else { return }
            now += 100
            try await ledger.transition(ticket.id, .reportDone, by: "lab-isp", note: "restrict noquery", at: now)
            let a1 = try await engine.pass(at: now)
            let early = try await engine.pass(at: now + 30)
            let a2 = try await engine.pass(at: now + 60)
            let a3 = try await engine.pass(at: now + 120)
            await fixed.stop()
            #expect(a1.verification.attempts == 1 && a1.verification.verdicts.isEmpty && early.verification.attempts == 0, "spaced, not all at once")
            #expect(a2.verification.attempts == 1 && a3.verification.verdicts == ["fixedServiceAlive": 1] && a3.verification.verified == 1)
            let verified = try await ledger.ticket(ticket.id)
            #expect(verified.state == .verified && verified.verifiedAt == now + 120 && verified.note?.contains("fixedServiceAlive") == true)
            let rounds = try await probes.rechecks(ticket: ticket.id)
            #expect(rounds.map(\.round) == [1, 0] && rounds.first?.attempts == 3 && rounds.first?.verdict == "fixedServiceAlive")
            #expect(try await probes.evidence(recheck: try #require(rounds.first).id).count == 6, "two probes per attempt, all kept")
            let audit = try await ledger.auditLog(limit: 50).filter { $0.actor == Verifier.actor }.map(\.action)
            #expect(audit.sorted() == ["verifyFailed", "verifyFixed"])
            let rates = try await probes.fixRates()
            #expect(rates.organizations.first { $0.key == "lab-isp" }?.verdicts == ["stillPresent": 1, "fixedServiceAlive": 1])
            #expect(rates.prefixes.map(\.key) == ["127.0.0.0/24"])
            // Another pass changes nothing.
            #expect(try await engine.pass(at: now + 200).verification.isQuiet)
        }
    }
}
