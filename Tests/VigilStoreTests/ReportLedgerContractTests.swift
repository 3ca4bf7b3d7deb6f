import Foundation
import Testing
import VigilAttribution
import VigilCore
import VigilPublish
import VigilStore
import VigilTesting

/// The situation report's rollups on both stores: new threats by day and by the source that reported them first
/// (kept by the ingest write), threats disposed of and verified (kept by ticket transitions, once per ticket), and the
/// report built from them, whose totals equal the store's own counts.
@Suite struct ReportLedgerContractTests {
    @Test(arguments: Backend.allCases) func rollupsFollowIngestAndTickets(_ backend: Backend) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        guard let (store, _) = try await backend.make(dir) else { return }
        // 2018Q3 (Beijing days): 61.135.1.1-4 on 2018-07-10; 61.135.1.5 first seen at 23:30 Beijing on 2018-09-30, which is
        // still Q3 though it is 15:30 UTC; one threat in Q2.
        let q3 = try #require(UTCTime.parse("2018-07-10T12:00:00+08:00")), lastEvening = try #require(UTCTime.parse("2018-09-30T23:30:00+08:00"))
        let q2 = try #require(UTCTime.parse("2018-05-01T12:00:00+08:00"))
        func owned(_ org: String, _ province: Int) -> Attribution {
            Attribution(countryCode: "CN", provinceCode: province, networkOperator: .chinaTelecom, organizationID: org, organizationName: org)
        }
        let first = [
            Fixtures.resolved(.c2Server, "61.135.1.1", seenAt: q3, row: 1, attribution: owned("org-a", 440000)),
            Fixtures.resolved(.maliciousIP, "61.135.1.2", seenAt: q3, row: 2, attribution: owned("org-a", 440000)),
            Fixtures.resolved(.openNTPMonlist, "61.135.1.3", seenAt: q3, row: 3, attribution: owned("org-b", 110000)),
            Fixtures.resolved(.openNTPMonlist, "61.135.1.4", seenAt: q2, row: 4, attribution: owned("org-b", 110000)),
        ]
        guard case .open(let b1, let s1, _) = try await store.openBatch(Fixtures.descriptor("r1", source: "CNCERT")) else { throw StoreError(.write, "no batch") }
        _ = try await store.write(chunk: first, rejects: [], batchID: b1, sourceID: s1)
        _ = try await store.completeBatch(id: b1, rows: 4, observations: 4, rejects: 0)
        guard case .open(let b2, let s2, _) = try await store.openBatch(Fixtures.descriptor("r2", source: "feed-b")) else { throw StoreError(.write, "no batch") }
        // A repeat sighting of 61.135.1.1 adds no threat; 61.135.1.5 is new.
        _ = try await store.write(chunk: [Fixtures.resolved(.c2Server, "61.135.1.1", seenAt: q3 + 60, row: 1, attribution: owned("org-a", 440000)),
                                          Fixtures.resolved(.bot, "61.135.1.5", seenAt: lastEvening, row: 2, attribution: owned("org-a", 440000))],
                                  rejects: [], batchID: b2, sourceID: s2)
        _ = try await store.completeBatch(id: b2, rows: 2, observations: 2, rejects: 0)

