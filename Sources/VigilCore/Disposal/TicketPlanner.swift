/// Groups confirmed threats into disposal tickets: one ticket per (responsible organization, measure), so an
/// organization gets one notice per thing it must do, not one per threat. Planning is idempotent: threats already on
/// a ticket are left alone, and a threat whose (organization, measure) has an open ticket joins it.
public struct TicketPlanner: Sendable {
    /// A confirmed threat to place on a ticket.
    public struct Confirmed: Sendable, Hashable {
        public var threat: ThreatID
        public var kind: ThreatKind
        /// The responsible organization's directory id, or nil when attribution found none.
        public var organization: String?
        /// True when the owner is a Party or government body or critical information infrastructure (党政机关、
        /// 关键信息基础设施): its parent organization and the cyberspace administration are notified too.
        public var sensitiveOwner: Bool
        public var severity: Severity

        public init(threat: ThreatID, kind: ThreatKind, organization: String?, sensitiveOwner: Bool = false, severity: Severity? = nil) {
            self.threat = threat
            self.kind = kind
            self.organization = organization
            self.sensitiveOwner = sensitiveOwner
            self.severity = severity ?? .default(for: kind)
        }
    }

    /// What a ticket is for.
    public struct Key: Sendable, Hashable, Comparable {
        public var organization: String
        public var measure: Measure

        public init(organization: String, measure: Measure) {
            self.organization = organization
            self.measure = measure
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.organization, a.measure.rawValue) < (b.organization, b.measure.rawValue)
        }
    }

    /// A ticket to issue.
    public struct NewTicket: Sendable, Hashable {
        public var key: Key
        public var threats: [ThreatID]
        /// The most severe of its threats.
        public var severity: Severity
        public var deadline: Int64
        public var notifyParent: Bool
        public var notifyCyberspaceAdministration: Bool
    }

    /// The outcome of one planning pass.
    public struct Plan: Sendable, Hashable {
        /// Tickets to issue, in key order.
        public var newTickets: [NewTicket] = []
        /// Threats to add to open tickets, by the open ticket's key.
        public var additions: [Key: [ThreatID]] = [:]
        /// Threats with no responsible organization: for the provincial administration to assign.
        public var unassigned: [ThreatID] = []

        /// True when the pass has nothing to do.
        public var isEmpty: Bool { newTickets.isEmpty && additions.isEmpty && unassigned.isEmpty }
    }

    /// Measures that differ from ``Measure/default(for:)``.
    public var measureOverrides: [ThreatKind: Measure]
    public var deadlines: DeadlinePolicy

    public init(measureOverrides: [ThreatKind: Measure] = [:], deadlines: DeadlinePolicy = .standard) {
        self.measureOverrides = measureOverrides
        self.deadlines = deadlines
    }

    /// The measure for a kind.
    public func measure(for kind: ThreatKind) -> Measure { measureOverrides[kind] ?? .default(for: kind) }

    /// Plans the tickets for `confirmed` threats at `now`. `ticketed` holds the threats already on any ticket;
    /// `open` the keys of tickets still open (issued, acknowledged, reopened).
    public func plan(_ confirmed: [Confirmed], ticketed: Set<ThreatID>, open: Set<Key>, now: Int64) -> Plan {
        var plan = Plan()
        var grouped: [Key: [Confirmed]] = [:]
        var seen = Set<ThreatID>()
        for item in confirmed where !ticketed.contains(item.threat) && seen.insert(item.threat).inserted {
            guard let organization = item.organization else {
                plan.unassigned.append(item.threat)
                continue
            }
            let key = Key(organization: organization, measure: measure(for: item.kind))
            if open.contains(key) {
                plan.additions[key, default: []].append(item.threat)
            } else {
                grouped[key, default: []].append(item)
            }
        }
        for key in grouped.keys.sorted() {
            let items = grouped[key] ?? []
            let severity = items.map(\.severity).max() ?? .medium
            let sensitive = items.contains { $0.sensitiveOwner }
            plan.newTickets.append(NewTicket(
                key: key, threats: items.map(\.threat).sorted { $0.rawValue < $1.rawValue }, severity: severity,
                deadline: deadlines.deadline(measure: key.measure, severity: severity, issuedAt: now),
                notifyParent: sensitive || key.measure == .notifyParent, notifyCyberspaceAdministration: sensitive))
        }
        for key in plan.additions.keys { plan.additions[key]?.sort { $0.rawValue < $1.rawValue } }
        plan.unassigned.sort { $0.rawValue < $1.rawValue }
        return plan
    }
}
