import Foundation
import VigilAttribution
import VigilCore
import VigilEngine
import VigilPublish
import VigilStore

/// The situation report over a large store: `threats` threats written through the store's own chunk path (so the
/// rollups are kept exactly as ingest keeps them), their kinds in the proportions of MIIT's quarterly report (6.53M
/// malicious network resources, 26.11M malicious programs, 48k hidden dangers, 1.27M incidents, 10k others in
/// 33.97M), spread over 2018Q3, across provinces and operators, from five sources; a tenth as many in the quarter
/// before, for 环比; and a campaign over the hidden dangers. Then the report of the quarter is built and rendered
/// (Markdown and HTML, both languages), three times, and the time and peak memory printed. The store is kept
/// (`--database`) so a second run measures the report alone.
enum ReportBenchmark {
    static let mix: [(ThreatKind, IndicatorType, Int)] = [
        (.maliciousIP, .ip, 2_400_000), (.maliciousDomain, .domain, 1_500_000), (.phishingURL, .url, 1_200_000), (.malwareURL, .url, 1_000_000),
        (.c2Server, .ip, 430_000),
        (.trojan, .hash, 9_000_000), (.bot, .hash, 7_000_000), (.mobileMalware, .hash, 6_000_000), (.virus, .hash, 3_000_000), (.ransomware, .hash, 1_110_000),
        (.weakPassword, .ip, 20_000), (.backdoor, .ip, 8_000), (.vulnerability, .ip, 20_000),
        (.compromisedHost, .ip, 1_100_000), (.defacement, .url, 100_000), (.dataLeak, .url, 70_000),
        (.other, .ip, 10_000),
    ]
    static let provinces = [110000, 120000, 130000, 140000, 150000, 210000, 220000, 230000, 310000, 320000, 330000, 340000, 350000, 360000, 370000, 410000,
                            420000, 430000, 440000, 450000, 460000, 500000, 510000, 520000, 530000, 540000, 610000, 620000, 630000, 640000, 650000]
    static let operators: [NetworkOperator] = [.chinaTelecom, .chinaUnicom, .chinaMobile, .cernet, .alibabaCloud, .tencentCloud]
    static let sources = ["CNCERT", "shadowserver", "中国电信", "某网络安全企业", "某省通信管理局"]

    /// An indicator value, unique for `n` within its kind.
    static func value(_ type: IndicatorType, _ kindIndex: Int, _ n: Int) -> String {
        switch type {
        case .ip: let a = UInt32(truncatingIfNeeded: n &* 2_654_435_761 &+ kindIndex &* 97)
            return "\(a >> 24).\((a >> 16) & 255).\((a >> 8) & 255).\(a & 255)"
        case .domain: return "d\(kindIndex)-\(n).example.cn"
        case .url: return "http://u\(kindIndex)-\(n).example.cn/p"
        default:
            let h = String(UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(kindIndex), radix: 16)
            return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "a", count: 48)
        }
    }

    static func fill(_ store: any Store, threats total: Int) async throws {
        let scale = Double(total) / Double(mix.map(\.2).reduce(0, +))
        let quarter = ReportPeriod.quarter(2018, 3), before = ReportPeriod.quarter(2018, 2)
        var rng = SeededGenerator(seed: 34)
        let started = Date()
        var written = 0
        for (si, source) in sources.enumerated() {
            guard case .open(let batch, let sourceID, _) = try await store.openBatch(BatchDescriptor(
                sha256: "report-bench-\(si)", sourceName: source, format: "jsonl", fileName: "bench-\(si).jsonl", size: 1, receivedAt: 1_538_000_000)) else { continue }
            var chunk: [ResolvedObservation] = []
            chunk.reserveCapacity(50_000)
            var rows = 0
            for (ki, (kind, type, count)) in mix.enumerated() {
                // Each source holds a fifth of each kind; the quarter before gets a tenth more.
                let n = Int(Double(count) * scale) / sources.count
                for j in 0..<(n + n / 10) {
                    let period = j < n ? quarter : before
                    let seen = ThreatDay.start(period.firstDay) + Int64.random(in: 0..<(period.days * 86_400), using: &rng)
                    let attribution = Attribution(countryCode: "CN", provinceCode: provinces[Int.random(in: 0..<provinces.count, using: &rng)],
                                                  networkOperator: operators[Int.random(in: 0..<operators.count, using: &rng)])
                    rows += 1
                    let o = Observation(kind: kind, indicator: Indicator(uncheckedType: type, value: value(type, ki, j * sources.count + si)), seenAt: seen, row: rows)
                    chunk.append(ResolvedObservation(observation: o, threatID: o.threatID, attribution: attribution))
                    if chunk.count == 50_000 {
                        written += try await store.write(chunk: chunk, rejects: [], batchID: batch, sourceID: sourceID).newThreats
                        chunk.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !chunk.isEmpty { written += try await store.write(chunk: chunk, rejects: [], batchID: batch, sourceID: sourceID).newThreats }
            _ = try await store.completeBatch(id: batch, rows: rows, observations: rows, rejects: 0)
            report("report-fill", rows: written, seconds: Date().timeIntervalSince(started), extra: "source=\(source)")
        }
    }

    static func run(database: String, threats: Int) async throws {
        let store = try await openStore(database)
        if try await store.statistics().totalThreats == 0 {
            try await fill(store, threats: threats)
        }
        // A campaign in the quarter (专项治理) over the hidden dangers, as the report reads each campaign's threats.
        let disposal = DisposalLedger(store)
        if try await disposal.campaigns().isEmpty {
            let q = ReportPeriod.quarter(2018, 3)
            try await disposal.addCampaign(Campaign(name: "弱口令与后门专项治理", start: ThreatDay.start(q.firstDay), end: ThreatDay.start(q.lastDay + 1),
                                                    kinds: [.weakPassword, .backdoor, .vulnerability]), by: "bench", at: ThreatDay.start(q.firstDay))
        }
        let stats = try await store.statistics()
        let settings = ReportSettings(sourceTypes: ["CNCERT": .professionalInstitution, "shadowserver": .securityCompany, "中国电信": .basicOperator,
                                                    "某网络安全企业": .securityCompany, "某省通信管理局": .provincialAdministration])
        for run in 1...3 {
            let t0 = Date()
            let r = try await SituationReport.build(store, period: .quarter(2018, 3), settings: settings, at: 1_546_300_800)
            let built = Date().timeIntervalSince(t0)
            var bytes = 0
            for lang in Language.allCases {
                let doc = ReportWriter(r, lang: lang).document()
                bytes += ReportRenderer.markdown(doc).utf8.count + ReportRenderer.html(doc).utf8.count
            }
            let total = Date().timeIntervalSince(t0)
            print(String(format: "report     run=%d store_threats=%d quarter_threats=%d build_s=%.3f with_render_s=%.3f output_kb=%d peak_rss_mb=%.1f",
                         run, stats.totalThreats, r.current.monitored, built, total, bytes / 1024, peakRSSMegabytes()))
        }
    }
}
