import VigilAttribution
import VigilCore
import VigilStore

/// The situation report (网络安全威胁态势分析与工作综述) of one period, in the structure of MIIT's quarterly report:
/// the period's figures and those of the period before (环比) and a year earlier (同比), disposal performance of the
/// tickets issued in it, the gravest graded incidents, campaigns (专项治理) and watches (重大活动保障) with their
/// results, and the next priorities. Every count comes from the rollups kept on write; ``ReportRenderer`` writes it.
public struct SituationReport: Sendable {
    public var period: ReportPeriod
    public var current: PeriodFigures
    public var previous: PeriodFigures
    public var yearEarlier: PeriodFigures
    /// Performance of the tickets issued in the period.
    public var performance: DisposalPerformance
    /// Organizations with at least 3 tickets, slowest (median time to dispose, then overdue rate) first.
    public var slowest: [(organization: String, performance: DisposalPerformance)]
    /// Graded incidents first seen in the period, by grade, and the five gravest.
    public var incidentGrades: [IncidentGrade: Int]
    public var incidents: [ReportLedger.GradedIncident]
    /// Campaigns whose span overlaps the period, with their progress at the report's time.
    public var campaigns: [(campaign: Campaign, progress: Campaign.Progress)]
    public var watches: [ReportLedger.WatchActivity]
    public var settings: ReportSettings
    /// Every threat in the store, of any time (the total of `vigil stats`).
    public var storeTotal: Int
    /// When it was made.
    public var generatedAt: Int64

    /// Builds the report of `period` from a store.
    public static func build(_ store: any SQLExecutor, period: ReportPeriod, settings: ReportSettings, at now: Int64) async throws -> SituationReport {
        let ledger = ReportLedger(store)
        let current = try await PeriodFigures.read(ledger, period, settings: settings)
        let previous = try await PeriodFigures.read(ledger, period.previous, settings: settings)
        let yearEarlier = try await PeriodFigures.read(ledger, period.yearEarlier, settings: settings)
        let tickets = try await ledger.tickets(from: period.firstDay, to: period.lastDay)
        let performance = DisposalPerformance(tickets.map(\.record), now: now)
        var byOrganization: [String: [DisposalPerformance.TicketRecord]] = [:]
        for t in tickets { byOrganization[t.organization, default: []].append(t.record) }
        let slowest = byOrganization.compactMap { org, records -> (organization: String, performance: DisposalPerformance)? in
            let p = DisposalPerformance(records, now: now)
            return p.tickets >= 3 ? (org, p) : nil
        }.sorted { a, b in
            let ma = a.performance.medianSecondsToDispose ?? Int64.max, mb = b.performance.medianSecondsToDispose ?? Int64.max
            if ma != mb { return ma > mb }
            if a.performance.overdueRate != b.performance.overdueRate { return a.performance.overdueRate > b.performance.overdueRate }
            return a.organization < b.organization
        }
        let start = ThreatDay.start(period.firstDay), end = ThreatDay.start(period.lastDay + 1)
        let incidents = try await ledger.incidents(from: period.firstDay, to: period.lastDay)
        let disposal = DisposalLedger(store)
        var campaigns: [(campaign: Campaign, progress: Campaign.Progress)] = []
        for c in try await disposal.campaigns() where c.start < end && c.end > start {
            campaigns.append((c, try await disposal.progress(of: c, at: now).progress))
        }
        return SituationReport(
            period: period, current: current, previous: previous, yearEarlier: yearEarlier, performance: performance, slowest: Array(slowest.prefix(5)),
            incidentGrades: incidents.reduce(into: [:]) { $0[$1.grade, default: 0] += 1 }, incidents: Array(incidents.prefix(5)), campaigns: campaigns,
            watches: try await ledger.watches(from: period.firstDay, to: period.lastDay), settings: settings,
            storeTotal: try await ledger.storeTotal(), generatedAt: now)
    }

    /// A kind whose count rose most against the period before.
    public struct Rise: Sendable, Hashable {
        public var kind: ThreatKind
        public var now: Int
        public var before: Int
        /// Growth as a fraction (1.5 is +150%); nil when there were none before.
        public var growth: Double? { before == 0 ? nil : Double(now - before) / Double(before) }
    }

    /// The kinds that rose fastest against the period before: at least 1% of the period's threats (and at least 10),
    /// up by at least 10%, or new; the largest rises first.
    public var fastestRising: [Rise] {
        let floor = max(10, current.monitored / 100)
        let rises = current.monitoredByKind.compactMap { kind, n -> Rise? in
            let before = previous.monitoredByKind[kind] ?? 0
            guard n >= floor, before == 0 || Double(n - before) / Double(before) >= 0.1 else { return nil }
            return Rise(kind: kind, now: n, before: before)
        }
        return rises.sorted { a, b in
            switch (a.growth, b.growth) {
            case (nil, nil): return a.now != b.now ? a.now > b.now : a.kind.rawValue < b.kind.rawValue
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x != y ? x > y : a.kind.rawValue < b.kind.rawValue
            }
        }.prefix(3).map { $0 }
    }

    /// Categories in the order the ministry lists them.
    public static let categories: [ThreatCategory] = [.maliciousResource, .malware, .hazard, .incident, .other]
}
