import VigilAttribution
import VigilCore
import VigilStore

/// Writes a ``SituationReport`` as a ``ReportDocument`` in Chinese or English, in the eight parts of MIIT's quarterly
/// report: overall situation with numbered highlights; disposal by category and subtype; monitoring by type of
/// reporting organization and disposal by type of disposing organization; provinces and operators; disposal
/// performance; campaigns and watches; change against the period before (环比) and a year earlier (同比); next
/// priorities. Counts are written as Chinese reports write them (3397万, 4.8万).
public struct ReportWriter: Sendable {
    public let report: SituationReport
    public let lang: Language

    public init(_ report: SituationReport, lang: Language) {
        self.report = report
        self.lang = lang
    }

    var f: PeriodFigures { report.current }

    func n(_ value: Int) -> String { lang.count(value) }
    /// A count with its unit: 3397万个 / 33,970,000.
    func threats(_ value: Int) -> String { lang.t("\(n(value))个", n(value)) }
    func share(_ part: Int, of whole: Int) -> String { whole == 0 ? "—" : Language.percent(Double(part) / Double(whole)) }

    func categoryName(_ c: ThreatCategory) -> String { lang.t(c.chineseName, c.englishName) }
    func kindName(_ k: ThreatKind) -> String { lang.t(k.chineseName, k.englishName) }
    func provinceName(_ code: Int) -> String { lang.province(code).capitalizedFirst }
    func operatorName(_ o: NetworkOperator) -> String { lang.t(o.chineseName, o.englishName) }
    func sourceTypeName(_ t: OrgType?) -> String { t.map { lang.t($0.chineseName, $0.englishName) } ?? lang.t("其他", "Other") }
    func organizationTypeName(_ t: OrgType?) -> String { t.map { lang.t($0.chineseName, $0.englishName) } ?? lang.t("名录外单位", "Not in the directory") }
    func organizationName(_ id: String) -> String { report.settings.organizations[id]?.name ?? id }
    func gradeName(_ g: IncidentGrade) -> String { lang.t("\(g.chineseName)（\(g.rawValue)级）", "Grade \(g.rawValue)") }

    /// Keys by their count, largest first; equal counts in `tie` order.
    func largestFirst<K>(_ keys: some Sequence<K>, by count: (K) -> Int, tie: (K, K) -> Bool) -> [K] {
        keys.sorted { count($0) != count($1) ? count($0) > count($1) : tie($0, $1) }
    }

    /// A dictionary's entries by count, largest first; equal counts in `tie` order of their keys.
    func largestFirst<K>(_ counts: [K: Int], tie: (K, K) -> Bool) -> [(key: K, value: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : tie($0.key, $1.key) }
    }

    /// A change as a table cell: +12.3%, -4.5%, "new" or —.
    func delta(_ now: Int, _ before: Int) -> String {
        if before == 0 { return now == 0 ? "—" : lang.t("新增", "new") }
        let r = Double(now - before) / Double(before)
        return (r >= 0 ? "+" : "-") + Language.percent(abs(r))
    }

    /// A change in words: 上升12.3% / up 12.3%.
    func changeText(_ now: Int, _ before: Int) -> String {
        if before == 0 { return now == 0 ? lang.t("持平", "unchanged") : lang.t("由零新增", "up from none") }
        let r = Double(now - before) / Double(before)
        if abs(r) < 0.0005 { return lang.t("持平", "unchanged") }
        let p = Language.percent(abs(r))
        return r > 0 ? lang.t("上升\(p)", "up \(p)") : lang.t("下降\(p)", "down \(p)")
    }

    static let sectionNumbers = ["一", "二", "三", "四", "五", "六", "七", "八"]
    func section(_ i: Int, _ zh: String, _ en: String) -> String { lang.t("\(Self.sectionNumbers[i - 1])、\(zh)", "\(i). \(en)") }

