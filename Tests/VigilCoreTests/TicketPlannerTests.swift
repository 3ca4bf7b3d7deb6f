import Testing
@testable import VigilCore

/// One ticket per (organization, measure), idempotent passes, open tickets extended, and the notification flags.
@Suite struct TicketPlannerTests {
    static func threat(_ text: String, _ kind: ThreatKind, org: String?, sensitive: Bool = false, severity: Severity? = nil) throws -> TicketPlanner.Confirmed {
        let indicator = text.hasSuffix("/udp") ? try Indicator.parse(text, as: .service) : try Indicator.detect(text)
        return TicketPlanner.Confirmed(threat: ThreatID(kind: kind, indicator: indicator), kind: kind, organization: org,
                                sensitiveOwner: sensitive, severity: severity)
    }

    @Test func groupsByOrganizationAndMeasure() throws {
        let planner = TicketPlanner()
        let confirmed = [
            try Self.threat("198.51.10.1", .c2Server, org: "ct-gd"), try Self.threat("198.51.10.2", .maliciousIP, org: "ct-gd"),
            try Self.threat("198.51.10.3:11211/udp", .openMemcached, org: "ct-gd"), try Self.threat("198.51.10.4", .c2Server, org: "cu-bj"),
            try Self.threat("198.51.10.5", .bot, org: nil),
        ]
        let plan = planner.plan(confirmed + [confirmed[0]], ticketed: [], open: [], now: 1_000)
        #expect(plan.newTickets.map { "\($0.key.organization)/\($0.key.measure.rawValue)/\($0.threats.count)" }
            == ["ct-gd/rectify/1", "ct-gd/stopService/2", "cu-bj/stopService/1"], "a threat listed twice is one")
        #expect(plan.unassigned == [confirmed[4].threat])
        let stop = try #require(plan.newTickets.first { $0.key == TicketPlanner.Key(organization: "ct-gd", measure: .stopService) })
        #expect(stop.severity == .high && stop.deadline == 1_000 + 24 * 3600, "C2 is high severity: 24 hours to stop the service")
        #expect(!stop.notifyParent && !stop.notifyCyberspaceAdministration)
    }

    @Test func secondPassIsANoOpAndOpenTicketsGrow() throws {
        let planner = TicketPlanner()
        let first = [try Self.threat("198.51.10.1", .c2Server, org: "ct-gd")]
        let plan = planner.plan(first, ticketed: [], open: [], now: 0)
        let ticketed = Set(plan.newTickets.flatMap(\.threats))
        let open = Set(plan.newTickets.map(\.key))
        #expect(planner.plan(first, ticketed: ticketed, open: open, now: 10).isEmpty, "running twice issues nothing new")
        let more = first + [try Self.threat("198.51.10.9", .maliciousIP, org: "ct-gd")]
        let next = planner.plan(more, ticketed: ticketed, open: open, now: 20)
        #expect(next.newTickets.isEmpty && next.additions[TicketPlanner.Key(organization: "ct-gd", measure: .stopService)]?.count == 1)
        // Once the ticket is closed, a new threat gets a new ticket.
        #expect(planner.plan(more, ticketed: ticketed, open: [], now: 30).newTickets.count == 1)
    }

    @Test func sensitiveOwnersAndOverrides() throws {
        var planner = TicketPlanner(measureOverrides: [.openMemcached: .block], deadlines: DeadlinePolicy(hours: [.block: [.critical: 2]]))
        let plan = planner.plan([
            try Self.threat("198.51.10.3:11211/udp", .openMemcached, org: "gov-gd", sensitive: true, severity: .critical),
            try Self.threat("198.51.10.6:11211/udp", .openMemcached, org: "gov-gd"),
        ], ticketed: [], open: [], now: 0)
        let ticket = try #require(plan.newTickets.first)
        #expect(plan.newTickets.count == 1 && ticket.key.measure == .block && ticket.severity == .critical && ticket.deadline == 2 * 3600)
        #expect(ticket.notifyParent && ticket.notifyCyberspaceAdministration)
        planner.measureOverrides = [:]
        #expect(planner.measure(for: .dataLeak) == .notifyParent)
        let leak = planner.plan([try Self.threat("leak@corp.example", .dataLeak, org: "corp")], ticketed: [], open: [], now: 0)
        #expect(leak.newTickets.first?.notifyParent == true && leak.newTickets.first?.notifyCyberspaceAdministration == false)
    }
}