        let ledger = ReportLedger(store)
        let period = ReportPeriod.quarter(2018, 3)
        let monitored = try await ledger.monitored(from: period.firstDay, to: period.lastDay)
        #expect(monitored.map(\.threats).reduce(0, +) == 4, "four threats first seen in Q3: \(monitored)")
        #expect(monitored.filter { $0.province == 440000 }.map(\.threats).reduce(0, +) == 3)
        let reported = try await ledger.reported(from: period.firstDay, to: period.lastDay)
        #expect(Dictionary(reported.map { ($0.source + "/" + $0.kind.rawValue, $0.threats) }, uniquingKeysWith: +)
                == ["CNCERT/c2Server": 1, "CNCERT/maliciousIP": 1, "CNCERT/openNTPMonlist": 1, "feed-b/bot": 1], "by the source that reported each first")
        let all = try await ledger.monitored(from: ReportPeriod.quarter(2018, 2).firstDay, to: period.lastDay)
        let total = try await store.statistics().totalThreats
        #expect(all.map(\.threats).reduce(0, +) == total, "Q2 and Q3 hold every threat")

        // Tickets: reported done (counted once, even when reported again after a reopening), then verified.
        let disposal = DisposalLedger(store)
        let pending = try await disposal.pendingDeterminations(after: nil, limit: 10)
        try await disposal.record(pending.map { ($0, Determination(.confirmed, rule: .trustedSource, evidence: [])) }, at: q3 + 86_400)
        let confirmed = try await disposal.confirmedUnticketed(limit: 100)
        let plan = TicketPlanner().plan(confirmed.map { TicketPlanner.Confirmed(threat: $0.threat, kind: $0.kind, organization: $0.organization) },
                                        ticketed: [], open: try await disposal.openTicketKeys(), now: q3 + 86_400)
        let tickets = try await disposal.issue(plan, provinces: [:], notices: [:], at: q3 + 86_400)
        let orgA = try #require(tickets.filter { $0.organization == "org-a" }.max { $0.threats < $1.threats })
        let done = q3 + 2 * 86_400
        try await disposal.transition(orgA.id, .reportDone, by: "org-a", at: done)
        try await disposal.transition(orgA.id, .verifyFailed, by: "vigil-probe", at: done + 3_600)
        try await disposal.transition(orgA.id, .reportDone, by: "org-a", at: done + 7_200)
        try await disposal.transition(orgA.id, .verifyFixed, by: "vigil-probe", at: done + 10_800)
        let figures = try await ledger.disposed(from: period.firstDay, to: period.lastDay)
        #expect(figures.map(\.disposed).reduce(0, +) == orgA.threats && figures.map(\.verified).reduce(0, +) == orgA.threats, "once, not twice: \(figures)")
        #expect(Set(figures.map(\.organization)) == ["org-a"] && figures.allSatisfy { $0.province == 440000 })
        // Rebuilt from the tickets (as re-attribution and the migration do), the rollup is the same.
        _ = try await store.perform([SQLStatement("DELETE FROM disposal_daily", []), SQLStatement(ReportLedger.rebuildDisposalDaily, [])])
        let rebuilt = try await ledger.disposed(from: period.firstDay, to: period.lastDay)
        #expect(Set(rebuilt) == Set(figures), "rebuilt: \(rebuilt) kept: \(figures)")
        // The audit log gives the same disposal times as the ones kept.
        _ = try await store.perform([SQLStatement("UPDATE ticket_threats SET disposed_at = NULL", [])] + ReportLedger.backfillDisposedAt.map { SQLStatement($0, []) })
        let times = try await store.rows("SELECT DISTINCT disposed_at FROM ticket_threats WHERE ticket_id = ?", [.integer(orgA.id)])
        #expect(times.map { $0[0].int } == [done], "the first report of done: \(times)")
        let issued = try await ledger.tickets(from: period.firstDay, to: period.lastDay)
        #expect(issued.count == tickets.count && issued.first { $0.organization == "org-a" && $0.record.reopenings == 1 } != nil)

        // The report: totals equal the store's counts, categories add up, the quarter before is Q2.
        let report = try await SituationReport.build(store, period: period, settings: ReportSettings(), at: done + 86_400)
        #expect(report.current.monitored == 4 && report.previous.monitored == 1 && report.yearEarlier.monitored == 0 && report.storeTotal == total)
        #expect(SituationReport.categories.map { report.current.monitored($0) }.reduce(0, +) == report.current.monitored)
        #expect(report.current.disposed == orgA.threats && report.current.monitoredBySourceType[.professionalInstitution] == 3, "CNCERT is a professional institution")
        #expect(report.performance.tickets == tickets.count && report.performance.reopenRate > 0)
        let zh = ReportRenderer.markdown(ReportWriter(report, lang: .zh).document())
        #expect(zh.contains("共监测发现各类网络安全威胁4个") && zh.contains("八、下一步工作"))
    }

    @Test func periodsAndTheirComparisons() throws {
        let q = try ReportPeriod.quarter("2018Q3")
        #expect(ReportPeriod.text(q.firstDay) == "2018-07-01" && ReportPeriod.text(q.lastDay) == "2018-09-30" && q.days == 92)
        let q1 = try ReportPeriod.quarter("2018q1")
        #expect(q.previous.label == "2018Q2" && q.yearEarlier.label == "2017Q3" && q1.previous.label == "2017Q4")
        #expect(q.title(.zh) == "2018年第三季度" && q.title(.en) == "Q3 2018")
        let m = try ReportPeriod.month("2024-03")
        #expect(m.days == 31 && m.previous.label == "2024-02" && m.previous.days == 29 && m.yearEarlier.label == "2023-03")
        let r = try ReportPeriod.range("2024-02-20..2024-03-01")
        #expect(r.days == 11 && ReportPeriod.text(r.previous.lastDay) == "2024-02-19" && r.previous.days == 11)
        #expect(ReportPeriod.text(r.yearEarlier.firstDay) == "2023-02-20" && ReportPeriod.text(r.yearEarlier.lastDay) == "2023-03-01")
        let leap = try ReportPeriod.range("2024-02-29..2024-02-29")
        #expect(ReportPeriod.text(leap.yearEarlier.firstDay) == "2023-02-28")
        for bad in ["2018Q5", "2018-Q", "18Q3", ""] { #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.quarter(bad) } }
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.month("2018-13") }
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.range("2018-09-30..2018-07-01") }
    }

    @Test func countsAreWrittenAsChineseReportsWriteThem() {
        #expect(Language.zh.count(33_970_000) == "3397万" && Language.zh.count(6_530_000) == "653万" && Language.zh.count(48_000) == "4.8万")
        #expect(Language.zh.count(1_270_000) == "127万" && Language.zh.count(606) == "606" && Language.zh.count(340_000_000) == "3.4亿")
        #expect(Language.en.count(33_970_000) == "33,970,000" && Language.en.count(479) == "479")
    }
}