    /// The whole document.
    public func document() -> ReportDocument {
        let title = lang.t("\(report.period.title(.zh))网络安全威胁态势分析与工作综述", "Cyber threat situation and work review, \(report.period.title(.en))")
        let author = report.settings.author[lang] ?? "Vigil"
        var doc = ReportDocument(title: title, subtitle: lang.t("\(author) · 统计期间 \(ReportPeriod.text(report.period.firstDay)) 至 \(ReportPeriod.text(report.period.lastDay))（北京时间）",
                                                                  "\(author) · \(ReportPeriod.text(report.period.firstDay)) to \(ReportPeriod.text(report.period.lastDay)) (Beijing time)"),
                                 language: lang)
        overall(&doc)
        disposal(&doc)
        organizationTypes(&doc)
        regions(&doc)
        performance(&doc)
        campaignsAndWatches(&doc)
        comparison(&doc)
        priorities(&doc)
        doc.paragraph(lang.t("截至报告生成时，平台共收录威胁\(threats(report.storeTotal))（即 vigil stats 的总数），其中首次发现于本期的\(threats(f.monitored))，其余\(threats(report.storeTotal - f.monitored))首次发现于本期之外。",
                             "When the report was made, Vigil held \(n(report.storeTotal)) threats in all (the total of vigil stats): \(n(f.monitored)) first seen in this period and \(n(report.storeTotal - f.monitored)) outside it."))
        doc.paragraph(lang.t("说明：监测发现为统计期间内首次发现的威胁（按首次发现时间计）；处置为责任单位首次反馈整改完成的威胁；已核验为经复核确认已修复的威胁。以上数据均来自 Vigil 写入时维护的汇总表，生成于 \(UTCTime.format(report.generatedAt))。",
                             "Notes: monitored threats are those first seen in the period; disposed threats are those whose responsible organization first reported them removed in the period; verified threats are those a re-check found fixed. All counts come from rollups Vigil keeps as it writes; generated \(UTCTime.format(report.generatedAt))."))
        return doc
    }

