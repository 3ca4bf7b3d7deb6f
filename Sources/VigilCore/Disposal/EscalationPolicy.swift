/// Who is told when a ticket runs late, and when: a reminder to the organization, then its parent organization,
/// then the provincial communications administration (通信管理局). Configurable; the defaults follow the issue.
public struct EscalationPolicy: Sendable, Hashable {
    /// One step of the ladder.
    public struct Step: Sendable, Hashable {
        /// Whom the step notifies.
        public enum Target: String, Sendable, Hashable, Codable {
            /// The responsible organization itself (a reminder).
            case organization
            /// Its parent organization (a group headquarters, a ministry).
            case parent
            /// The provincial administration of the province the threat is in.
            case provincialAdministration
        }

        public var target: Target
        /// Hours relative to the deadline: negative is before it (a reminder), positive after it.
        public var hoursFromDeadline: Int

        public init(_ target: Target, hoursFromDeadline: Int) {
            self.target = target
            self.hoursFromDeadline = hoursFromDeadline
        }
    }

    /// The steps, in the order they fall due.
    public var steps: [Step]

    /// A reminder 4 hours before the deadline, the parent organization 24 hours after it, the provincial
    /// administration 72 hours after it.
    public static let standard = EscalationPolicy(steps: [
        Step(.organization, hoursFromDeadline: -4), Step(.parent, hoursFromDeadline: 24), Step(.provincialAdministration, hoursFromDeadline: 72),
    ])

    public init(steps: [Step]) { self.steps = steps.sorted { $0.hoursFromDeadline < $1.hoursFromDeadline } }

    /// The steps due at `now` for a ticket in `state` with `deadline`, leaving out the first `taken` (already done).
    /// A ticket no longer open (reported done, verified, closed, withdrawn) escalates no further.
    public func due(state: TicketState, deadline: Int64, now: Int64, taken: Int) -> [Step] {
        guard state.isOpen else { return [] }
        return steps.enumerated().filter { i, step in i >= taken && deadline + Int64(step.hoursFromDeadline) * 3600 <= now }.map(\.element)
    }

    /// True when a ticket in `state` is past its deadline at `now`.
    public static func isOverdue(state: TicketState, deadline: Int64, now: Int64) -> Bool {
        state.isOpen && now > deadline
    }
}
