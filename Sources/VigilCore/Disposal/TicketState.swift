/// Where a disposal ticket (处置工单) stands. Transitions are checked by ``TicketState/after(_:)``: an illegal one is
/// an error, never a silent no-op.
///
/// ```
/// issued ─ack─► acknowledged ─done─► reportedDone ─fixed─► verified ─close─► closed
///    │               │                    │ └─failed─► reopened ─ack/done─► …
///    └───────────────┴──── withdraw (reversed on appeal) ────► withdrawn
/// ```
public enum TicketState: String, Sendable, Hashable, CaseIterable, Codable {
    case issued, acknowledged, reportedDone, verified, closed, reopened, withdrawn

    /// What happens to a ticket.
    public enum Event: String, Sendable, Hashable, CaseIterable, Codable {
        /// The organization acknowledges the ticket.
        case acknowledge
        /// The organization reports the measure done.
        case reportDone
        /// A re-check found the threat gone.
        case verifyFixed
        /// A re-check found the threat still present.
        case verifyFailed
        /// The ticket is closed after verification.
        case close
        /// The threat was reversed on appeal; the ticket no longer applies.
        case withdraw
    }

    /// Why a transition is not allowed.
    public struct TransitionError: Error, Sendable, Hashable, CustomStringConvertible {
        public let from: TicketState
        public let event: Event
        public var description: String {
            "a \(from.rawValue) ticket cannot take '\(event.rawValue)'; allowed: "
                + from.allowedEvents.map(\.rawValue).joined(separator: ", ").nonEmpty(or: "nothing (it is final)")
        }
    }

    /// True for states no event leaves.
    public var isFinal: Bool { self == .closed || self == .withdrawn }

    /// True while the organization still has to act (the deadline runs).
    public var isOpen: Bool { self == .issued || self == .acknowledged || self == .reopened }

    /// The state after `event`, or the error naming what is allowed instead.
    public func after(_ event: Event) throws(TransitionError) -> TicketState {
        switch (self, event) {
        case (.issued, .acknowledge), (.reopened, .acknowledge): return .acknowledged
        case (.issued, .reportDone), (.acknowledged, .reportDone), (.reopened, .reportDone): return .reportedDone
        case (.reportedDone, .verifyFixed): return .verified
        case (.reportedDone, .verifyFailed): return .reopened
        case (.verified, .close): return .closed
        case (let state, .withdraw) where !state.isFinal: return .withdrawn
        default: throw TransitionError(from: self, event: event)
        }
    }

    /// The events allowed from this state.
    public var allowedEvents: [Event] {
        Event.allCases.filter { (try? after($0)) != nil }
    }
}

extension String {
    fileprivate func nonEmpty(or fallback: String) -> String { isEmpty ? fallback : self }
}
