import Testing
@testable import VigilCore

/// The ticket state machine, the measure per kind and the deadline policy.
@Suite struct TicketStateTests {
    @Test func theHappyPathAndReopening() throws {
        var state = TicketState.issued
        for event: TicketState.Event in [.acknowledge, .reportDone, .verifyFailed, .reportDone, .verifyFixed, .close] {
            state = try state.after(event)
        }
        #expect(state == .closed && state.isFinal)
        #expect(try TicketState.issued.after(.reportDone) == .reportedDone, "done without acknowledging first")
        #expect(try TicketState.reportedDone.after(.verifyFailed) == .reopened)
        #expect(TicketState.reopened.isOpen && !TicketState.reportedDone.isOpen)
    }

    @Test func illegalTransitionsAreErrors() {
        #expect(throws: TicketState.TransitionError.self) { try TicketState.issued.after(.close) }
        #expect(throws: TicketState.TransitionError.self) { try TicketState.closed.after(.withdraw) }
        #expect(throws: TicketState.TransitionError.self) { try TicketState.withdrawn.after(.acknowledge) }
        #expect(throws: TicketState.TransitionError.self) { try TicketState.acknowledged.after(.verifyFixed) }
        do {
            _ = try TicketState.verified.after(.acknowledge)
            Issue.record("verified → acknowledge was accepted")
        } catch {
            #expect(error.description.contains("allowed: close, withdraw"), "\(error)")
        }
        #expect(TicketState.closed.allowedEvents.isEmpty)
        for state in TicketState.allCases where !state.isFinal { #expect((try? state.after(.withdraw)) == .withdrawn, "\(state)") }
    }

    @Test func measuresAndDeadlines() {
        #expect(Measure.default(for: .c2Server) == .stopService)
        #expect(Measure.default(for: .openNTPMonlist) == .rectify)
        #expect(Measure.default(for: .hiddenLink) == .remove)
        #expect(Measure.default(for: .dataLeak) == .notifyParent)
        #expect(Set(ThreatKind.allCases.map { Measure.default(for: $0) }).count >= 5)
        #expect(Measure.stopService.chineseName == "停止服务")
        let issued: Int64 = 1_714_557_600
        #expect(DeadlinePolicy.standard.deadline(measure: .stopService, severity: .high, issuedAt: issued) == issued + 24 * 3600)
        #expect(DeadlinePolicy.standard.deadline(measure: .rectify, severity: .medium, issuedAt: issued) == issued + 240 * 3600)
        var custom = DeadlinePolicy(hours: [.stopService: [.high: 12]])
        #expect(custom.deadline(measure: .stopService, severity: .high, issuedAt: 0) == 12 * 3600)
        #expect(custom.deadline(measure: .remove, severity: .low, issuedAt: 0) == 168 * 3600, "falls back to the standard")
        custom.hours[.remove] = [.low: 1]
        #expect(custom.deadline(measure: .remove, severity: .low, issuedAt: 0) == 3600)
        #expect(Severity.default(for: .ransomware) == .high && Severity.critical > Severity.high)
    }
}
