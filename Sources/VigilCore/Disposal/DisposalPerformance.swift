/// How well an organization (or a province) disposes of its tickets: time to dispose, overdue and reopen rates.
public struct DisposalPerformance: Sendable, Hashable {
    /// One ticket's history, as far as performance is concerned.
    public struct TicketRecord: Sendable, Hashable {
        public var issuedAt: Int64
        public var deadline: Int64
        /// When the organization reported it done (the first time), if it has.
        public var reportedDoneAt: Int64?
        /// How many times a re-check reopened it.
        public var reopenings: Int
        public var state: TicketState

        public init(issuedAt: Int64, deadline: Int64, reportedDoneAt: Int64?, reopenings: Int, state: TicketState) {
            self.issuedAt = issuedAt
            self.deadline = deadline
            self.reportedDoneAt = reportedDoneAt
            self.reopenings = reopenings
            self.state = state
        }
    }

    /// Tickets counted (withdrawn ones are not: they were never the organization's to dispose of).
    public let tickets: Int
    /// Median seconds from issue to reported done, over the tickets reported done.
    public let medianSecondsToDispose: Int64?
    /// The 90th percentile of the same.
    public let p90SecondsToDispose: Int64?
    /// Share of tickets late: reported done after the deadline, or still open past it at `now`.
    public let overdueRate: Double
    /// Share of tickets a re-check reopened at least once.
    public let reopenRate: Double

    /// Computes the figures at `now`.
    public init(_ records: [TicketRecord], now: Int64) {
        let counted = records.filter { $0.state != .withdrawn }
        tickets = counted.count
        let durations = counted.compactMap { r in r.reportedDoneAt.map { max(0, $0 - r.issuedAt) } }.sorted()
        medianSecondsToDispose = Self.percentile(durations, 0.5)
        p90SecondsToDispose = Self.percentile(durations, 0.9)
        let late = counted.filter { r in
            if let done = r.reportedDoneAt { return done > r.deadline }
            return EscalationPolicy.isOverdue(state: r.state, deadline: r.deadline, now: now)
        }.count
        overdueRate = counted.isEmpty ? 0 : Double(late) / Double(counted.count)
        reopenRate = counted.isEmpty ? 0 : Double(counted.filter { $0.reopenings > 0 }.count) / Double(counted.count)
    }

    /// The nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
