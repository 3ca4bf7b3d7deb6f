import Foundation
import VigilAttribution
import VigilCore
import VigilStore

extension PeriodFigures {
    /// The figures as a JSON object (counts by category, kind, province, operator, source and type).
    public var jsonObject: [String: Any] {
        func keyed<K>(_ d: [K: Int], _ name: (K) -> String) -> [String: Int] {
            var out: [String: Int] = [:]
            for (k, v) in d { out[name(k), default: 0] += v }
            return out
        }
        func category(_ d: [ThreatKind: Int]) -> [String: Int] { keyed(d) { $0.category.rawValue } }
        return [
            "first_day": ReportPeriod.text(period.firstDay), "last_day": ReportPeriod.text(period.lastDay),
            "monitored": monitored, "disposed": disposed, "verified": verified,
            "monitored_by_category": category(monitoredByKind), "monitored_by_kind": keyed(monitoredByKind, \.rawValue),
            "monitored_by_province": keyed(monitoredByProvince) { $0 == 0 ? "unknown" : String($0) }, "monitored_by_operator": keyed(monitoredByOperator, \.rawValue),
            "monitored_by_source": monitoredBySource, "monitored_by_source_type": keyed(monitoredBySourceType) { $0?.rawValue ?? "other" },
            "disposed_by_category": category(disposedByKind), "disposed_by_kind": keyed(disposedByKind, \.rawValue),
            "verified_by_kind": keyed(verifiedByKind, \.rawValue), "disposed_by_province": keyed(disposedByProvince) { $0 == 0 ? "unknown" : String($0) },
            "disposed_by_operator": keyed(disposedByOperator, \.rawValue), "disposed_by_organization": disposedByOrganization,
            "disposed_by_organization_type": keyed(disposedByOrganizationType) { $0?.rawValue ?? "unknown" },
        ]
    }
}

extension SituationReport {
    /// The report's figures as JSON text, for other tools (keys sorted).
    public func json() throws -> String {
        func performance(_ p: DisposalPerformance) -> [String: Any] {
            var o: [String: Any] = ["tickets": p.tickets, "overdue_rate": p.overdueRate, "reopen_rate": p.reopenRate]
            if let m = p.medianSecondsToDispose { o["median_seconds_to_dispose"] = m }
            if let m = p.p90SecondsToDispose { o["p90_seconds_to_dispose"] = m }
            return o
        }
        let object: [String: Any] = [
            "period": period.label, "generated_at": UTCTime.format(generatedAt), "store_total": storeTotal,
            "current": current.jsonObject, "previous": previous.jsonObject, "year_earlier": yearEarlier.jsonObject,
            "performance": performance(self.performance),
            "slowest": slowest.map { ["organization": $0.organization, "performance": performance($0.performance)] as [String: Any] },
            "incident_grades": Dictionary(uniqueKeysWithValues: incidentGrades.map { ($0.key.rawValue, $0.value) }),
            "incidents": incidents.map { ["threat": $0.threat.description, "kind": $0.kind.rawValue, "indicator": $0.indicator, "grade": $0.grade.rawValue] as [String: Any] },
            "campaigns": campaigns.map { c, p in
                ["name": c.name, "found": p.found, "confirmed": p.confirmed, "disposed": p.disposed, "verified": p.verified, "overdue": p.overdue,
                 "fixed_share": p.fixedShare, "target": c.targetFixedShare, "met": c.meetsTarget(p)] as [String: Any]
            },
            "watches": watches.map { ["name": $0.name, "checks": $0.checks, "alerts": $0.alerts] as [String: Any] },
            "rising": fastestRising.map { ["kind": $0.kind.rawValue, "now": $0.now, "before": $0.before] as [String: Any] },
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self) + "\n"
    }
}