    func overall(_ doc: inout ReportDocument) {
        doc.heading(section(1, "总体态势", "Overall situation"))
        let parts = SituationReport.categories.map { c in lang.t("\(categoryName(c))\(threats(f.monitored(c)))", "\(categoryName(c).lowercased()) \(n(f.monitored(c)))") }
        doc.paragraph(lang.t(
            "\(report.period.title(.zh))，共监测发现各类网络安全威胁\(f.monitored >= 10_000 ? "约" : "")\(threats(f.monitored))，处置\(threats(f.disposed))，经复核确认已修复\(threats(f.verified))。其中，\(parts.joined(separator: "，"))。",
            "In \(report.period.title(.en)), \(n(f.monitored)) cyber threats were found, \(n(f.disposed)) were disposed of and \(n(f.verified)) were verified fixed. By category: \(parts.joined(separator: ", "))."))
        var highlights: [String] = []
        if let top = SituationReport.categories.max(by: { f.monitored($0) < f.monitored($1) }), f.monitored(top) > 0 {
            let kinds = largestFirst(f.monitoredByKind.filter { $0.key.category == top }) { $0.rawValue < $1.rawValue }.prefix(2)
            let kindText = kinds.map { lang.t("\(kindName($0.key))\(threats($0.value))", "\(kindName($0.key)) (\(n($0.value)))") }
            highlights.append(lang.t("\(categoryName(top))数量最多，达\(threats(f.monitored(top)))，占\(share(f.monitored(top), of: f.monitored))，以\(kindText.joined(separator: "、"))为主。",
                                     "The largest category was \(categoryName(top).lowercased()): \(n(f.monitored(top))), \(share(f.monitored(top), of: f.monitored)) of all, mostly \(kindText.joined(separator: " and ")).")
            )
        }
        let rising = report.fastestRising
        if !rising.isEmpty {
            let items = rising.map { r in
                r.before == 0 ? lang.t("\(kindName(r.kind))新出现\(threats(r.now))", "\(kindName(r.kind)) appeared (\(n(r.now)))")
                    : lang.t("\(kindName(r.kind))\(threats(r.now))，环比\(changeText(r.now, r.before))", "\(kindName(r.kind)) \(n(r.now)), \(changeText(r.now, r.before))")
            }
            highlights.append(lang.t("增长最快的威胁类型：\(items.joined(separator: "；"))。", "Fastest rising against \(report.period.previousName(.en)): \(items.joined(separator: "; ")).")
            )
        }
        let graded = report.incidentGrades.values.reduce(0, +)
        if graded > 0, let gravest = report.incidents.first {
            let byGrade = IncidentGrade.allCases.compactMap { g in report.incidentGrades[g].map { lang.t("\(g.chineseName)\($0)起", "\($0) \(gradeName(g))") } }
            var detail = lang.t("其中最严重的为\(kindName(gravest.kind))事件（\(gradeName(gravest.grade))，\(gravest.indicator)", "the gravest was a \(kindName(gravest.kind)) incident (\(gradeName(gravest.grade)), \(gravest.indicator)")
            if let users = gravest.usersAffected { detail += lang.t("，影响用户\(n(users))", ", \(n(users)) users affected") }
            if let records = gravest.recordsLeaked { detail += lang.t("，泄露数据\(n(records))条", ", \(n(records)) records leaked") }
            detail += lang.t("）", ")")
            highlights.append(lang.t("定级安全事件\(graded)起（\(byGrade.joined(separator: "、"))），\(detail)。", "\(graded) incidents were graded (\(byGrade.joined(separator: ", "))); \(detail)."))
        }
        if let top = f.monitoredByProvince.filter({ $0.key != 0 }).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
            highlights.append(lang.t("从地区看，\(provinceName(top.key))威胁最多，为\(threats(top.value))，占\(share(top.value, of: f.monitored))。",
                                     "By region, \(provinceName(top.key)) had the most threats: \(n(top.value)), \(share(top.value, of: f.monitored))."))
        }
        if f.monitored > 0 {
            highlights.append(lang.t("处置威胁\(threats(f.disposed))，环比\(changeText(f.disposed, report.previous.disposed))；已核验修复\(threats(f.verified))。",
                                     "\(n(f.disposed)) threats were disposed of, \(changeText(f.disposed, report.previous.disposed)) on \(report.period.previousName(.en)); \(n(f.verified)) were verified fixed."))
        }
        if !highlights.isEmpty {
            doc.paragraph(lang.t("主要特点如下：", "The main points:"))
            doc.list(highlights, ordered: true)
        }
        let bars = SituationReport.categories.map { (label: categoryName($0), value: f.monitored($0)) }
        doc.chart(SVGChart.bars(bars, width: 560, title: lang.t("各类威胁数量", "Threats by category"), format: n), lang.t("图1 各类威胁数量", "Figure 1. Threats by category"))
    }

    func disposal(_ doc: inout ReportDocument) {
        doc.heading(section(2, "威胁处置情况", "Disposal"))
        doc.paragraph(lang.t("本期共处置各类网络安全威胁\(threats(f.disposed))，经复核确认已修复\(threats(f.verified))。各类别及子类情况如下表。",
                             "\(n(f.disposed)) threats were disposed of in the period and \(n(f.verified)) verified fixed, by category and subtype:"))
        var table = ReportDocument.Table(headers: [lang.t("类别", "Category"), lang.t("子类", "Subtype"), lang.t("监测发现", "Monitored"), lang.t("处置", "Disposed"), lang.t("已核验", "Verified")],
                                         rows: [], numeric: [2, 3, 4])
        for c in SituationReport.categories {
            table.strongRows.insert(table.rows.count)
            let verified = f.verifiedByKind.filter { $0.key.category == c }.values.reduce(0, +)
            table.rows.append([categoryName(c), lang.t("合计", "all"), n(f.monitored(c)), n(f.disposed(c)), n(verified)])
            let kinds = Set(f.monitoredByKind.keys).union(f.disposedByKind.keys).filter { $0.category == c }
                .sorted { (f.disposedByKind[$0] ?? 0, f.monitoredByKind[$0] ?? 0) != (f.disposedByKind[$1] ?? 0, f.monitoredByKind[$1] ?? 0)
                    ? (f.disposedByKind[$0] ?? 0, f.monitoredByKind[$0] ?? 0) > (f.disposedByKind[$1] ?? 0, f.monitoredByKind[$1] ?? 0) : $0.rawValue < $1.rawValue }
            for k in kinds {
                table.rows.append(["", kindName(k), n(f.monitoredByKind[k] ?? 0), n(f.disposedByKind[k] ?? 0), n(f.verifiedByKind[k] ?? 0)])
            }
        }
        table.strongRows.insert(table.rows.count)
        table.rows.append([lang.t("总计", "Total"), "", n(f.monitored), n(f.disposed), n(f.verified)])
        doc.table(table)
        let bars = SituationReport.categories.map { (label: categoryName($0), value: f.disposed($0)) }
        doc.chart(SVGChart.bars(bars, width: 560, title: lang.t("各类威胁处置数量", "Threats disposed of by category"), format: n), lang.t("图2 各类威胁处置数量", "Figure 2. Disposed of, by category"))
    }

    func organizationTypes(_ doc: inout ReportDocument) {
        doc.heading(section(3, "报送与处置单位情况", "Reporting and disposing organizations"))
        let reported = f.monitoredBySource.values.reduce(0, +)
        doc.paragraph(lang.t("按报送单位类型统计，本期监测发现的威胁（按首次报送单位计）分布如下：", "Threats monitored, by the type of the organization that reported them first:"))
        var byType = ReportDocument.Table(headers: [lang.t("报送单位类型", "Reporting organization"), lang.t("威胁数量", "Threats"), lang.t("占比", "Share")], rows: [], numeric: [1, 2])
        for (t, v) in largestFirst(f.monitoredBySourceType) { sourceTypeName($0) < sourceTypeName($1) } {
            byType.rows.append([sourceTypeName(t), n(v), share(v, of: reported)])
        }
        byType.strongRows.insert(byType.rows.count)
        byType.rows.append([lang.t("合计", "Total"), n(reported), share(reported, of: reported)])
        doc.table(byType)
        let sources = largestFirst(f.monitoredBySource, tie: <).prefix(10)
        doc.list(sources.map { lang.t("\($0.key)（\(sourceTypeName(report.settings.type(ofSource: $0.key)))）：\(threats($0.value))", "\($0.key) (\(sourceTypeName(report.settings.type(ofSource: $0.key)))): \(n($0.value))") })
        doc.paragraph(lang.t("按处置单位类型统计，本期处置的威胁分布如下：", "Threats disposed of, by the type of the disposing organization:"))
        var disposers = ReportDocument.Table(headers: [lang.t("处置单位类型", "Disposing organization"), lang.t("处置数量", "Disposed"), lang.t("占比", "Share")], rows: [], numeric: [1, 2])
        for (t, v) in largestFirst(f.disposedByOrganizationType) { organizationTypeName($0) < organizationTypeName($1) } {
            disposers.rows.append([organizationTypeName(t), n(v), share(v, of: f.disposed)])
        }
        disposers.strongRows.insert(disposers.rows.count)
        disposers.rows.append([lang.t("合计", "Total"), n(f.disposed), share(f.disposed, of: f.disposed)])
        doc.table(disposers)
    }

    func regions(_ doc: inout ReportDocument) {
        doc.heading(section(4, "地区与运营商分布", "Provinces and operators"))
        var provinces = ReportDocument.Table(headers: [lang.t("省份", "Province"), lang.t("监测发现", "Monitored"), lang.t("占比", "Share"), lang.t("处置", "Disposed"), lang.t("环比", "vs before")],
                                             rows: [], numeric: [1, 2, 3, 4])
        let codes = Set(f.monitoredByProvince.keys).union(f.disposedByProvince.keys)
        // Largest first; threats of no known province last.
        let ordered = largestFirst(codes.filter { $0 != 0 }, by: { f.monitoredByProvince[$0] ?? 0 }, tie: <)
        for code in ordered + (codes.contains(0) ? [0] : []) {
            let v = f.monitoredByProvince[code] ?? 0
            provinces.rows.append([provinceName(code), n(v), share(v, of: f.monitored), n(f.disposedByProvince[code] ?? 0), delta(v, report.previous.monitoredByProvince[code] ?? 0)])
        }
        provinces.strongRows.insert(provinces.rows.count)
        provinces.rows.append([lang.t("合计", "Total"), n(f.monitored), share(f.monitored, of: f.monitored), n(f.disposed), delta(f.monitored, report.previous.monitored)])
        doc.paragraph(lang.t("按威胁所在省份（IP 地址或域名的属地）统计：", "By the province of the threat (where its address or domain is):"))
        doc.table(provinces)
        let top = largestFirst(f.monitoredByProvince.filter { $0.key != 0 }, tie: <).prefix(10)
        doc.chart(SVGChart.bars(top.map { (label: provinceName($0.key), value: $0.value) }, width: 560, title: lang.t("威胁数量前十的省份", "The ten provinces with the most threats"), format: n),
                  lang.t("图3 威胁数量前十的省份", "Figure 3. The ten provinces with the most threats"))
        var operators = ReportDocument.Table(headers: [lang.t("运营商", "Operator"), lang.t("监测发现", "Monitored"), lang.t("占比", "Share"), lang.t("处置", "Disposed")], rows: [], numeric: [1, 2, 3])
        for o in largestFirst(Set(f.monitoredByOperator.keys).union(f.disposedByOperator.keys), by: { f.monitoredByOperator[$0] ?? 0 }) { $0.rawValue < $1.rawValue } {
            let v = f.monitoredByOperator[o] ?? 0
            operators.rows.append([operatorName(o), n(v), share(v, of: f.monitored), n(f.disposedByOperator[o] ?? 0)])
        }
        operators.strongRows.insert(operators.rows.count)
        operators.rows.append([lang.t("合计", "Total"), n(f.monitored), share(f.monitored, of: f.monitored), n(f.disposed)])
        doc.paragraph(lang.t("按网络运营商统计：", "By network operator:"))
        doc.table(operators)
    }

    func performance(_ doc: inout ReportDocument) {
        doc.heading(section(5, "处置效能", "Disposal performance"))
        let p = report.performance
        guard p.tickets > 0 else {
            doc.paragraph(lang.t("本期未下发处置工单。", "No tickets were issued in the period."))
            return
        }
        var text = lang.t("本期共下发处置工单\(n(p.tickets))张", "\(n(p.tickets)) tickets were issued in the period")
        if let median = p.medianSecondsToDispose, let p90 = p.p90SecondsToDispose {
            text += lang.t("，处置用时中位数为\(lang.duration(median))，90%的工单在\(lang.duration(p90))内处置完毕",
                           "; the median time to dispose was \(lang.duration(median)), and 90% were disposed of within \(lang.duration(p90))")
        }
        text += lang.t("；超期率\(Language.percent(p.overdueRate))，复核后重新打开率\(Language.percent(p.reopenRate))。",
                       "; \(Language.percent(p.overdueRate)) were late and \(Language.percent(p.reopenRate)) were reopened after a re-check.")
        doc.paragraph(text)
        guard !report.slowest.isEmpty else { return }
        doc.paragraph(lang.t("处置较慢的单位（工单不少于3张）：", "The slowest organizations (at least 3 tickets):"))
        var table = ReportDocument.Table(headers: [lang.t("单位", "Organization"), lang.t("工单", "Tickets"), lang.t("用时中位数", "Median time"), lang.t("超期率", "Late"), lang.t("重新打开率", "Reopened")],
                                         rows: [], numeric: [1, 2, 3, 4])
        for s in report.slowest {
            table.rows.append([organizationName(s.organization), n(s.performance.tickets), s.performance.medianSecondsToDispose.map(lang.duration) ?? lang.t("未处置", "none disposed"),
                               Language.percent(s.performance.overdueRate), Language.percent(s.performance.reopenRate)])
        }
        doc.table(table)
    }

    func campaignsAndWatches(_ doc: inout ReportDocument) {
        doc.heading(section(6, "专项治理与重大活动保障", "Campaigns and watches"))
        if report.campaigns.isEmpty {
            doc.paragraph(lang.t("本期无专项治理行动。", "No campaign ran in the period."))
        } else {
            var table = ReportDocument.Table(headers: [lang.t("专项行动", "Campaign"), lang.t("期间", "Period"), lang.t("发现", "Found"), lang.t("确认", "Confirmed"), lang.t("处置", "Disposed"),
                                                       lang.t("已核验", "Verified"), lang.t("修复率", "Fixed"), lang.t("目标", "Target")], rows: [], numeric: [2, 3, 4, 5, 6, 7])
            for (c, p) in report.campaigns {
                let met = c.meetsTarget(p)
                table.rows.append([c.name, "\(ReportPeriod.text(ThreatDay.of(c.start))) – \(ReportPeriod.text(ThreatDay.of(c.end - 1)))", n(p.found), n(p.confirmed), n(p.disposed), n(p.verified),
                                   Language.percent(p.fixedShare), Language.percent(c.targetFixedShare) + (met ? lang.t("（已达成）", " (met)") : lang.t("（未达成）", " (not met)"))])
            }
            doc.table(table)
        }
        if report.watches.isEmpty {
            doc.paragraph(lang.t("本期无重大活动保障任务。", "No watch ran in the period."))
        } else {
            let alertNames: [String: (String, String)] = [
                "dnsChanged": ("解析变化", "DNS changed"), "dnsInjected": ("解析劫持", "DNS injected"), "dnsFailure": ("解析失败", "DNS failure"),
                "dnssecBogus": ("DNSSEC校验失败", "DNSSEC bogus"), "defaced": ("网页篡改", "defaced"), "hiddenLink": ("暗链", "hidden link"),
                "unreachable": ("不可达", "unreachable"), "recovered": ("已恢复", "recovered"),
            ]
            var table = ReportDocument.Table(headers: [lang.t("保障任务", "Watch"), lang.t("监测项", "Checks"), lang.t("告警", "Alerts"), lang.t("告警类型", "Alert kinds")], rows: [], numeric: [1, 2])
            for w in report.watches {
                let kinds = largestFirst(w.alerts, tie: <).map { k, v in
                    let name = alertNames[k].map { lang.t($0.0, $0.1) } ?? k
                    return "\(name) \(v)"
                }
                table.rows.append([w.name, n(w.checks), n(w.alerts.values.reduce(0, +)), kinds.isEmpty ? lang.t("无", "none") : kinds.joined(separator: lang.t("、", ", "))])
            }
            doc.table(table)
        }
    }

    func comparison(_ doc: inout ReportDocument) {
        doc.heading(section(7, "环比与同比", "Change against the period before and a year earlier"))
        let before = report.previous, lastYear = report.yearEarlier
        doc.paragraph(lang.t("与\(report.period.previousName(.zh))（\(ReportPeriod.text(before.period.firstDay)) 至 \(ReportPeriod.text(before.period.lastDay))）相比，监测发现威胁\(changeText(f.monitored, before.monitored))，处置数量\(changeText(f.disposed, before.disposed))；与去年同期相比，监测发现威胁\(changeText(f.monitored, lastYear.monitored))，处置数量\(changeText(f.disposed, lastYear.disposed))。",
                             "Against \(report.period.previousName(.en)) (\(ReportPeriod.text(before.period.firstDay)) to \(ReportPeriod.text(before.period.lastDay))), threats monitored were \(changeText(f.monitored, before.monitored)) and threats disposed of \(changeText(f.disposed, before.disposed)); against a year earlier, \(changeText(f.monitored, lastYear.monitored)) and \(changeText(f.disposed, lastYear.disposed))."))
        var table = ReportDocument.Table(headers: [lang.t("指标", "Figure"), lang.t("本期", "This period"), report.period.previousName(lang).capitalizedFirst, lang.t("环比", "Change"),
                                                   lang.t("去年同期", "A year earlier"), lang.t("同比", "Change")], rows: [], numeric: [1, 2, 3, 4, 5])
        func row(_ name: String, _ a: Int, _ b: Int, _ c: Int) { table.rows.append([name, n(a), n(b), delta(a, b), n(c), delta(a, c)]) }
        table.strongRows.insert(0)
        row(lang.t("监测发现", "Monitored"), f.monitored, before.monitored, lastYear.monitored)
        for c in SituationReport.categories { row(lang.t("　\(categoryName(c))", "  \(categoryName(c))"), f.monitored(c), before.monitored(c), lastYear.monitored(c)) }
        table.strongRows.insert(table.rows.count)
        row(lang.t("处置", "Disposed"), f.disposed, before.disposed, lastYear.disposed)
        for c in SituationReport.categories { row(lang.t("　\(categoryName(c))", "  \(categoryName(c))"), f.disposed(c), before.disposed(c), lastYear.disposed(c)) }
        table.strongRows.insert(table.rows.count)
        row(lang.t("已核验修复", "Verified fixed"), f.verified, before.verified, lastYear.verified)
        doc.table(table)
    }

    func priorities(_ doc: inout ReportDocument) {
        doc.heading(section(8, "下一步工作", "Next priorities"))
        let items = report.settings.priorities[lang] ?? report.settings.priorities[lang == .zh ? .en : .zh] ?? []
        if items.isEmpty {
            doc.paragraph(lang.t("（尚未配置：在 vigil.toml 的 [report] 中以 priorities 填写下一步工作。）", "(None configured: list them as `priorities_en` under [report] in vigil.toml.)"))
        } else {
            doc.list(items, ordered: true)
        }
    }
}

extension String {
    /// The text with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
